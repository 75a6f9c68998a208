/** The RBJ biquads against their definition: magnitude response, and the filter matching it. */
import { describe, expect, it } from "vitest";
import {
  Biquad,
  highpassCoefficients,
  lowpassCoefficients,
  magnitudeAt,
} from "../../../src/dsp/effects/biquad";
import { sine } from "../signals";

const SR = 44100;
const dB = (g: number) => 20 * Math.log10(g);

/** RMS gain of `filter` on a steady sine at `freq` (after a second of settling). */
function measuredGain(c: ReturnType<typeof lowpassCoefficients>, freq: number): number {
  const x = sine(freq, SR, 2 * SR);
  const f = new Biquad(c);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const y = f.process(x[i]!);
    if (i >= SR) {
      num += y * y;
      den += x[i]! ** 2;
    }
  }
  return Math.sqrt(num / den);
}

describe("RBJ biquads", () => {
  for (const cutoff of [100, 1000, 8000]) {
    it(`lowpass at ${cutoff} Hz, Q 0.707: −3 dB at the cutoff, flat below, −12 dB/octave above`, () => {
      const c = lowpassCoefficients(cutoff, Math.SQRT1_2, SR);
      expect(dB(magnitudeAt(c, cutoff, SR))).toBeCloseTo(-3.01, 1);
      expect(Math.abs(dB(magnitudeAt(c, cutoff / 20, SR)))).toBeLessThan(0.01);
      // Two and three octaves up: at least 23 and 35 dB down (12 dB per octave, asymptotically).
      if (cutoff * 4 < SR / 2) expect(dB(magnitudeAt(c, cutoff * 4, SR))).toBeLessThan(-23);
      else expect(dB(magnitudeAt(c, 20000, SR))).toBeLessThan(-12);
      if (cutoff * 8 < SR / 2) expect(dB(magnitudeAt(c, cutoff * 8, SR))).toBeLessThan(-35);
    });

    it(`highpass at ${cutoff} Hz, Q 0.707: −3 dB at the cutoff, flat above, −12 dB/octave below`, () => {
      const c = highpassCoefficients(cutoff, Math.SQRT1_2, SR);
      expect(dB(magnitudeAt(c, cutoff, SR))).toBeCloseTo(-3.01, 1);
      if (cutoff * 8 < SR / 2)
        expect(Math.abs(dB(magnitudeAt(c, cutoff * 8, SR)))).toBeLessThan(0.1);
      expect(dB(magnitudeAt(c, cutoff / 4, SR))).toBeLessThan(-23);
      expect(dB(magnitudeAt(c, cutoff / 8, SR))).toBeLessThan(-35);
    });
  }

  it("peaks by Q at the cutoff for a resonant lowpass (|H| = Q there)", () => {
    const c = lowpassCoefficients(2000, 8, SR);
    expect(magnitudeAt(c, 2000, SR)).toBeCloseTo(8, 3);
  });

  it("filters a sine by the magnitude response it reports", () => {
    const lp = lowpassCoefficients(1000, Math.SQRT1_2, SR);
    const hp = highpassCoefficients(1000, Math.SQRT1_2, SR);
    for (const freq of [250, 1000, 4000]) {
      expect(measuredGain(lp, freq)).toBeCloseTo(magnitudeAt(lp, freq, SR), 2);
      expect(measuredGain(hp, freq)).toBeCloseTo(magnitudeAt(hp, freq, SR), 2);
    }
  });

  it("keeps cutoffs past Nyquist stable and finite", () => {
    const c = lowpassCoefficients(1e6, 20, SR);
    const f = new Biquad(c);
    let peak = 0;
    for (let i = 0; i < SR; i++) peak = Math.max(peak, Math.abs(f.process(i % 7 === 0 ? 1 : -0.2)));
    expect(Number.isFinite(peak)).toBe(true);
    expect(peak).toBeLessThan(100);
  });
});
