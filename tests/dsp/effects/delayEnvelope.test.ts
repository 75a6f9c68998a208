/** The delay line, the attack/release follower and the compressor's static curve. */
import { describe, expect, it } from "vitest";
import { DelayLine } from "../../../src/dsp/effects/delayLine";
import {
  AttackRelease,
  compressorCurve,
  fromDb,
  timeCoefficient,
  toDb,
} from "../../../src/dsp/effects/envelope";

describe("DelayLine", () => {
  it("returns the sample written `delay` samples ago, interpolating fractions", () => {
    const line = new DelayLine(100);
    for (let i = 0; i < 50; i++) line.push(i);
    expect(line.read(1)).toBe(49);
    expect(line.read(10)).toBe(40);
    expect(line.read(10.25)).toBeCloseTo(39.75, 12);
    expect(line.read(0)).toBe(49); // clamped to 1
    expect(line.read(1000)).toBe(0); // clamped to the length: before anything was written
  });

  it("wraps around its buffer", () => {
    const line = new DelayLine(8);
    for (let i = 0; i < 1000; i++) line.push(i);
    expect(line.read(8)).toBe(992);
  });
});

describe("AttackRelease", () => {
  it("covers 63 % of a rising step in the attack time and of a falling one in the release", () => {
    const sr = 48000;
    const env = new AttackRelease();
    env.setTimes(10, 100, sr);
    for (let i = 0; i < 480; i++) env.process(1);
    expect(env.value).toBeCloseTo(1 - Math.exp(-1), 3);
    for (let i = 0; i < 48000; i++) env.process(1);
    for (let i = 0; i < 4800; i++) env.process(0);
    expect(env.value).toBeCloseTo(Math.exp(-1), 3);
  });

  it("has no smoothing for a time of 0", () => {
    expect(timeCoefficient(0, 44100)).toBe(0);
  });
});

describe("compressorCurve", () => {
  it("is the identity below the threshold and 1/ratio above it (hard knee)", () => {
    expect(compressorCurve(-40, -20, 4, 0)).toBe(-40);
    expect(compressorCurve(-20, -20, 4, 0)).toBe(-20);
    expect(compressorCurve(0, -20, 4, 0)).toBe(-15);
    expect(compressorCurve(-8, -20, 2, 0)).toBe(-14);
  });

  it("blends continuously through a soft knee, meeting both lines at its edges", () => {
    const t = -20;
    const knee = 10;
    expect(compressorCurve(t - knee / 2, t, 4, knee)).toBeCloseTo(t - knee / 2, 12);
    expect(compressorCurve(t + knee / 2, t, 4, knee)).toBeCloseTo(t + knee / 2 / 4, 12);
    // Inside the knee: below the identity, above the hard-knee line.
    expect(compressorCurve(t, t, 4, knee)).toBeLessThan(t);
    expect(compressorCurve(t, t, 4, knee)).toBeGreaterThan(t - knee / 2);
    let last = -Infinity;
    for (let l = -40; l <= 0; l += 0.25) {
      const y = compressorCurve(l, t, 4, knee);
      expect(y).toBeGreaterThan(last);
      last = y;
    }
  });

  it("converts dB and amplitude both ways, with a floor for silence", () => {
    expect(toDb(fromDb(-6))).toBeCloseTo(-6, 12);
    expect(toDb(0)).toBe(-200);
  });
});
