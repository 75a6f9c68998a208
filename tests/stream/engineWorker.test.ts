import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wrap, releaseProxy } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { Worker } from "node:worker_threads";
import { createOutputRing, ringStats } from "../../src/audio/outputRing";
import type { OutputProcessor as OutputProcessorType } from "../../src/audio/outputProcessor";
import type { EngineHost } from "../../src/engine/worker/engineHost";
import { rms } from "../helpers/engine";
import { startTsWorker } from "../audio/threads";
import { sweepPatch } from "./helpers";

const SAMPLE_RATE = 16000; // the spectral fixture's clock
let OutputProcessor: typeof OutputProcessorType;
let worker: Worker;

beforeAll(async () => {
  // A fake AudioWorkletGlobalScope, so the real processor consumes the ring in this thread.
  Object.assign(globalThis, {
    sampleRate: SAMPLE_RATE,
    AudioWorkletProcessor: class {},
    registerProcessor: () => undefined,
  });
  ({ OutputProcessor } = await import("../../src/audio/outputProcessor"));
  worker = startTsWorker(new URL("./engineHost.worker.ts", import.meta.url));
});

afterAll(async () => {
  await worker.terminate();
});

function longestSilence(x: Float32Array): number {
  let run = 0;
  let longest = 0;
  for (const v of x) {
    run = Math.abs(v) < 1e-7 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Pulls render quanta at the pace of real time for `ms`, returning channel 0. */
async function playFor(proc: OutputProcessorType, ms: number): Promise<Float32Array> {
  const out = [[new Float32Array(128), new Float32Array(128)]];
  const played: number[] = [];
  const t0 = performance.now();
  let quanta = 0;
  while (performance.now() - t0 < ms) {
    const due = Math.floor(((performance.now() - t0) / 1000) * (SAMPLE_RATE / 128));
    for (; quanta < due; quanta++) {
      proc.process([], out);
      played.push(...out[0]![0]!);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return Float32Array.from(played);
}

describe("the engine in a worker thread, through comlink", () => {
  it("loads, streams into the ring without underruns, changes a parameter, stops", async () => {
    const engine = wrap<EngineHost>(nodeEndpoint(worker));
    const info = await engine.load(JSON.stringify(sweepPatch(2)));
    expect(info.sampleRate).toBe(SAMPLE_RATE);
    expect(info.latencySamples).toBeGreaterThan(0);

    // Deep buffering: this checks the mechanism on a shared CI machine, not the latency (the
    // Chromium streaming test measures that).
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, channels: 2, seconds: 0.5 });
    const proc = new OutputProcessor({ processorOptions: ring });
    await engine.start(ring, { blockFrames: 4, aheadSeconds: 0.25 });
    expect(ringStats(ring).playing).toBe(true);

    const before = await playFor(proc, 300);
    await engine.setParam("rot", "gamma", 0.5);
    await expect(engine.setParam("rot", "angle", 999)).rejects.toThrow(/angle/);
    const after = await playFor(proc, 300);
    const status = await engine.status();
    expect(status.error).toBeUndefined();
    expect(status.changing).toBe(false);
    // Sound all along (the fixture decoder is quiet): no gap of silence once the ring is primed.
    for (const x of [before.subarray(1024), after]) {
      expect(rms(x)).toBeGreaterThan(0.001);
      expect(longestSilence(x)).toBeLessThan(32);
    }
    expect(ringStats(ring).underruns).toBe(0);
    expect(ringStats(ring).nonFinite).toBe(0);

    await engine.stop();
    expect(ringStats(ring).playing).toBe(false);
    await playFor(proc, 100); // drains the ring, then silence: not an underrun once stopped
    expect(ringStats(ring).underruns).toBe(0);
    await expect(engine.start(createOutputRing({ sampleRate: 48000 }))).rejects.toThrow(
      /48000 Hz.*16000 Hz/,
    );
    await engine.dispose();
    engine[releaseProxy]();
  });
});
