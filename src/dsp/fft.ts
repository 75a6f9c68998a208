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
  private readonly complexOut: Float64Array;
  /** Complex FFT of size N/2 for {@link inverse}; null when N = 2. */
  private readonly halfFft: FFT | null;
  private readonly halfIn: Float64Array;
  private readonly halfOut: Float64Array;
  /** cos and sin of 2πk/N, k < N/2. */
  private readonly twiddleCos: Float64Array;
  private readonly twiddleSin: Float64Array;

  /** @param size transform length, a power of two ≥ 2 */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`RealFft: size must be a power of two ≥ 2, got ${size}`);
    }
    this.size = size;
    this.bins = size / 2 + 1;
    this.fft = new FFT(size);
    this.complexOut = new Float64Array(2 * size);
    const half = size / 2;
    this.halfFft = half > 1 ? new FFT(half) : null;
    this.halfIn = new Float64Array(size);
    this.halfOut = new Float64Array(size);
    this.twiddleCos = new Float64Array(half);
    this.twiddleSin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.twiddleCos[k] = Math.cos((2 * Math.PI * k) / size);
      this.twiddleSin[k] = Math.sin((2 * Math.PI * k) / size);
    }
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
   *
   * Runs one complex FFT of size N/2: the even and odd samples of the output
   * are the real and imaginary parts of the inverse transform of
   * `E_k + i·O_k`, where `E_k = (X_k + X*_{N/2−k}) / 2` and
   * `O_k = (X_k − X*_{N/2−k}) / 2 · e^{2πik/N}` are the spectra of the even
   * and odd samples. The inverse is taken as `conj(DFT(conj(·)))`, with the
   * 1/N folded into the input.
   */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, output: Float64Array): void {
    const half = this.size / 2;
    const fft = this.halfFft;
    if (!fft) {
      const dc = re[0] ?? 0;
      const nyquist = re[1] ?? 0;
      output[0] = (dc + nyquist) / 2;
      output[1] = (dc - nyquist) / 2;
      return;
    }
    const { halfIn: z, halfOut: y, twiddleCos, twiddleSin } = this;
    const scale = 1 / this.size;
    for (let k = 0; k < half; k++) {
      const ar = re[k] ?? 0;
      const ai = k === 0 ? 0 : (im[k] ?? 0);
      const br = re[half - k] ?? 0;
      const bi = k === 0 ? 0 : (im[half - k] ?? 0);
      // X_k + X*_{M−k} and X_k − X*_{M−k}, M = N/2
      const sr = ar + br;
      const si = ai - bi;
      const dr = ar - br;
      const di = ai + bi;
      const c = twiddleCos[k] ?? 0;
      const s = twiddleSin[k] ?? 0;
      const or = c * dr - s * di;
      const oi = s * dr + c * di;
      z[2 * k] = scale * (sr - oi);
      z[2 * k + 1] = -scale * (si + or);
    }
    fft.transform(y, z);
    for (let j = 0; j < half; j++) {
      output[2 * j] = y[2 * j] ?? 0;
      output[2 * j + 1] = -(y[2 * j + 1] ?? 0);
    }
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
