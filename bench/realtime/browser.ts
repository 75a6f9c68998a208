/**
 * The browser part of `npm run bench:realtime`, in headless Chromium driven like the e2e tests
 * (tests/e2e/harness.ts): the time from pressing ▶ Play to the first non-silent sample at the
 * live output node, and an underrun soak of the live-input demo tapped by the e2e tap recorder.
 */
import type { Page } from "playwright-core";
import { ready, startApp, type App } from "../../tests/e2e/harness";
import { fakeMicrophoneArgs, openLivePatch } from "../../tests/e2e/liveInputFixture";
import { recordedFrames, startTap } from "../../tests/e2e/liveTap";
import { load, median } from "./stats";

/** A sample above this magnitude (−60 dBFS) counts as sound. */
export const SOUND_THRESHOLD = 1e-3;
/** As in tests/e2e/streaming.test.ts: silence below 1e-4, a gap is such a run longer than 2 ms. */
export const SILENCE = 1e-4;
export const FLAT = 1e-5;
export const GAP_MS = 2;

export interface PlayToSound {
  readonly demo: string;
  /** The first press after the page loaded: worker, WASM runtime and models start too. */
  readonly coldMs: number;
  /** Presses after a stop (the worker and runtime are warm; the patch and models load again). */
  readonly warmMs: number[];
  readonly warmMedianMs: number;
  /** Frames the output had played when the analyser was connected (0 = nothing missed). */
  readonly framesBeforeWatch: number[];
}

export interface Soak {
  readonly seconds: number;
  readonly patch: string;
  readonly backend: string | null;
  readonly underruns: number;
  readonly missingFrames: number;
  /** Underruns counted by the end of each 30 s of the recording (cumulative). */
  readonly underrunsTimeline: number[];
  /** Underruns between pressing ▶ Play and the start of the recording (start-up). */
  readonly underrunsBeforeTap: number;
  /** Whether `navigator.gpu.requestAdapter()` gave an adapter in this Chromium. */
  readonly webgpuAdapter: boolean;
  /** Runs of silence (|x| < 1e-4) longer than 2 ms, and the longest, in ms. */
  readonly silentGaps: number;
  readonly longestSilenceMs: number;
  /** Runs of held output (steps < 1e-5) longer than 2 ms, and the longest, in ms. */
  readonly flatGaps: number;
  readonly longestFlatMs: number;
  readonly rms: number;
  readonly peak: number;
  readonly skippedFromStartSeconds: number;
  readonly input: unknown;
  readonly workerError: string | undefined;
  /** Load averages (1, 5, 15 min) when the soak started and ended. */
  readonly load: { start: [number, number, number]; end: [number, number, number] };
}

const PLAY = "▶ Play";

/**
 * Opens a page with esbuild's `__name` helper defined: tsx (keepNames) compiles the functions
 * handed to `page.evaluate` — ours and tests/e2e/liveTap.ts's — with calls to it.
 */
async function newPage(app: App): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.addInitScript({ content: "globalThis.__name = (f) => f;" });
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(app.url);
  await ready(page);
  return page;
}

