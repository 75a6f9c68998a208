/**
 * The pitch-movement measure of bench/pitch (issue 19) on signals whose f0 is known: a sine with
 * 6 Hz, ±40-cent vibrato is tracked within a few cents; the same vibrato correlates with itself,
 * a flattened copy (no vibrato) does not, and a copy 30 cents sharp scores a 30-cent error.
 */
import { describe, expect, it } from "vitest";
import { comparePitch, f0Track } from "../../bench/pitch/f0";

const SR = 44100;

/** A harmonic tone whose f0 follows `centsAt(t)` (cents around A3 = 5700). */
function tone(seconds: number, centsAt: (t: number) => number): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  let phase = 0;
  for (let i = 0; i < x.length; i++) {
    const hz = 440 * 2 ** ((centsAt(i / SR) - 6900) / 1200);
    phase += (2 * Math.PI * hz) / SR;
    x[i] = 0.4 * Math.sin(phase) + 0.2 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase);
  }
  return x;
}

const vibrato = (t: number) => 5700 + 40 * Math.sin(2 * Math.PI * 6 * t);

describe("the pitch-movement measure", () => {
  const original = f0Track(tone(2, vibrato), SR);

  it("tracks a vibrato tone's f0 within a few cents", () => {
    let worst = 0;
    let voiced = 0;
    original.cents.forEach((c, f) => {
      if (Number.isNaN(c)) return;
      voiced++;
      // The window (46 ms) is centred 23 ms after its start.
      const t = f * original.hopSeconds + 1024 / SR;
      worst = Math.max(worst, Math.abs(c - vibrato(t)));
    });
    expect(voiced).toBeGreaterThan(0.95 * original.cents.length);
    expect(worst).toBeLessThan(8);
  });

  it("scores the same vibrato as kept, a flattened one as lost, a sharp copy as 30 cents off", () => {
    const same = comparePitch(original, f0Track(tone(2, vibrato), SR));
    expect(same.detrendedCorrelation).toBeGreaterThan(0.99);
    expect(same.medianErrorCents).toBeLessThan(1);
    const flat = comparePitch(
      original,
      f0Track(
        tone(2, () => 5700),
        SR,
      ),
    );
    expect(flat.detrendedCorrelation).not.toBeGreaterThan(0.3);
    const sharp = comparePitch(
      original,
      f0Track(
        tone(2, (t) => vibrato(t) + 30),
        SR,
      ),
    );
    expect(sharp.medianErrorCents).toBeGreaterThan(27);
    expect(sharp.medianErrorCents).toBeLessThan(33);
    expect(sharp.detrendedCorrelation).toBeGreaterThan(0.99);
  });
});
