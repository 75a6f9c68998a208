import { DspKernel, fftBytes, heapArrays } from "./dsp-kernel";
import { RealFft, sharedFft } from "./fft";
import { hann } from "./window";

/**
 * STFT geometry shared by analysis, phase reconstruction and metrics.
 *
 * Causal framing (a contract with the Python training recipe): frame f analyses
 * samples `[(f+1)*hop - fftSize, (f+1)*hop)` (samples before 0 are zero),
 * multiplied by the periodic Hann window, with the unnormalised DFT
 * `X_k = Σ_n w[n] x[n] e^{-2πikn/N}` (n indexes within the frame). A signal of
 * L samples has `floor(L / hop)` frames of `fftSize/2 + 1` bins.
 */
export interface StftConfig {
  /** Frame length N, a power of two ≥ 4. */
  fftSize: number;
  /** Frame advance in samples, an integer in [1, fftSize]. */
  hop: number;
}

/** One complex STFT frame, bins 0..fftSize/2. */
export interface ComplexFrame {
  re: Float64Array;
  im: Float64Array;
}

/** Throws a RangeError naming the bad field unless `cfg` is a usable geometry. */
export function validateStftConfig(cfg: StftConfig): void {
  const { fftSize, hop } = cfg;
  if (!Number.isInteger(fftSize) || fftSize < 4 || (fftSize & (fftSize - 1)) !== 0) {
    throw new RangeError(`StftConfig.fftSize: expected a power of two ≥ 4, got ${fftSize}`);
  }
  if (!Number.isInteger(hop) || hop < 1 || hop > fftSize) {
    throw new RangeError(`StftConfig.hop: expected an integer in [1, ${fftSize}], got ${hop}`);
  }
}

/** Index of the first sample of frame f: `(f+1)*hop - fftSize` (may be negative). */
export function frameStart(f: number, cfg: StftConfig): number {
  return (f + 1) * cfg.hop - cfg.fftSize;
}

/**
 * Streaming causal STFT magnitude analyser. Push samples in blocks of any size;
 * every frame that became complete is returned, so any split of a signal gives
 * exactly the frames of {@link stftMagnitudes} over the whole signal.
 * Where WebAssembly is there, the windowing, FFT and magnitudes run compiled
 * ({@link DspKernel}: another FFT than fft.js's, the same to float32 rounding).
 */
export class StftAnalyzer {
  private readonly cfg: StftConfig;
  private readonly fft: RealFft;
  private readonly window: Float32Array;
  private readonly ring: Float32Array;
  private readonly frame: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private writeIndex = 0;
  private pending = 0;
  /** With a kernel: its FFT, and the magnitudes of the frame analysed last, in its memory. */
  private readonly compiled?: { kernel: DspKernel; fft: number; mags: Float32Array };

  /** @param options `compiled: false` keeps the FFT in JavaScript (fft.js) */
  constructor(cfg: StftConfig, options: { compiled?: boolean } = {}) {
    validateStftConfig(cfg);
    this.cfg = { fftSize: cfg.fftSize, hop: cfg.hop };
    this.fft = new RealFft(cfg.fftSize);
    const n = cfg.fftSize;
    const bins = n / 2 + 1;
    const kernel =
      options.compiled === false
        ? undefined
        : DspKernel.create(bins, 0, fftBytes(n) + 8 * n + 4 * bins + 64);
    this.window = hann(cfg.fftSize);
    this.ring = (kernel ?? heapArrays).f32(n);
    if (kernel) {
      const window = kernel.f32(n);
      window.set(this.window);
      this.window = window;
      this.compiled = { kernel, fft: kernel.fft(n), mags: kernel.f32(bins) };
    }
    this.frame = new Float64Array(cfg.fftSize);
    this.re = new Float64Array(this.fft.bins);
    this.im = new Float64Array(this.fft.bins);
  }

  /** Appends samples; returns the magnitudes of each frame completed by them. */
  push(samples: Float32Array): Float32Array[] {
    const frames: Float32Array[] = [];
    this.feed(samples, () => {
      const mag = new Float32Array(this.fft.bins);
      this.analyze(mag, 0, 1);
      frames.push(mag);
    });
    return frames;
  }

  /**
   * {@link push} into one array, bin-major as a `[bins, columns]` tensor: bin b of the i-th
   * frame completed by `samples` goes to `out[b * columns + i]`, which spares a transpose and
   * an array per frame. Returns the number of frames completed (at most `columns`).
   */
  pushBinMajor(samples: Float32Array, out: Float32Array, columns: number): number {
    const completed = Math.floor((this.pending + samples.length) / this.cfg.hop);
    if (completed > columns || out.length < this.fft.bins * columns) {
      // Checked before any sample is taken, so a refused call leaves the analyser as it was.
      throw new RangeError(
        `StftAnalyzer.pushBinMajor: ${completed} frames into ${columns} columns of ${out.length} values`,
      );
    }
    let count = 0;
    this.feed(samples, () => this.analyze(out, count++, columns));
    return count;
  }

  /** Forgets all pushed samples, as if newly constructed. */
  reset(): void {
    this.ring.fill(0);
    this.writeIndex = 0;
    this.pending = 0;
  }