/** Watches the live output for its first sound from the moment ▶ Play is clicked. */
async function armWatch(page: Page, threshold: number): Promise<void> {
  await page.evaluate((threshold) => {
    type Watch = { t0?: number; onset?: number; framesBefore?: number; timer?: number };
    const w = window as unknown as { __benchWatch?: Watch };
    const watch: Watch = {};
    w.__benchWatch = watch;
    const onClick = (e: Event) => {
      const b = (e.target as Element | null)?.closest("button");
      if (b?.textContent?.includes("▶ Play") && watch.t0 === undefined) {
        watch.t0 = performance.now();
        document.removeEventListener("click", onClick, true);
      }
    };
    document.addEventListener("click", onClick, true);
    let analyser: AnalyserNode | undefined;
    let buf = new Float32Array(0);
    watch.timer = window.setInterval(() => {
      const hook = window.__latentPatcher!;
      const out = hook.liveOutput();
      if (!out) return;
      if (!analyser) {
        analyser = out.context.createAnalyser();
        analyser.fftSize = 32768; // 0.74 s at 44.1 kHz: late timer ticks miss nothing
        buf = new Float32Array(analyser.fftSize);
        out.node.connect(analyser);
        watch.framesBefore = hook.liveStats()?.output?.framesPlayed ?? -1;
        return;
      }
      analyser.getFloatTimeDomainData(buf);
      const i = buf.findIndex((v) => Math.abs(v) > threshold);
      if (i < 0) return;
      // The analyser's newest sample was rendered about now.
      const rate = out.context.sampleRate;
      watch.onset = performance.now() - (1000 * (buf.length - i)) / rate;
      window.clearInterval(watch.timer);
      out.node.disconnect(analyser);
    }, 2);
  }, threshold);
}

