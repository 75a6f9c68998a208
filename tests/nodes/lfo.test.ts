/** LFO and Steps against their formulas: shapes at known phases, Hz vs beats, glide, tempo. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import { TransportClock } from "../../src/engine/transportClock";
import type { CurveValue } from "../../src/engine/values";
import { LFONode, lfoShape, randomHold, type LFOParams } from "../../src/nodes/LFO";
import { StepsNode, stepValue } from "../../src/nodes/Steps";
import { CLOCK, fakeEnv } from "./fakeModel";

const R = CLOCK.frameRate;

async function lfo(params: Partial<LFOParams>, frames: number, tempo?: TransportClock) {
  const out = await runBlocks(LFONode, params, fakeEnv(), {}, 7, frames, tempo);
  return (out.out as CurveValue).values;
}

describe("LFO shapes", () => {
  it("take their documented values at known phases", () => {
    const at = (shape: string, p: number) => lfoShape(shape, p, 1);
    expect([0, 0.25, 0.5, 0.75].map((p) => at("sine", p))).toEqual([
      0,
      1,
      expect.closeTo(0, 12),
      -1,
    ]);
    expect([0, 0.125, 0.25, 0.5, 0.75, 1].map((p) => at("triangle", p))).toEqual([
      0, 0.5, 1, 0, -1, 0,
    ]);
    expect([0, 0.25, 0.5, 0.999].map((p) => at("saw", p))).toEqual([
      -1,
      -0.5,
      0,
      expect.closeTo(0.998, 12),
    ]);
    expect([0, 0.49, 0.5, 0.99, 1].map((p) => at("square", p))).toEqual([1, 1, -1, -1, 1]);
    expect(at("sine", 3.25)).toBeCloseTo(1, 12); // whole cycles are the same cycle
  });

  it("hold one seeded random value in [-1, 1) for each cycle", () => {
    const values = Array.from({ length: 500 }, (_, k) => randomHold(7, k));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(new Set(values).size).toBeGreaterThan(490);
    expect(lfoShape("random", 3.1, 7)).toBe(lfoShape("random", 3.9, 7));
    expect(lfoShape("random", 3.1, 7)).toBe(randomHold(7, 3));
    expect(randomHold(8, 3)).not.toBe(randomHold(7, 3));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.15);
  });

  it("refuses an unknown shape, naming the shapes", () => {
    expect(() => lfoShape("zigzag", 0, 1)).toThrow('LFO: unknown shape "zigzag"; shapes: sine');
  });
});

describe("LFO node", () => {
  it("in hz mode runs rate cycles per second of the patch clock", async () => {
    const v = await lfo({ sync: "hz", rate: 2, shape: "saw", depth: 3, offset: 1 }, 200);
    for (const f of [0, 1, 13, 50, 199]) {
      const p = ((f * 2) / R) % 1;
      expect(v[f]).toBeCloseTo(1 + 3 * (2 * p - 1), 5);
    }
  });

  it("in beats mode makes one cycle every `rate` beats, at the transport's tempo", async () => {
    // 120 BPM = 2 beats/s; rate 4 beats = a cycle every 2 s.
    const v = await lfo({ sync: "beats", rate: 4, shape: "sine" }, 300);
    for (const f of [0, 10, 77, 299])
      expect(v[f]).toBeCloseTo(Math.sin((2 * Math.PI * f) / R / 2), 5);
    const slow = await lfo({ sync: "beats", rate: 4 }, 300, new TransportClock(R, 60));
    for (const f of [0, 10, 77, 299])
      expect(slow[f]).toBeCloseTo(Math.sin((2 * Math.PI * f) / R / 4), 5);
  });

  it("starts at its phase", async () => {
    const v = await lfo({ phase: 90, shape: "sine", depth: 2 }, 3);
    expect(v[0]).toBeCloseTo(2, 6);
    const sq = await lfo({ phase: 180, shape: "square" }, 1);
    expect(sq[0]).toBe(-1);
  });

  it("follows a tempo change mid-stream with a continuous phase", async () => {
    const tempo = new TransportClock(R, 120);
    tempo.setTempo(240, 100);
    const v = await lfo({ sync: "beats", rate: 1, shape: "saw" }, 200, tempo);
    // Frame by frame, the saw rises by bpm/60/R per frame before and after the change (mod 2).
    for (let f = 1; f < 200; f++) {
      const step = (v[f]! - v[f - 1]! + 2) % 2; // a wrap adds 2
      const expected = (2 * tempo.bpmAt(f - 1)) / 60 / R;
      expect(step).toBeCloseTo(expected, 4);
    }
  });

  it("renders the same random sequence for the same seed, another for another", async () => {
    const a = await lfo({ shape: "random", sync: "hz", rate: 5, seed: 42 }, 120);
    const b = await lfo({ shape: "random", sync: "hz", rate: 5, seed: 42 }, 120);
    const c = await lfo({ shape: "random", sync: "hz", rate: 5, seed: 43 }, 120);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(new Set(a).size).toBe(Math.ceil((120 / R) * 5)); // one value per cycle
  });
});

describe("Steps", () => {
  it("holds each value for stepBeats beats, in order, repeating", () => {
    const vals = [1, 2, 3];
    expect([0, 0.49, 0.5, 1, 1.49, 1.5, 3.2].map((b) => stepValue(vals, 0.5, 0, b))).toEqual([
      1, 1, 2, 3, 3, 1, 1,
    ]);
  });

  it("glides over the last `glide` of a step, reaching the next value where it starts", () => {
    const vals = [0, 10];
    expect(stepValue(vals, 1, 0.5, 0.25)).toBe(0);
    expect(stepValue(vals, 1, 0.5, 0.5)).toBe(0);
    expect(stepValue(vals, 1, 0.5, 0.75)).toBeCloseTo(5, 12);
    expect(stepValue(vals, 1, 0.5, 0.9999)).toBeCloseTo(10, 2);
    expect(stepValue(vals, 1, 0.5, 1)).toBe(10);
    expect(stepValue(vals, 1, 1, 1.5)).toBeCloseTo(5, 12); // glide 1: always sliding
    expect(stepValue(vals, 1, 0.5, 1.75)).toBeCloseTo(5, 12); // back to the first
  });

  it("plays on the transport's beat; a tempo change goes on from the same step", async () => {
    const tempo = new TransportClock(R, 120);
    tempo.setTempo(60, 50);
    const out = await runBlocks(StepsNode, { values: [1, 2, 3, 4] }, fakeEnv(), {}, 1, 160, tempo);
    const v = (out.out as CurveValue).values;
    for (let f = 0; f < 160; f++) expect(v[f]).toBe(1 + (Math.floor(tempo.beatAt(f) + 1e-9) % 4));
    // 100 frames/s: 0.02 beats a frame at 120 BPM, then 0.01 from frame 50 (beat 1) on.
    expect([v[49], v[50], v[149], v[150]]).toEqual([1, 2, 2, 3]);
  });

  it("refuses an empty sequence", () => {
    expect(StepsNode.validate?.({ values: [], stepBeats: 1, glide: 0 })).toMatch(/at least one/);
  });
});