  /** Copies `samples` into the ring, calling `frameDone` each time a frame is complete. */
  private feed(samples: Float32Array, frameDone: () => void): void {
    const { fftSize, hop } = this.cfg;
    const ring = this.ring;
    // Copied in runs up to the next frame or the end of the ring, not sample by sample.
    for (let i = 0; i < samples.length;) {
      const run = Math.min(samples.length - i, hop - this.pending, fftSize - this.writeIndex);
      ring.set(samples.subarray(i, i + run), this.writeIndex);
      i += run;
      this.writeIndex = this.writeIndex + run === fftSize ? 0 : this.writeIndex + run;
      this.pending += run;
      if (this.pending === hop) {
        this.pending = 0;
        frameDone();
      }
    }
  }

  /** Magnitudes of the frame ending now, bin b written to `out[offset + b * stride]`. */
  private analyze(out: Float32Array, offset: number, stride: number): void {
    const n = this.cfg.fftSize;
    const c = this.compiled;
    if (c) {
      c.kernel.analyze(c.fft, this.ring, this.writeIndex, this.window, c.mags);
      const mags = c.mags;
      for (let k = 0, at = offset; k < mags.length; k++, at += stride) out[at] = mags[k]!;
      return;
    }
    // The oldest sample sits at writeIndex; unroll the ring into frame order.
    const { ring, window, frame, writeIndex: w } = this;
    const tail = n - w;
    for (let j = 0; j < tail; j++) frame[j] = ring[w + j]! * window[j]!;
    for (let j = tail; j < n; j++) frame[j] = ring[j - tail]! * window[j]!;
    this.fft.forward(this.frame, this.re, this.im);
    const { re, im } = this;
    for (let k = 0, at = offset; k < re.length; k++, at += stride) {
      const a = re[k]!;
      const b = im[k]!;
      // Not Math.hypot, which guards against overflow that audio magnitudes never reach, slowly.
      out[at] = Math.sqrt(a * a + b * b);
    }
  }
}

/** Magnitudes of all `floor(L / hop)` causal frames of `signal`. */
export function stftMagnitudes(signal: Float32Array, cfg: StftConfig): Float32Array[] {
  return new StftAnalyzer(cfg).push(signal);
}

/**
 * Complex causal STFT of `signal` (same framing as {@link stftMagnitudes}),
 * computed in double precision; for metrics, tests and Griffin–Lim.
 */
export function stftComplex(signal: ArrayLike<number>, cfg: StftConfig): ComplexFrame[] {
  validateStftConfig(cfg);
  const { fftSize, hop } = cfg;
  const fft = sharedFft(fftSize);
  const w = hann(fftSize);
  const buf = new Float64Array(fftSize);
  const count = Math.floor(signal.length / hop);
  const frames: ComplexFrame[] = [];
  for (let f = 0; f < count; f++) {
    const start = frameStart(f, cfg);
    for (let j = 0; j < fftSize; j++) {
      const t = start + j;
      buf[j] = t >= 0 ? (signal[t] ?? 0) * (w[j] ?? 0) : 0;
    }
    const frame = { re: new Float64Array(fft.bins), im: new Float64Array(fft.bins) };
    fft.forward(buf, frame.re, frame.im);
    frames.push(frame);
  }
  return frames;
}

/**
 * `r ↦ Σ_{j ≡ r (mod hop), 0 ≤ j < N} w[j]²`: the overlap-add normaliser of a
 * sample whose position within the frames is ≡ r (mod hop), when every frame
 * covering it exists.
 */
export function squaredWindowSum(window: Float32Array, hop: number): Float64Array {
  const sums = new Float64Array(hop);
  for (let j = 0; j < window.length; j++) {
    const r = j % hop;
    sums[r] = (sums[r] ?? 0) + (window[j] ?? 0) ** 2;
  }
  return sums;
}

/**
 * Inverse causal STFT by windowed overlap-add: each frame's inverse DFT is
 * multiplied by the Hann window, added at its causal position, and every output
 * sample is divided by the Σ w² of the frames that cover it (the least-squares
 * inverse, so `istft(stftComplex(x)) = x`). Output has `frames.length * hop`
 * samples aligned with the analysed signal. `floor` bounds the divisor from
 * below, relative to the mean steady-state Σ w², where few frames cover the
 * tail.
 */
export function istft(
  frames: readonly ComplexFrame[],
  cfg: StftConfig,
  floor = 1e-15,
): Float32Array {
  validateStftConfig(cfg);
  const { fftSize, hop } = cfg;
  const fft = sharedFft(fftSize);
  const w = hann(fftSize);
  const length = frames.length * hop;
  const acc = new Float64Array(length);
  const norm = new Float64Array(length);
  const buf = new Float64Array(fftSize);
  frames.forEach((frame, f) => {
    fft.inverse(frame.re, frame.im, buf);
    const start = frameStart(f, cfg);
    for (let j = Math.max(0, -start); j < fftSize && start + j < length; j++) {
      const wj = w[j] ?? 0;
      const t = start + j;
      acc[t] = (acc[t] ?? 0) + (buf[j] ?? 0) * wj;
      norm[t] = (norm[t] ?? 0) + wj * wj;
    }
  });
  const steady = squaredWindowSum(w, hop).reduce((a, b) => a + b, 0) / hop;
  const out = new Float32Array(length);
  for (let t = 0; t < length; t++) {
    out[t] = (acc[t] ?? 0) / Math.max(norm[t] ?? 0, floor * steady);
  }
  return out;
}