async function onsetMs(page: Page): Promise<{ ms: number; framesBefore: number }> {
  await page.waitForFunction(
    () =>
      (window as unknown as { __benchWatch?: { onset?: number } }).__benchWatch?.onset !==
      undefined,
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  return page.evaluate(() => {
    const w = (window as unknown as { __benchWatch: Record<string, number> }).__benchWatch;
    return { ms: w.onset! - w.t0!, framesBefore: w.framesBefore ?? -1 };
  });
}

export async function openDemo(page: Page, name: string): Promise<void> {
  await page.locator('select[aria-label="demo patches"]').selectOption(name);
  await page.waitForFunction(
    (name) => document.querySelector(".lp-status")?.textContent?.includes(name) === true,
    name,
    { timeout: 30_000 },
  );
}

/** Presses ▶ Play `1 + warm` times on each demo in a fresh page and times the first sound. */
export async function measurePlayToSound(
  demos: readonly string[],
  warm: number,
): Promise<PlayToSound[]> {
  const app = await startApp();
  const results: PlayToSound[] = [];
  try {
    for (const demo of demos) {
      const page = await newPage(app);
      await openDemo(page, demo);
      const times: number[] = [];
      const before: number[] = [];
      for (let i = 0; i <= warm; i++) {
        await armWatch(page, SOUND_THRESHOLD);
        await page.getByRole("button", { name: PLAY }).click();
        const { ms, framesBefore } = await onsetMs(page);
        times.push(ms);
        before.push(framesBefore);
        await page.getByRole("button", { name: "■ Stop" }).click();
        await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
        await page.waitForTimeout(500);
      }
      const [coldMs = NaN, ...warmMs] = times;
      results.push({
        demo,
        coldMs,
        warmMs,
        warmMedianMs: median(warmMs),
        framesBeforeWatch: before,
      });
      console.log(
        `play → sound, ${demo}: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.map((t) => t.toFixed(0)).join(", ")} ms`,
      );
      await page.close();
    }
  } finally {
    await app.close();
  }
  return results;
}

/** Gap statistics of the tap's recording from `from` on, computed in the page (no copy). */
function analyseTap(page: Page, from: number) {
  return page.evaluate(
    ({ from, silence, flat, gapMs }) => {
      const t = (
        window as unknown as {
          __tap: { samples: SharedArrayBuffer; count: SharedArrayBuffer; context: AudioContext };
        }
      ).__tap;
      const n = Atomics.load(new Int32Array(t.count), 0);
      const x = new Float32Array(t.samples, 0, n);
      const gap = Math.round((gapMs / 1000) * t.context.sampleRate);
      let silentRun = 0;
      let flatRun = 0;
      let silentGaps = 0;
      let flatGaps = 0;
      let longestSilence = 0;
      let longestFlat = 0;
      let sum = 0;
      let peak = 0;
      for (let i = Math.max(1, from); i < n; i++) {
        const v = x[i]!;
        sum += v * v;
        peak = Math.max(peak, Math.abs(v));
        silentRun = Math.abs(v) < silence ? silentRun + 1 : 0;
        flatRun = Math.abs(v - x[i - 1]!) < flat ? flatRun + 1 : 0;
        if (silentRun === gap + 1) silentGaps++;
        if (flatRun === gap + 1) flatGaps++;
        longestSilence = Math.max(longestSilence, silentRun);
        longestFlat = Math.max(longestFlat, flatRun);
      }
      const rate = t.context.sampleRate;
      return {
        frames: n,
        silentGaps,
        flatGaps,
        longestSilenceMs: (1000 * longestSilence) / rate,
        longestFlatMs: (1000 * longestFlat) / rate,
        rms: Math.sqrt(sum / Math.max(1, n - from)),
        peak,
      };
    },
    { from, silence: SILENCE, flat: FLAT, gapMs: GAP_MS },
  );
}

const stats = (page: Page) => page.evaluate(() => window.__latentPatcher!.liveStats());

/**
 * Plays the live-input demo (a fake microphone looping a chord, AudioIn live → Encode → Decode
 * → AudioOut, as `npm run bench:live`) for `seconds` with the app's default settings, tapping the
 * output node the whole time.
 */
export async function soak(seconds: number): Promise<Soak> {
  const app = await startApp({ args: fakeMicrophoneArgs() });
  try {
    const page = await newPage(app);
    await openLivePatch(page);
    await page.getByRole("button", { name: PLAY }).click();
    await page.waitForFunction(
      () => window.__latentPatcher?.liveOutput() !== undefined,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const backend = await page.locator(".lp-live-backend").getAttribute("title");
    const webgpuAdapter = await page.evaluate(async () => {
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter().catch(() => null)) !== null : false;
    });
    const start = await stats(page);
    const loadStart = load();
    await startTap(page, seconds);
    const atTap = await stats(page);
    const rate = await page.evaluate(
      () => window.__latentPatcher!.liveOutput()!.context.sampleRate,
    );
    const timeline: number[] = [];
    const t0 = Date.now();
    for (;;) {
      const got = await recordedFrames(page);
      if (got >= Math.floor(seconds * rate) - 128) break;
      if (Date.now() - t0 > (seconds + 120) * 1000)
        throw new Error(
          `the soak recorded ${got} frames in ${seconds + 120} s: is playback running?`,
        );
      if (Math.floor(got / rate / 30) > timeline.length) {
        const s = await stats(page);
        timeline.push((s?.output?.underruns ?? 0) - (start?.output?.underruns ?? 0));
        console.log(`soak: ${30 * timeline.length} s, underruns ${timeline.at(-1)}`);
      }
      await page.waitForTimeout(1000);
    }
    const end = await stats(page);
    // The first half second holds the live path's queue of silence, not a gap.
    const skip = 0.5;
    const tap = await analyseTap(page, Math.round(skip * rate));
    await page.getByRole("button", { name: "■ Stop" }).click();
    return {
      seconds,
      patch:
        "live input (fake microphone, a looping chord): AudioIn live → Encode → Decode → AudioOut",
      backend,
      underruns: (end?.output?.underruns ?? 0) - (start?.output?.underruns ?? 0),
      missingFrames: (end?.output?.missingFrames ?? 0) - (start?.output?.missingFrames ?? 0),
      underrunsTimeline: timeline,
      underrunsBeforeTap: (atTap?.output?.underruns ?? 0) - (start?.output?.underruns ?? 0),
      webgpuAdapter,
      silentGaps: tap.silentGaps,
      longestSilenceMs: tap.longestSilenceMs,
      flatGaps: tap.flatGaps,
      longestFlatMs: tap.longestFlatMs,
      rms: tap.rms,
      peak: tap.peak,
      skippedFromStartSeconds: skip,
      input: end?.worker?.input,
      workerError: end?.worker?.error,
      load: { start: loadStart, end: load() },
    };
  } finally {
    await app.close();
  }
}
