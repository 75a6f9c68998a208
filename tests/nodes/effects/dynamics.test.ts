/** Compressor and Distortion against their definitions. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../../src/engine/blocks";
import type { Inputs, NodeDefinition, Params } from "../../../src/engine/nodeDefinition";
import { compressorCurve } from "../../../src/dsp/effects/envelope";
import { CompressorNode } from "../../../src/nodes/Compressor";
import { DistortionNode } from "../../../src/nodes/Distortion";
import { fakeEnv } from "../fakeModel";
import { peakFrequency } from "../../dsp/effects/analysis";
import { first, HOP, signal, sineAudio, SR } from "./signals";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any effect's params
async function run(def: NodeDefinition<any>, params: Params, inputs: Inputs, frames: number) {
  return first((await runBlocks(def, params, fakeEnv(), inputs, 13, frames)).out);
}

const dB = (a: number) => 20 * Math.log10(Math.abs(a));
const hard = { threshold: -30, ratio: 4, knee: 0, attack: 5, release: 50 };

describe("Compressor", () => {
  it("settles on its static curve, plus makeup, for a steady level", async () => {
    for (const [inDb, knee, makeup] of [
      [-40, 0, 0],
      [-20, 0, 0],
      [-6, 0, 6],
      [-28, 8, 0],
    ] as const) {
      const level = 10 ** (inDb / 20);
      const y = await run(
        CompressorNode,
        { ...hard, knee, makeup },
        { in: signal(100, () => level) },
        100,
      );
      const want = compressorCurve(inDb, -30, 4, knee) + makeup;
      expect(dB(y[y.length - 1]!), `${inDb} dB in`).toBeCloseTo(want, 2);
    }
  });

  it("holds a sine's peak near the static curve (within 1 dB)", async () => {
    const y = await run(
      CompressorNode,
      { ...hard, release: 200 },
      { in: sineAudio(200, 1000, 0.5) },
      200,
    );
    const peak = Math.max(...y.subarray(y.length - SR / 10).map(Math.abs));
    expect(Math.abs(dB(peak) - compressorCurve(dB(0.5), -30, 4, 0))).toBeLessThan(1);
  });

  it("brings the gain down with the attack time and back with the release time (63 %)", async () => {
    const [attack, release] = [20, 150];
    const step = 50 * HOP;
    const up = step + 100 * HOP;
    // −40 dB (below the threshold), then −10 dB (15 dB of reduction), then −40 dB again.
    const x = signal(300, (i) => (i >= step && i < up ? 10 ** (-10 / 20) : 10 ** (-40 / 20)));
    const y = await run(CompressorNode, { ...hard, attack, release }, { in: x }, 300);
    const reduction = (i: number) => dB(x.channels[0]![i]!) - dB(y[i]!);
    expect(reduction(step - 1)).toBeCloseTo(0, 6);
    expect(reduction(up - 1)).toBeCloseTo(15, 1);
    const after = (ms: number) => Math.round((ms / 1000) * SR) - 1;
    expect(reduction(step + after(attack)) / 15).toBeCloseTo(1 - Math.exp(-1), 2);
    expect(reduction(up + after(release)) / 15).toBeCloseTo(Math.exp(-1), 2);
  });
});

describe("Distortion", () => {
  it("never exceeds its output level when fully wet, even at 48 dB of drive on loud input", async () => {
    for (const level of [-6, 0]) {
      const x = signal(100, (i) => 40 * Math.sin(i / 3) * Math.sin(i / 1000));
      const y = await run(
        DistortionNode,
        { drive: 48, tone: 20000, level, mix: 1 },
        { in: x },
        100,
      );
      expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(10 ** (level / 20) + 1e-6);
      expect(Math.max(...y.map(Math.abs))).toBeGreaterThan(0.9 * 10 ** (level / 20));
    }
  });

  it("adds harmonics as the drive rises, and the tone takes the highest away", async () => {
    const x = sineAudio(100, 300, 0.5);
    const thirdHarmonic = async (params: Params) => {
      const y = await run(DistortionNode, { level: 0, ...params }, { in: x }, 100);
      const tail = y.subarray(SR / 4);
      const amp = (f: number) => {
        let [re, im] = [0, 0];
        tail.forEach((v, i) => {
          re += v * Math.cos((2 * Math.PI * f * i) / SR);
          im += v * Math.sin((2 * Math.PI * f * i) / SR);
        });
        return Math.hypot(re, im);
      };
      return amp(900) / amp(300);
    };
    const light = await thirdHarmonic({ drive: 0, tone: 20000 });
    const heavy = await thirdHarmonic({ drive: 24, tone: 20000 });
    const dark = await thirdHarmonic({ drive: 24, tone: 200 });
    expect(light).toBeLessThan(0.05);
    expect(heavy).toBeGreaterThan(0.2);
    expect(dark).toBeLessThan(heavy / 2);
    // The fundamental stays where it was.
    const y = await run(DistortionNode, { drive: 24 }, { in: x }, 100);
    expect(peakFrequency(y.subarray(SR / 4), SR, 250, 350)).toBeCloseTo(300, -1);
  });
});
