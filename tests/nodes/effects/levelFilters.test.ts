/** Gain, AudioMix, Lowpass and Highpass against their definitions. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../../src/engine/blocks";
import type { Inputs, NodeDefinition, Params } from "../../../src/engine/nodeDefinition";
import { curve } from "../../../src/engine/values";
import { AudioMixNode } from "../../../src/nodes/AudioMix";
import { GainNode } from "../../../src/nodes/Gain";
import { HighpassNode } from "../../../src/nodes/Highpass";
import { LowpassNode } from "../../../src/nodes/Lowpass";
import { CLOCK, fakeEnv } from "../fakeModel";
import { first, HOP, music, signal, sineAudio, SR } from "./signals";

const FRAMES = 200;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any effect's params
async function run(def: NodeDefinition<any>, params: Params, inputs: Inputs, blocks = 7) {
  return runBlocks(def, params, fakeEnv(), inputs, blocks, FRAMES);
}

const rmsFrom = (x: Float32Array, from: number) => {
  let s = 0;
  for (let i = from; i < x.length; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (x.length - from));
};
const dB = (g: number) => 20 * Math.log10(g);

describe("Gain", () => {
  it("scales by the gain in dB", async () => {
    const x = music(FRAMES);
    for (const gain of [-6, 0, 12]) {
      const y = first((await run(GainNode, { gain }, { in: x })).out);
      const want = 10 ** (gain / 20);
      y.forEach((v, i) => expect(v).toBeCloseTo(x.channels[0]![i]! * want, 5));
    }
  });

  it("glides a modulated gain across each frame: no step larger than the frame's change", async () => {
    const ones = signal(FRAMES, () => 1);
    const steps = curve(
      Float32Array.from({ length: FRAMES }, (_, f) => (f % 20 < 10 ? -20 : 0)),
      CLOCK.frameRate,
    );
    const y = first((await run(GainNode, {}, { in: ones, gain: steps })).out);
    // A jump of 0.9 spread over one frame of 160 samples: steps of 0.9/160 at most.
    let largest = 0;
    for (let i = 1; i < y.length; i++) largest = Math.max(largest, Math.abs(y[i]! - y[i - 1]!));
    expect(largest).toBeLessThanOrEqual(0.9 / HOP + 1e-6);
    expect(y[5 * HOP]).toBeCloseTo(0.1, 5);
    expect(y[15 * HOP]).toBeCloseTo(1, 5);
  });
});

describe("an effect given something else than audio", () => {
  it("says what its input was and what it expected", async () => {
    await expect(run(GainNode, {}, { in: curve(new Float32Array(FRAMES), 100) })).rejects.toThrow(
      "Gain in: expected audio, got curve",
    );
    await expect(run(LowpassNode, {}, {})).rejects.toThrow(
      "Lowpass in: nothing is connected; expected audio",
    );
  });
});

describe("AudioMix", () => {
  it("sums its inputs by weight, a mono input heard in both channels of a stereo one", async () => {
    const a = music(FRAMES, 2, 1);
    const b = music(FRAMES, 1, 2);
    const out = (await run(AudioMixNode, { w1: 0.5, w2: -2 }, { in1: a, in2: b })).out;
    if (out?.type !== "audio") throw new Error("no audio");
    expect(out.channels).toHaveLength(2);
    for (const c of [0, 1]) {
      out.channels[c]!.forEach((v, i) =>
        expect(v).toBeCloseTo(0.5 * a.channels[c]![i]! - 2 * b.channels[0]![i]!, 5),
      );
    }
  });

  it("hears NaN as silence and refuses a patch with nothing connected, saying so", async () => {
    const bad = signal(FRAMES, (i) => (i % 3 === 0 ? NaN : 0.5));
    const y = first((await run(AudioMixNode, {}, { in2: bad })).out);
    expect(y.every((v, i) => v === (i % 3 === 0 ? 0 : 0.5))).toBe(true);
    await expect(run(AudioMixNode, {}, {})).rejects.toThrow(
      "AudioMix: no inputs are connected; connect at least one of in1..in4",
    );
  });
});

describe("Lowpass and Highpass", () => {
  const gainOn = async (def: NodeDefinition<Params>, cutoff: number, freq: number) => {
    const x = sineAudio(FRAMES, freq, 0.5);
    const y = first((await run(def, { cutoff, q: Math.SQRT1_2 }, { in: x })).out);
    return dB(rmsFrom(y, SR / 2) / rmsFrom(x.channels[0]!, SR / 2));
  };

  it("is −3 dB at its cutoff at Q 0.707, flat in its passband", async () => {
    expect(await gainOn(LowpassNode, 1000, 1000)).toBeCloseTo(-3.01, 1);
    expect(await gainOn(HighpassNode, 1000, 1000)).toBeCloseTo(-3.01, 1);
    expect(Math.abs(await gainOn(LowpassNode, 2000, 100))).toBeLessThan(0.05);
    expect(Math.abs(await gainOn(HighpassNode, 200, 4000))).toBeLessThan(0.1);
  });

  it("attenuates its stopband: at least 35 dB three octaves past the cutoff", async () => {
    expect(await gainOn(LowpassNode, 500, 4000)).toBeLessThan(-35);
    expect(await gainOn(HighpassNode, 4000, 500)).toBeLessThan(-35);
  });

  it("follows a cutoff swept by a curve (bright early, dark late)", async () => {
    const x = sineAudio(FRAMES, 3000, 0.5);
    const sweep = curve(
      Float32Array.from({ length: FRAMES }, (_, f) => (f < FRAMES / 2 ? 8000 : 300)),
      CLOCK.frameRate,
    );
    const y = first((await run(LowpassNode, {}, { in: x, cutoff: sweep })).out);
    const half = y.length / 2;
    expect(rmsFrom(y.subarray(0, half), half / 2)).toBeGreaterThan(0.3);
    expect(rmsFrom(y, half + SR / 10)).toBeLessThan(0.01);
  });
});
