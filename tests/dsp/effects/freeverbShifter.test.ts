/** The Freeverb-style reverberator and the delay-line pitch shifter. */
import { describe, expect, it } from "vitest";
import { PitchShifter } from "../../../src/dsp/effects/pitchShifter";
import { sine } from "../signals";
import { impulseResponse, peakFrequency, schroederT20 } from "./analysis";

const SR = 44100;

describe("Freeverb", () => {
  for (const decay of [0.5, 2, 6]) {
    it(`decays 60 dB in about ${decay} s (T20 within 20 %) without damping`, () => {
      const h = impulseResponse(decay, 0, decay * 1.5);
      expect(schroederT20(h, SR) / decay).toBeGreaterThan(0.8);
      expect(schroederT20(h, SR) / decay).toBeLessThan(1.2);
    });
  }

  it("gives out about the energy it was given (within 5 %), whatever the decay and damping", () => {
    for (const [decay, damping] of [
      [0.1, 0],
      [2, 0],
      [20, 0],
      [20, 0.9],
    ] as const) {
      const h = impulseResponse(decay, damping, Math.min(decay * 2, 30));
      const energy = h.reduce((a, v) => a + v * v, 0);
      expect(energy, `${decay} s, damping ${damping}`).toBeLessThanOrEqual(1.05);
      expect(energy, `${decay} s, damping ${damping}`).toBeGreaterThan(0.01);
    }
  });

  it("dies faster with damping", () => {
    expect(schroederT20(impulseResponse(3, 0.7, 5), SR)).toBeLessThan(
      schroederT20(impulseResponse(3, 0, 5), SR) * 0.9,
    );
  });
});

describe("PitchShifter", () => {
  for (const semitones of [-12, -5, 3, 7, 12]) {
    // The grains' crossfades add sidebands at the grain rate, which can pull the peak a little:
    // within 2 % is a third of a semitone.
    it(`moves a 440 Hz sine by ${semitones} semitones (its peak within 2 %)`, () => {
      const ratio = 2 ** (semitones / 12);
      const shifter = new PitchShifter(SR);
      const x = sine(440, SR, SR);
      const y = Float32Array.from(x, (v) => shifter.process(v, ratio, 0.06 * SR));
      const target = 440 * ratio;
      const f = peakFrequency(y.subarray(SR / 4), SR, target * 0.8, target * 1.25);
      expect(f / target).toBeGreaterThan(0.98);
      expect(f / target).toBeLessThan(1.02);
    });
  }

  it("is a plain delay of half a window at a ratio of 1", () => {
    const shifter = new PitchShifter(1000);
    const x = sine(300, SR, 4000);
    const y = Float32Array.from(x, (v) => shifter.process(v, 1, 400));
    for (let i = 1000; i < 4000; i++) expect(y[i]).toBeCloseTo(x[i - 200]!, 5);
  });
});
