import { describe, expect, it } from "vitest";
import { resample } from "../../src/dsp/resample";
import { sine } from "./signals";

/** Amplitude of the `freq` component of y (sample rate sr), by projection, skipping the edges. */
function amplitudeAt(y: Float32Array, freq: number, sr: number, skip: number): number {
  let re = 0;
  let im = 0;
  let n = 0;
  for (let t = skip; t < y.length - skip; t++) {
    re += (y[t] ?? 0) * Math.cos((2 * Math.PI * freq * t) / sr);
    im += (y[t] ?? 0) * Math.sin((2 * Math.PI * freq * t) / sr);
    n++;
  }
  return (2 * Math.hypot(re, im)) / n;
}

function rms(y: Float32Array, skip: number): number {
  let s = 0;
  for (let t = skip; t < y.length - skip; t++) s += (y[t] ?? 0) ** 2;
  return Math.sqrt(s / (y.length - 2 * skip));
}

describe("resample", () => {
  it("keeps a 1 kHz sine's amplitude and frequency, 48k → 44.1k", () => {
    const y = resample(sine(1000, 48000, 24000, 0.8), 48000, 44100);
    expect(y).toHaveLength(22050);
    expect(amplitudeAt(y, 1000, 44100, 200)).toBeCloseTo(0.8, 3);
    // All the energy is at 1 kHz: nothing was shifted or spread.
    expect(rms(y, 200) * Math.SQRT2).toBeCloseTo(0.8, 3);
  });

  it("keeps a sine when upsampling 22.05k → 48k", () => {
    const y = resample(sine(5000, 22050, 11025, 0.5), 22050, 48000);
    expect(y).toHaveLength(24000);
    expect(amplitudeAt(y, 5000, 48000, 400)).toBeCloseTo(0.5, 3);
  });

  it("attenuates a 20 kHz tone by more than 40 dB when going 48k → 22.05k", () => {
    const y = resample(sine(20000, 48000, 24000), 48000, 22050);
    expect(20 * Math.log10(rms(y, 100) * Math.SQRT2)).toBeLessThan(-40);
  });

  it("has length round(L · to / from) and copies at equal rates", () => {
    expect(resample(new Float32Array(1001), 48000, 44100)).toHaveLength(Math.round(919.675));
    expect(resample(new Float32Array(7), 44100, 16000)).toHaveLength(3);
    const x = sine(440, 44100, 100);
    const y = resample(x, 44100, 44100);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
  });

  it("leaves its input untouched and rejects bad rates", () => {
    const x = sine(440, 48000, 1000);
    const copy = x.slice();
    resample(x, 48000, 16000);
    expect(x).toEqual(copy);
    expect(() => resample(x, 0, 44100)).toThrow(/fromRate/);
    expect(() => resample(x, 44100, Number.NaN)).toThrow(/toRate/);
  });
});
