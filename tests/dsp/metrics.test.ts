import { describe, expect, it } from "vitest";
import {
  logSpectralDistanceDb,
  multiResolutionStftDistance,
  stftDistanceTerms,
} from "../../src/dsp/metrics";
import { noise, realisticSignal } from "./signals";

const x = realisticSignal(16000, 0.5);

function plusNoise(level: number): Float32Array {
  const n = noise(x.length, 99, level);
  return x.map((v, i) => v + (n[i] ?? 0));
}

describe("metrics", () => {
  it("are 0 for identical signals", () => {
    expect(multiResolutionStftDistance(x, x.slice())).toBe(0);
    expect(logSpectralDistanceDb(x, x.slice())).toBe(0);
  });

  it("compare over the common length", () => {
    const longer = new Float32Array(x.length + 5000);
    longer.set(x);
    longer.fill(0.9, x.length);
    expect(multiResolutionStftDistance(x, longer)).toBe(0);
    expect(logSpectralDistanceDb(longer, x)).toBe(0);
  });

  it("grow monotonically with added noise", () => {
    const levels = [0.001, 0.01, 0.05, 0.2];
    const mr = levels.map((l) => multiResolutionStftDistance(x, plusNoise(l)));
    const lsd = levels.map((l) => logSpectralDistanceDb(x, plusNoise(l)));
    for (let i = 1; i < levels.length; i++) {
      expect(mr[i]).toBeGreaterThan(mr[i - 1] ?? Infinity);
      expect(lsd[i]).toBeGreaterThan(lsd[i - 1] ?? Infinity);
    }
  });

  it("grow monotonically with a gain error, and the LSD of a gain g is |20 log10 g|", () => {
    const gains = [1.01, 1.1, 1.5, 3];
    const mr = gains.map((g) =>
      multiResolutionStftDistance(
        x,
        x.map((v) => v * g),
      ),
    );
    for (let i = 1; i < gains.length; i++) expect(mr[i]).toBeGreaterThan(mr[i - 1] ?? Infinity);
    // White noise has power far above ε = 1e-10 in every bin, so the LSD is the gain in dB.
    const white = noise(16000, 4, 0.5);
    expect(
      logSpectralDistanceDb(
        white,
        white.map((v) => v * 2),
      ),
    ).toBeCloseTo(20 * Math.log10(2), 3);
    // Spectral convergence of a gain g is |1 − g|; the log term is |log g|.
    const single = multiResolutionStftDistance(
      x,
      x.map((v) => v * 2),
      [1024],
    );
    expect(single).toBeCloseTo(1 + Math.log(2), 1);
  });
});

describe("stftDistanceTerms", () => {
  it("add up to the MR-STFT distance", () => {
    const y = plusNoise(0.01);
    const t = stftDistanceTerms(x, y);
    expect(t.sc + t.logLoud + t.logQuiet).toBeCloseTo(multiResolutionStftDistance(x, y), 10);
    expect(t.sc).toBeGreaterThan(0);
  });

  it("put the error of a quiet part in the quiet term and of a loud part in the loud term", () => {
    // A loud tone, then a 70 dB quieter one: a gain error on the quiet half only touches bins
    // more than 60 dB under the loudest, and one on the loud half mostly the loud bins.
    const n = 16384;
    const tone = (a: number) =>
      Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * 440 * i) / 16000));
    const loud = tone(0.5);
    const quiet = tone(0.5 * 10 ** (-70 / 20));
    const ref = new Float32Array(2 * n);
    ref.set(loud);
    ref.set(quiet, n);
    const quietWrong = ref.slice();
    for (let i = n; i < 2 * n; i++) quietWrong[i] = ref[i]! * 3;
    const loudWrong = ref.slice();
    for (let i = 0; i < n; i++) loudWrong[i] = ref[i]! * 3;
    const q = stftDistanceTerms(ref, quietWrong, [1024]);
    const l = stftDistanceTerms(ref, loudWrong, [1024]);
    expect(q.logQuiet).toBeGreaterThan(10 * q.logLoud);
    expect(l.logLoud).toBeGreaterThan(q.logLoud);
    expect(l.sc).toBeGreaterThan(100 * q.sc);
  });
});
