import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import type { Params } from "../../src/engine/nodeDefinition";
import type { AudioValue } from "../../src/engine/values";
import { AudioOutNode } from "../../src/nodes/AudioOut";
import { CLOCK, fakeEnv } from "./fakeModel";

const FRAMES = 200;
const signal = (f: (i: number) => number): AudioValue => ({
  type: "audio",
  sampleRate: CLOCK.sampleRate,
  channels: [Float32Array.from({ length: FRAMES * CLOCK.hopSamples }, (_, i) => f(i))],
});
const run = async (params: Params, x: AudioValue, blocks: number | number[] = 7) =>
  (
    (await runBlocks(AudioOutNode, params, fakeEnv(), { audio: x }, blocks, FRAMES))
      .out as AudioValue
  ).channels[0]!;

describe("AudioOut", () => {
  it("passes quiet audio unchanged", async () => {
    const x = signal((i) => 0.5 * Math.sin(i / 10));
    const y = await run({}, x);
    expect(Math.max(...y.map((v, i) => Math.abs(v - x.channels[0]![i]!)))).toBeLessThan(1e-6);
  });

  it("never exceeds −1 dBFS with the limiter, recovers after a burst, and keeps the sine's shape", async () => {
    const burst = (i: number) => (i > 8000 && i < 12000 ? 8 : 0.4) * Math.sin(i / 10);
    const y = await run({}, signal(burst));
    const ceiling = 10 ** (-1 / 20);
    expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(ceiling + 1e-6);
    // Loud part: a sine reduced in level, not a square wave: a least-squares scaled sine explains
    // it to within 2 % (a hard clip at this level would leave far more).
    const loud = y.subarray(9000, 11000);
    const ref = Float32Array.from(loud, (_, k) => Math.sin((9000 + k) / 10));
    const scale = loud.reduce((a, v, k) => a + v * ref[k]!, 0) / ref.reduce((a, v) => a + v * v, 0);
    const residual = Math.sqrt(
      loud.reduce((a, v, k) => a + (v - scale * ref[k]!) ** 2, 0) / loud.length,
    );
    expect(residual / (Math.abs(scale) / Math.SQRT2)).toBeLessThan(0.02);
    // Long after the burst the gain is back to 1.
    const late = y.subarray(30000, 31000);
    expect(Math.max(...late.map(Math.abs))).toBeGreaterThan(0.39);
  });

  it("silences NaN and Inf, and hard-clips at full scale with the limiter off", async () => {
    const x = signal((i) => (i % 100 === 0 ? NaN : i % 101 === 0 ? Infinity : 3 * Math.sin(i)));
    for (const limiter of [true, false]) {
      const y = await run({ limiter }, x);
      expect(y.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      expect(y[0]).toBe(0);
    }
  });

  it("gives the same output whatever the block size", async () => {
    const x = signal((i) => (i > 5000 && i < 9000 ? 5 : 0.3) * Math.sin(i / 7));
    const whole = await run({}, x, FRAMES);
    for (const blocks of [1, 7, 64]) expect(await run({}, x, blocks)).toEqual(whole);
  });
});
