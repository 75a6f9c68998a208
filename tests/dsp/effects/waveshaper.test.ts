/** The anti-aliased tanh against its definition and against a plain tanh. */
import { describe, expect, it } from "vitest";
import { TanhAntialiased } from "../../../src/dsp/effects/waveshaper";

const SR = 44100;

/**
 * The fraction of `y`'s energy that is not at the harmonics of `f0` below Nyquist (nor DC): what
 * aliasing folded elsewhere. `y` must hold a whole number of cycles of `f0`.
 */
function aliasFraction(y: Float64Array, f0: number): number {
  const residual = Float64Array.from(y);
  const mean = y.reduce((a, v) => a + v, 0) / y.length;
  residual.forEach((_, i) => (residual[i]! -= mean));
  for (let f = f0; f < SR / 2; f += f0) {
    const w = (2 * Math.PI * f) / SR;
    let [c, s] = [0, 0];
    y.forEach((v, i) => {
      c += v * Math.cos(w * i);
      s += v * Math.sin(w * i);
    });
    residual.forEach((_, i) => {
      residual[i]! -= (2 / y.length) * (c * Math.cos(w * i) + s * Math.sin(w * i));
    });
  }
  const energy = (a: Float64Array) => a.reduce((t, v) => t + v * v, 0);
  return energy(residual) / energy(y);
}

describe("TanhAntialiased", () => {
  it("is tanh of the midpoint on slow input, and stays within ±1 on any input", () => {
    const shaper = new TanhAntialiased();
    let last = 0;
    for (let i = 0; i < 2000; i++) {
      const x = 3 * Math.sin(i / 200);
      const y = shaper.process(x);
      if (i > 0) expect(y).toBeCloseTo(Math.tanh((x + last) / 2), 4);
      last = x;
    }
    for (const x of [1e30, -1e30, 1e30, 5, -5, 1e-9, 0, 0, 709, -709, 1e308]) {
      const y = shaper.process(x);
      expect(Number.isFinite(y) && Math.abs(y) <= 1).toBe(true);
    }
  });

  it("folds back at least 5 dB less aliasing than a plain tanh on a driven 5 kHz sine (7 dB here)", () => {
    const shaper = new TanhAntialiased();
    const n = SR; // a whole number of cycles of 5 kHz
    const x = Float64Array.from(
      { length: n + 1 },
      (_, i) => 10 * Math.sin((2 * Math.PI * 5000 * i) / SR),
    );
    const plain = Float64Array.from(x.subarray(1), Math.tanh);
    shaper.process(x[0]!);
    const smooth = Float64Array.from(x.subarray(1), (v) => shaper.process(v));
    const gainDb = 10 * Math.log10(aliasFraction(plain, 5000) / aliasFraction(smooth, 5000));
    expect(gainDb).toBeGreaterThan(5);
  });
});
