/** Delay, Chorus, Reverb, PitchShift and TimeReverse against their definitions. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../../src/engine/blocks";
import type { Inputs, NodeDefinition, Params } from "../../../src/engine/nodeDefinition";
import { constantTempo } from "../../../src/engine/transportClock";
import { ChorusNode } from "../../../src/nodes/Chorus";
import { DelayNode } from "../../../src/nodes/Delay";
import { PitchShiftNode } from "../../../src/nodes/PitchShift";
import { ReverbNode } from "../../../src/nodes/Reverb";
import { TimeReverseNode } from "../../../src/nodes/TimeReverse";
import { noise } from "../../dsp/signals";
import { peakFrequency, schroederT20 } from "../../dsp/effects/analysis";
import { CLOCK, fakeEnv } from "../fakeModel";
import { first, HOP, music, signal, sineAudio, SR } from "./signals";

async function run(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any effect's params
  def: NodeDefinition<any>,
  params: Params,
  inputs: Inputs,
  frames: number,
  bpm = 120,
) {
  const tempo = constantTempo(CLOCK.frameRate, bpm);
  return first((await runBlocks(def, params, fakeEnv(), inputs, 9, frames, tempo)).out);
}

const impulse = (frames: number) => signal(frames, (i) => (i === 0 ? 1 : 0));

describe("Delay", () => {
  it("echoes an impulse after the time in ms, each echo `feedback` times the last", async () => {
    const y = await run(
      DelayNode,
      { time: 100, feedback: 0.5, mix: 0.5 },
      { in: impulse(100) },
      100,
    );
    const d = 0.1 * SR;
    expect(y[0]).toBeCloseTo(0.5, 6);
    for (let k = 1; k <= 5; k++) expect(y[k * d], `echo ${k}`).toBeCloseTo(0.5 * 0.5 ** (k - 1), 5);
    const elsewhere = y.filter((_, i) => i % d !== 0);
    expect(Math.max(...elsewhere.map(Math.abs))).toBeLessThan(1e-6);
  });

  it("measures the time in beats at the transport's tempo", async () => {
    for (const bpm of [120, 90]) {
      const params = { sync: "beats", beats: 0.25, feedback: 0, mix: 1 };
      const y = await run(DelayNode, params, { in: impulse(60) }, 60, bpm);
      const at = y.findIndex((v) => v > 0.5);
      expect(at).toBe(Math.round((0.25 * 60 * SR) / bpm));
    }
  });
});

describe("Chorus", () => {
  it("with no depth is the input delayed by its base delay (mix 1)", async () => {
    const x = music(50);
    const y = await run(ChorusNode, { depth: 0, delay: 10, mix: 1 }, { in: x }, 50);
    const d = 0.01 * SR;
    for (let i = d; i < y.length; i += 37) expect(y[i]).toBeCloseTo(x.channels[0]![i - d]!, 5);
  });

  it("sweeps its delay between base and base + depth, at its rate", async () => {
    // A click train through a fully wet chorus: each click comes back once per voice, at the
    // delays the LFOs had; they must stay within [delay, delay + depth] and vary.
    const period = 1600;
    const x = signal(400, (i) => (i % period === 0 ? 1 : 0));
    const y = await run(ChorusNode, { rate: 1, depth: 5, delay: 10, mix: 1 }, { in: x }, 400);
    const lags: number[] = [];
    for (let click = period; click + period < y.length; click += period) {
      const window = Array.from(y.subarray(click, click + period));
      const peak = window.indexOf(Math.max(...window));
      lags.push((peak / SR) * 1000);
    }
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(10 - 0.1);
    expect(Math.max(...lags)).toBeLessThanOrEqual(15 + 0.1);
    expect(Math.max(...lags) - Math.min(...lags)).toBeGreaterThan(2);
  });
});

describe("Reverb", () => {
  for (const decay of [0.5, 2]) {
    it(`rings for about its decay time, ${decay} s (T20 within 25 %)`, async () => {
      const frames = Math.round((decay * 1.5 * SR) / HOP);
      const params = { decay, damping: 0, mix: 1 };
      const y = await run(ReverbNode, params, { in: impulse(frames) }, frames);
      const t = schroederT20(y, SR);
      expect(t / decay).toBeGreaterThan(0.75);
      expect(t / decay).toBeLessThan(1.25);
    });
  }

  it("keeps the energy of noise: wet RMS within 10 % of the input's at most", async () => {
    const frames = 400;
    const x = signal(
      frames,
      (() => {
        const n = noise(frames * HOP, 5, 0.5);
        return (i: number) => n[i]!;
      })(),
    );
    for (const decay of [0.3, 5, 20]) {
      const y = await run(ReverbNode, { decay, damping: 0, mix: 1 }, { in: x }, frames);
      const power = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v * v, 0);
      expect(Math.sqrt(power(y) / power(x.channels[0]!))).toBeLessThan(1.1);
      expect(y.every(Number.isFinite)).toBe(true);
    }
  });
});

describe("PitchShift", () => {
  for (const semitones of [7, -5]) {
    it(`moves a 440 Hz sine ${semitones} semitones (its peak within 2 %)`, async () => {
      const y = await run(PitchShiftNode, { semitones }, { in: sineAudio(100, 440, 0.5) }, 100);
      const target = 440 * 2 ** (semitones / 12);
      const f = peakFrequency(y.subarray(SR / 4), SR, target * 0.8, target * 1.25);
      expect(f / target).toBeGreaterThan(0.98);
      expect(f / target).toBeLessThan(1.02);
    });
  }
});

describe("TimeReverse", () => {
  it("plays every channel backwards, NaN as silence", async () => {
    const x = music(30, 2);
    x.channels[0]![5] = NaN;
    const out = (await runBlocks(TimeReverseNode, {}, fakeEnv(), { in: x }, 7, 30)).out;
    if (out?.type !== "audio") throw new Error("no audio");
    const n = 30 * HOP;
    for (const c of [0, 1]) {
      for (let i = 0; i < n; i += 11) {
        const v = x.channels[c]![n - 1 - i]!;
        expect(out.channels[c]![i]).toBe(Number.isNaN(v) ? 0 : v);
      }
    }
    expect(out.channels[0]![n - 6]).toBe(0);
  });
});
