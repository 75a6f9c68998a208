import { describe, expect, it } from "vitest";
import { descriptorTrack, f0Yin, loudnessDb, spectralCentroidHz } from "../../src/dsp/descriptors";
import { stftMagnitudes } from "../../src/dsp/stft";
import { noise, sine } from "./signals";

const sr = 44100;

describe("loudnessDb", () => {
  it("is 20 log10 of the RMS, clamped at -120", () => {
    expect(loudnessDb(new Float32Array(64).fill(0.5))).toBeCloseTo(20 * Math.log10(0.5), 5);
    expect(loudnessDb(sine(1000, sr, 4410))).toBeCloseTo(-3.0103, 2);
    expect(loudnessDb(new Float32Array(64))).toBe(-120);
    expect(loudnessDb(new Float32Array(64).fill(1e-8))).toBe(-120);
  });
});

describe("spectralCentroidHz", () => {
  it("is the magnitude-weighted mean bin frequency", () => {
    const mag = new Float32Array(5);
    mag[1] = 1;
    mag[3] = 3;
    // f_k = k · 8000 / 8: (1·1000 + 3·3000) / 4 = 2500.
    expect(spectralCentroidHz(mag, 8000, 8)).toBeCloseTo(2500, 6);
    expect(spectralCentroidHz(new Float32Array(5), 8000, 8)).toBe(0);
  });

  it("sits at a sine's frequency", () => {
    const frames = stftMagnitudes(sine(3000, sr, 8192), { fftSize: 2048, hop: 512 });
    expect(spectralCentroidHz(frames[10] ?? new Float32Array(), sr, 2048)).toBeCloseTo(3000, -1);
  });
});

describe("f0Yin", () => {
  it.each([55, 110, 220, 440.5, 1000, 1760])("finds %f Hz within 0.5 %", (f) => {
    const frame = sine(f, sr, 4096, 0.7);
    expect(Math.abs(f0Yin(frame, sr) / f - 1)).toBeLessThan(0.005);
  });

  it("finds the fundamental of a harmonic tone, not a harmonic", () => {
    const a = sine(196, sr, 4096);
    const b = sine(392, sr, 4096);
    const c = sine(588, sr, 4096);
    const tone = a.map((v, i) => 0.3 * v + 0.5 * (b[i] ?? 0) + 0.4 * (c[i] ?? 0));
    expect(f0Yin(tone, sr)).toBeCloseTo(196, 0);
  });

  it("returns 0 for silence and white noise", () => {
    expect(f0Yin(new Float32Array(2048), sr)).toBe(0);
    expect(f0Yin(noise(2048, 3), sr)).toBe(0);
  });

  it("honours fmin and fmax", () => {
    const frame = sine(100, sr, 4096);
    expect(f0Yin(frame, sr, { fmin: 150 })).not.toBeCloseTo(100, 0);
    expect(f0Yin(sine(1500, sr, 4096), sr, { fmax: 1000 })).not.toBeCloseTo(1500, 0);
  });
});

describe("descriptorTrack", () => {
  it("gives one causal value per hop", () => {
    const x = new Float32Array(sr);
    x.set(sine(440, sr, sr / 2, 0.5), sr / 2);
    const hop = 512;
    const track = descriptorTrack(x, sr, hop, 2048);
    expect(track.loudness).toHaveLength(Math.floor(sr / hop));
    // Frame i covers [(i+1)·hop − 2048, (i+1)·hop): silent until it reaches sr/2.
    const first = Math.floor(sr / 2 / hop);
    expect(track.loudness[first - 1]).toBe(-120);
    expect(track.f0[first - 1]).toBe(0);
    expect(track.centroid[first - 1]).toBe(0);
    expect(track.loudness[first]).toBeGreaterThan(-120);
    const steady = first + 8;
    expect(track.loudness[steady]).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
    expect(track.f0[steady]).toBeCloseTo(440, 0);
    expect(track.centroid[steady]).toBeCloseTo(440, -1);
  });
});
