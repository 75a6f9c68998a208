import FFT from "fft.js";

/**
 * A real FFT of one power-of-two size, wrapping fft.js with preallocated
 * scratch buffers so that repeated transforms do not allocate.
 *
 * Conventions: forward is the unnormalised DFT `X_k = Σ x[n] e^{-2πikn/N}`;
 * inverse includes the 1/N factor, so `inverse(forward(x)) = x`.
 */
export class RealFft {
  /** Transform length N. */
  readonly size: number;
  /** Number of non-redundant bins, N/2 + 1. */
  readonly bins: number;
  private readonly fft: FFT;
  private readonly complexIn: Float64Array;
  private readonly complexOut: Float64Array;

  /** @param size transform length, a power of two ≥ 2 */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`RealFft: size must be a power of two ≥ 2, got ${size}`);
    }
    this.size = size;
    this.bins = size / 2 + 1;
    this.fft = new FFT(size);
    this.complexIn = new Float64Array(2 * size);
    this.complexOut = new Float64Array(2 * size);
  }

  /**
   * Forward transform of the real `input` (length N); writes bins 0..N/2 into
   * `re` and `im` (each of length ≥ N/2 + 1).
   */
  forward(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    this.fft.realTransform(this.complexOut, input);
    const out = this.complexOut;
    for (let k = 0; k < this.bins; k++) {
      re[k] = out[2 * k] ?? 0;
      im[k] = out[2 * k + 1] ?? 0;
    }
  }

  /**
   * Inverse transform of a Hermitian spectrum given by its bins 0..N/2 in `re`
   * and `im`; writes the N real samples into `output`. The imaginary parts of
   * DC and Nyquist are ignored, as for any real signal.
   */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, output: Float64Array): void {
    const n = this.size;
    const buf = this.complexIn;
    for (let k = 0; k < this.bins; k++) {
      const r = re[k] ?? 0;
      const i = k === 0 || k === n / 2 ? 0 : (im[k] ?? 0);
      buf[2 * k] = r;
      buf[2 * k + 1] = i;
      if (k > 0 && k < n / 2) {
        buf[2 * (n - k)] = r;
        buf[2 * (n - k) + 1] = -i;
      }
    }
    this.fft.inverseTransform(this.complexOut, buf);
    const out = this.complexOut;
    for (let j = 0; j < n; j++) output[j] = out[2 * j] ?? 0;
  }
}

const cache = new Map<number, RealFft>();

/**
 * A shared {@link RealFft} of the given size, for offline code that runs one
 * transform at a time (streaming objects own theirs). Not re-entrant across
 * interleaved callers of the same size, which JavaScript's single thread
 * guarantees as long as callers do not hold results across calls.
 */
export function sharedFft(size: number): RealFft {
  let f = cache.get(size);
  if (!f) {
    f = new RealFft(size);
    cache.set(size, f);
  }
  return f;
}
