import { beforeAll, describe, expect, it } from "vitest";
import { createOutputRing, OutputRingWriter, ringStats } from "../../src/audio/outputRing";
import { CEILING } from "../../src/audio/safetyStage";
import type { OutputProcessor as OutputProcessorType } from "../../src/audio/outputProcessor";

const SAMPLE_RATE = 16000;
const registered = new Map<string, unknown>();
let OutputProcessor: typeof OutputProcessorType;

// A fake AudioWorkletGlobalScope: the globals the processor module reads when it is evaluated.
beforeAll(async () => {
  Object.assign(globalThis, {
    sampleRate: SAMPLE_RATE,
    AudioWorkletProcessor: class {
      readonly port = {};
    },
    registerProcessor: (name: string, ctor: unknown) => registered.set(name, ctor),
  });
  ({ OutputProcessor } = await import("../../src/audio/outputProcessor"));
});

function setup(quantum = 128) {
  const ring = createOutputRing({ sampleRate: SAMPLE_RATE, channels: 2 });
  const proc = new OutputProcessor({ processorOptions: ring });
  const writer = new OutputRingWriter(ring);
  const outputs = [[new Float32Array(quantum), new Float32Array(quantum)]];
  const run = () => proc.process([], outputs);
  return { ring, proc, writer, outputs, run, left: outputs[0]![0]!, right: outputs[0]![1]! };
}

const sine = (n: number, amp: number, hz: number, from = 0) =>
  Float32Array.from(
    { length: n },
    (_, i) => amp * Math.sin((2 * Math.PI * hz * (from + i)) / SAMPLE_RATE),
  );

describe("OutputProcessor", () => {
  it("registers under its name", () => {
    expect(registered.get("latent-patcher-output")).toBe(OutputProcessor);
  });

  it("plays the ring in order, nearly unchanged below the ceiling", () => {
    const { writer, run, left, right } = setup();
    const x = sine(128 * 30, 0.5, 1000);
    expect(writer.write([x, x.map((v) => -v)])).toBe(x.length);
    for (let b = 0; b < 30; b++) {
      run();
      if (b < 10) continue; // the DC blocker settles
      for (let i = 0; i < 128; i++) {
        expect(Math.abs(left[i]! - x[b * 128 + i]!)).toBeLessThan(0.01);
        expect(Math.abs(right[i]! + x[b * 128 + i]!)).toBeLessThan(0.01);
      }
    }
  });

  it("turns NaN and ±Inf into silence, counts them, and keeps going", () => {
    const { ring, writer, run, left } = setup();
    const x = new Float32Array(256).fill(0.25);
    x[3] = NaN;
    x[4] = Infinity;
    x[5] = -Infinity;
    writer.write([x]);
    run();
    expect(left.every(Number.isFinite)).toBe(true);
    expect(Math.abs(left[4]!)).toBeLessThan(0.3);
    run();
    expect(left.every(Number.isFinite)).toBe(true);
    expect(ringStats(ring).nonFinite).toBe(6); // three per channel
  });

  it("holds every sample within −1 dBFS, and removes DC", () => {
    const { writer, run, left } = setup();
    const loud = sine(128 * 20, 4, 300);
    writer.write([loud]);
    let peak = 0;
    for (let b = 0; b < 20; b++) {
      run();
      for (const v of left) peak = Math.max(peak, Math.abs(v));
    }
    expect(peak).toBeLessThanOrEqual(CEILING);
    expect(peak).toBeGreaterThan(CEILING - 1e-6);
    const dc = new Float32Array(SAMPLE_RATE).fill(0.5);
    writer.write([dc.subarray(0, 3000)]);
    for (let b = 0; b < 23; b++) run();
    expect(Math.max(...left.map(Math.abs))).toBeLessThan(0.01);
  });

  it("answers an empty ring with silence, counted as an underrun only while playing", () => {
    const { ring, writer, run, left } = setup();
    run();
    expect(left.every((v) => v === 0)).toBe(true);
    expect(ringStats(ring).underruns).toBe(0); // not playing yet
    writer.setPlaying(true);
    writer.write([sine(128 + 50, 0.5, 1000)]);
    run();
    run(); // 50 frames, then 78 missing
    expect(Math.max(...left.subarray(0, 50).map(Math.abs))).toBeGreaterThan(0.4);
    // Silence, not the last samples again: only the DC blocker's small tail remains.
    expect(Math.max(...left.subarray(50).map(Math.abs))).toBeLessThan(0.01);
    run();
    expect(Math.max(...left.map(Math.abs))).toBeLessThan(0.01);
    expect(ringStats(ring)).toMatchObject({ underruns: 2, missingFrames: 78 + 128 });
    writer.setPlaying(false);
    run();
    expect(ringStats(ring).underruns).toBe(2);
    expect(ringStats(ring).framesPlayed).toBe(5 * 128);
  });

  it("reads a render quantum longer than its chunk", () => {
    const { writer, run, left } = setup(300);
    writer.write([sine(300, 0.5, 500)]);
    run();
    expect(Math.max(...left.subarray(250).map(Math.abs))).toBeGreaterThan(0.3);
  });

  it("allocates nothing in process(): no typed arrays or buffers made, scratch reused", () => {
    const { writer, run, proc, outputs } = setup();
    writer.setPlaying(true);
    writer.write([sine(128 * 50, 0.5, 440)]);
    run(); // warm up
    const scratch = (proc as unknown as { interleaved: Float32Array }).interleaved;
    const saved = { Float32Array, Float64Array, Int32Array, ArrayBuffer, SharedArrayBuffer };
    let made = 0;
    const counting = <T extends object>(ctor: T): T =>
      new Proxy(ctor as unknown as new (...a: unknown[]) => object, {
        construct(target, args: unknown[]) {
          made++;
          return new target(...args);
        },
      }) as unknown as T;
    Object.assign(
      globalThis,
      Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, counting(v)])),
    );
    try {
      for (let b = 0; b < 60; b++) run(); // includes underrun blocks
    } finally {
      Object.assign(globalThis, saved);
    }
    expect(made).toBe(0);
    expect((proc as unknown as { interleaved: Float32Array }).interleaved).toBe(scratch);
    expect(outputs[0]!.length).toBe(2);
  });

  it("refuses a ring made for another sample rate", () => {
    const ring = createOutputRing({ sampleRate: 48000 });
    expect(() => new OutputProcessor({ processorOptions: ring })).toThrow(/48000 Hz.*16000 Hz/);
  });
});
