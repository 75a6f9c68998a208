// Loading a patch while one plays: found in Chromium, where the load (model fetch, ONNX session
// creation) shares the worker's thread and ONNX queue with the stream and starved a 30 ms ring.
// The host now fills the ring `loadAheadSeconds` deep before the load starts.
import { describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import { createOutputRing } from "../../src/audio/outputRing";
import { EngineHost } from "../../src/engine/worker/engineHost";
import type { ResourceLoader } from "../../src/engine/resources";
import { PackCache } from "../../src/engine/models/packCache";
import { makePatch } from "../helpers/engine";
import { ringListener, sweepPatch, testEngineOptions, tonePatch } from "./helpers";

const SAMPLE_RATE = 16000;

/** A loader that, once armed, holds every read until released. */
function gatedLoader(inner: ResourceLoader) {
  let gate: Promise<void> | undefined;
  let release = () => {};
  let reached = () => {};
  const hit = new Promise<void>((r) => (reached = r));
  return {
    loader: {
      async read(path: string) {
        if (gate) {
          reached();
          await gate;
        }
        return inner.read(path);
      },
    } satisfies ResourceLoader,
    arm: () => {
      gate = new Promise<void>((r) => (release = r));
    },
    hit,
    release: () => release(),
  };
}

/** A host playing `patch` into a ring; `play(s)` reads s seconds out of it into `heard`. */
async function playing(patch: ReturnType<typeof tonePatch>) {
  const host = new EngineHost(testEngineOptions());
  await host.load(JSON.stringify(patch));
  const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
  const { heard, play } = ringListener(ring);
  await host.start(ring, { blockFrames: 1, aheadSeconds: 0.05 });
  return { host, play, heard };
}

/** The largest step between consecutive samples of `x[from, to)`. */
function largestStep(x: readonly number[], from: number, to: number): number {
  let step = 0;
  for (let i = from + 1; i < to; i++) step = Math.max(step, Math.abs(x[i]! - x[i - 1]!));
  return step;
}

/** The longest run of samples below 1e-4 in `x[from, to)`. */
function longestNearSilence(x: readonly number[], from: number, to: number): number {
  let run = 0;
  let longest = 0;
  for (let i = from; i < to; i++) {
    run = Math.abs(x[i]!) < 1e-4 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

describe("EngineHost loading while playing", () => {
  it("fills the ring to loadAheadSeconds before the new patch's files are read", async () => {
    const base = testEngineOptions();
    const gated = gatedLoader(base.appLoader);
    const packCache = new PackCache();
    const host = new EngineHost({ ...base, appLoader: gated.loader, packCache });
    await host.load(JSON.stringify(sweepPatch(4)));
    // No consumer: the ring only ever holds what the host chose to queue.
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    await host.start(ring, { blockFrames: 1, aheadSeconds: 0.02, loadAheadSeconds: 0.2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(host.status().bufferedFrames).toBeLessThan(0.2 * SAMPLE_RATE);

    // A replaced pack (dropped again): the next patch opens it afresh, reading its files.
    await packCache.invalidate("tests/fixtures/models/spectral-fixture");
    gated.arm();
    const loading = host.load(JSON.stringify(sweepPatch(3)));
    await gated.hit;
    expect(host.status().bufferedFrames).toBeGreaterThanOrEqual(0.2 * SAMPLE_RATE);
    gated.release();
    const info = await loading;
    expect(info.sampleRate).toBe(SAMPLE_RATE);
    expect(host.status().error).toBeUndefined();
    await host.dispose();
  });

  it("treats an option passed as undefined as its default", async () => {
    const host = new EngineHost(testEngineOptions());
    await host.load(JSON.stringify(sweepPatch(1)));
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE });
    await host.start(ring, { blockFrames: undefined, aheadSeconds: undefined });
    expect(host.status().bufferedFrames).toBeGreaterThanOrEqual(0.05 * SAMPLE_RATE);
    await host.dispose();
  });

  it("continues an edited patch where the playing one is, instead of starting over", async () => {
    const host = new EngineHost(testEngineOptions());
    await host.load(JSON.stringify(sweepPatch(4)));
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    const consumer = new RingBuffer(ring.audio, Float32Array);
    const chunk = new Float32Array(ring.channels * 320);
    /** Plays `seconds` out of the ring, as the output worklet would. */
    const play = async (seconds: number) => {
      for (let got = 0; got < seconds * SAMPLE_RATE;) {
        got += consumer.pop(chunk) / ring.channels;
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    await host.start(ring, { blockFrames: 1, aheadSeconds: 0.05 });
    await play(1);
    const before = host.status().framePosition;
    const edited = sweepPatch(4);
    const rot = edited.nodes.find((n) => n.id === "rot")!;
    (rot.params as Record<string, unknown>).angle = 60;
    await host.load(JSON.stringify(edited));
    await play(0.3);
    const after = host.status().framePosition;
    expect(before).toBeGreaterThan(100); // ~1 s at 125 frames/s, plus the queue
    // started over, it would be ~0.3 s (≈ 40 frames) in; continued, it is past `before`
    expect(after).toBeGreaterThan(before);
    expect(host.status().error).toBeUndefined();
    await host.dispose();
  });

  it("keeps the old patch sounding while a new one that starts over warms up: no gap", async () => {
    const { host, play, heard } = await playing(tonePatch(4, 30));
    await play(1.5);
    const switchAt = heard.length;
    // 1 s of material, 1.5 s into the 4 s one: it cannot continue there, so it starts over, and
    // its chain gives silence for its latency before the first sound.
    const info = await host.load(JSON.stringify(tonePatch(1, 30)));
    expect(info.latencySamples).toBeGreaterThan(64);
    await play(0.6);
    // The tone crosses zero in a sample or two; the latency would be a run of ~100 or more.
    expect(longestNearSilence(heard, 2000, switchAt)).toBeLessThan(8);
    expect(longestNearSilence(heard, switchAt, heard.length)).toBeLessThan(8);
    expect(host.status().error).toBeUndefined();
    await host.dispose();
  });

  it("loads a patch while the one before it still fades in, without a gap or an error", async () => {
    const { host, play, heard } = await playing(tonePatch(4, 30));
    await play(1);
    const switchAt = heard.length;
    // Quick edits (Ctrl-Enter pressed again and again): each lands while the one before it
    // warms up or fades in, after the pump has aligned it.
    await host.load(JSON.stringify(tonePatch(4, 32)));
    for (const angle of [34, 36, 38, 40]) {
      await play(0.01);
      await host.load(JSON.stringify(tonePatch(4, angle)));
    }
    await play(0.5);
    expect(longestNearSilence(heard, 2000, switchAt)).toBeLessThan(8);
    expect(longestNearSilence(heard, switchAt, heard.length)).toBeLessThan(8);
    // No click: a cold start of each edit burst to 15× the tone's steps (the pre-roll fixed it).
    expect(largestStep(heard, switchAt, heard.length)).toBeLessThan(
      3 * largestStep(heard, 2000, switchAt),
    );
    expect(host.status().error).toBeUndefined();
    expect(host.status().framePosition).toBeGreaterThan(125); // went on from 1 s, not from 0
    await host.dispose();
  });

  it("drops the patch still fading out when playback stops: the next play is the new one alone", async () => {
    const sine = (amplitude: number) =>
      JSON.stringify(
        makePatch(
          [
            ["src", "AudioIn", { source: "sine", frequency: 440, seconds: 4, amplitude }],
            ["out", "AudioOut"],
          ],
          [["src.audio", "out.audio"]],
          { model: "spectral-fixture" },
        ),
      );
    // A 2 s crossfade, so that Stop comes in the middle of it.
    const host = new EngineHost(testEngineOptions(), { crossfadeMs: 2000 });
    await host.load(sine(0.5));
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    await host.start(ring, { blockFrames: 1, aheadSeconds: 0.05 });
    await host.load(sine(0.001));
    await host.stop();
    const again = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    const consumer = new RingBuffer(again.audio, Float32Array);
    await host.start(again, { blockFrames: 1, aheadSeconds: 0.05 });
    const chunk = new Float32Array(again.channels * 800);
    const n = consumer.pop(chunk) / again.channels;
    await host.dispose();
    expect(n).toBeGreaterThan(400);
    let peak = 0;
    for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(chunk[i * again.channels]!));
    expect(peak).toBeGreaterThan(0.0005); // the new patch plays
    expect(peak).toBeLessThan(0.002); // and the old one (0.5) is gone
  });

  it("reuses the playing patch's model sessions for a reloaded patch (Ctrl-Enter)", async () => {
    const base = testEngineOptions();
    let opened = 0;
    const appLoader: ResourceLoader = {
      read(path) {
        if (path.endsWith("/model.json")) opened++;
        return base.appLoader.read(path);
      },
    };
    const host = new EngineHost({ ...base, appLoader });
    await host.load(JSON.stringify(sweepPatch(4)));
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    await host.start(ring, { blockFrames: 1, aheadSeconds: 0.02 });
    expect(opened).toBe(1);
    await host.load(JSON.stringify(sweepPatch(3)));
    await host.load(JSON.stringify(sweepPatch(2)));
    expect(opened).toBe(1);
    expect(host.status().error).toBeUndefined();
    await host.dispose();
  });
});
