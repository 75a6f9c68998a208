/**
 * The streaming test's tap: a recorder worklet (`tapRecorder.ts`) connected after the live output
 * node, recording into shared memory, plus a mark of the recording's frame at the moment the user
 * commits an edit (Enter in a field, or a change of a select).
 */
import type { Page } from "playwright-core";

export interface Take {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Recorded frames when the edit was committed (-1: none). */
  readonly markFrame: number;
  /** The output's underrun counter when the recording was complete. */
  readonly underruns: number;
}

interface TapState {
  context: AudioContext;
  node: AudioWorkletNode;
  samples: SharedArrayBuffer;
  count: SharedArrayBuffer;
  mark: number;
}

/** Starts a recording of `seconds` from the live output (playback must be running). */
export async function startTap(page: Page, seconds: number): Promise<void> {
  await page.evaluate(async (seconds) => {
    const w = window as unknown as { __tap?: TapState };
    const out = window.__latentPatcher!.liveOutput()!;
    const ctx = out.context;
    if (w.__tap?.context !== ctx) {
      await ctx.audioWorklet.addModule("/tests/e2e/tapRecorder.ts");
      const samples = new SharedArrayBuffer(Math.ceil(Math.max(seconds, 4) * ctx.sampleRate) * 4);
      const count = new SharedArrayBuffer(4);
      const node = new AudioWorkletNode(ctx, "tap-recorder", {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        processorOptions: { samples, count },
      });
      node.connect(ctx.destination);
      w.__tap = { context: ctx, node, samples, count, mark: -1 };
      const mark = (e: Event) => {
        const t = w.__tap!;
        if (e instanceof KeyboardEvent && e.key !== "Enter") return;
        if (t.mark < 0) t.mark = Atomics.load(new Int32Array(t.count), 0);
      };
      document.addEventListener("keydown", mark, { capture: true });
      document.addEventListener("change", mark, { capture: true });
    }
    const t = w.__tap;
    out.node.connect(t.node);
    t.mark = -1;
    Atomics.store(new Int32Array(t.count), 0, 0);
  }, seconds);
}

/** Frames recorded so far. */
export const recordedFrames = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const t = (window as unknown as { __tap: TapState }).__tap;
    return Atomics.load(new Int32Array(t.count), 0);
  });

/** Waits until `seconds` are recorded and returns the recording. */
export async function takeRecording(page: Page, seconds: number): Promise<Take> {
  await page.waitForFunction(
    (s) => {
      const t = (window as unknown as { __tap: TapState }).__tap;
      return Atomics.load(new Int32Array(t.count), 0) >= Math.floor(s * t.context.sampleRate) - 128;
    },
    seconds,
    { timeout: 15_000 },
  );
  const take = await page.evaluate(() => {
    const underruns = window.__latentPatcher!.liveStats()?.output?.underruns ?? -1;
    const t = (window as unknown as { __tap: TapState }).__tap;
    const n = Atomics.load(new Int32Array(t.count), 0);
    return {
      samples: Array.from(new Float32Array(t.samples, 0, n)),
      sampleRate: t.context.sampleRate,
      markFrame: t.mark,
      underruns,
    };
  });
  return { ...take, samples: Float32Array.from(take.samples) };
}
