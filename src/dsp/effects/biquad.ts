/**
 * RBJ "Audio EQ Cookbook" biquads (Robert Bristow-Johnson): lowpass and highpass coefficients,
 * their magnitude response, and a transposed direct form II filter whose state is kept in double
 * precision so slow sweeps stay clean.
 */

/** Coefficients normalised by a0: y = b0·x + b1·x₁ + b2·x₂ − a1·y₁ − a2·y₂. */
export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** Cutoffs are kept inside (1 Hz, 0.49 × the sample rate), where the cookbook's formulas hold. */
function omega(frequency: number, sampleRate: number): number {
  const f = Math.min(Math.max(frequency, 1), 0.49 * sampleRate);
  return (2 * Math.PI * f) / sampleRate;
}

/** Second-order lowpass at `frequency` Hz; Q = 1/√2 is Butterworth (−3 dB at the cutoff). */
export function lowpassCoefficients(
  frequency: number,
  q: number,
  sampleRate: number,
): BiquadCoefficients {
  const w = omega(frequency, sampleRate);
  const cos = Math.cos(w);
  const alpha = Math.sin(w) / (2 * Math.max(q, 1e-3));
  const a0 = 1 + alpha;
  const b = (1 - cos) / 2 / a0;
  return { b0: b, b1: 2 * b, b2: b, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Second-order highpass at `frequency` Hz; Q = 1/√2 is Butterworth (−3 dB at the cutoff). */
export function highpassCoefficients(
  frequency: number,
  q: number,
  sampleRate: number,
): BiquadCoefficients {
  const w = omega(frequency, sampleRate);
  const cos = Math.cos(w);
  const alpha = Math.sin(w) / (2 * Math.max(q, 1e-3));
  const a0 = 1 + alpha;
  const b = (1 + cos) / 2 / a0;
  return { b0: b, b1: -2 * b, b2: b, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** |H(e^{jω})| of `c` at `frequency` Hz: the filter's gain on a steady sine there. */
export function magnitudeAt(c: BiquadCoefficients, frequency: number, sampleRate: number): number {
  const w = (2 * Math.PI * frequency) / sampleRate;
  const [c1, s1, c2, s2] = [Math.cos(w), Math.sin(w), Math.cos(2 * w), Math.sin(2 * w)];
  const numRe = c.b0 + c.b1 * c1 + c.b2 * c2;
  const numIm = -(c.b1 * s1 + c.b2 * s2);
  const denRe = 1 + c.a1 * c1 + c.a2 * c2;
  const denIm = -(c.a1 * s1 + c.a2 * s2);
  return Math.hypot(numRe, numIm) / Math.hypot(denRe, denIm);
}

/** One biquad section with its state; `coefficients` may change between samples. */
export class Biquad {
  private z1 = 0;
  private z2 = 0;

  constructor(public coefficients: BiquadCoefficients) {}

  /** Filters one sample. */
  process(x: number): number {
    const c = this.coefficients;
    const y = c.b0 * x + this.z1;
    this.z1 = c.b1 * x - c.a1 * y + this.z2;
    this.z2 = c.b2 * x - c.a2 * y;
    return y;
  }

  /** Clears the state (silence in, silence out). */
  reset(): void {
    this.z1 = 0;
    this.z2 = 0;
  }
}
