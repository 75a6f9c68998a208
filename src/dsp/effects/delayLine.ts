/** A circular delay line of float32 samples, read at fractional delays (linear interpolation). */
export class DelayLine {
  private readonly buffer: Float32Array;
  private readonly mask: number;
  private write = 0;

  /** Holds at least `maxDelaySamples` samples of history. */
  constructor(readonly maxDelaySamples: number) {
    let size = 4;
    while (size < maxDelaySamples + 4) size *= 2;
    this.buffer = new Float32Array(size);
    this.mask = size - 1;
  }

  /**
   * The sample written `delay` samples ago (1 = the last one written), interpolated between
   * neighbours; the delay is clamped to [1, maxDelaySamples].
   */
  read(delay: number): number {
    const d = Math.min(Math.max(delay, 1), this.maxDelaySamples);
    const whole = Math.floor(d);
    const frac = d - whole;
    const a = this.buffer[(this.write - whole) & this.mask]!;
    const b = this.buffer[(this.write - whole - 1) & this.mask]!;
    return a + (b - a) * frac;
  }

  /** Appends one sample. */
  push(x: number): void {
    this.buffer[this.write] = x;
    this.write = (this.write + 1) & this.mask;
  }
}
