import FFT from "fft.js";
import { hannGaussianLambda } from "../../src/dsp/phase-gradient";
import { squaredWindowSum, validateStftConfig, type StftConfig } from "../../src/dsp/stft";
import { hann } from "../../src/dsp/window";

/*
 * The streaming RTPGHI synthesis as it was before it was optimised (src/dsp/rtpghi.ts,
 * phase-gradient.ts, max-heap.ts, overlap-add.ts and RealFft.inverse of fft.ts), kept
 * verbatim apart from the class names and exports (the unused forward FFT is left out):
 * the oracle for tests/dsp/synthEquivalence.test.ts and the "old" side of
 * `npm run bench:dsp`. Do not optimise it.
 */

/**
 * A fixed-capacity binary max-heap of integer items keyed by a number, with
 * preallocated storage so that pushes and pops never allocate.
 */
export class LegacyMaxHeap {
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  private count = 0;

  /** @param capacity the most items held at once */
  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Removes every item. */
  clear(): void {
    this.count = 0;
  }

  /** Adds `item` with priority `key`; throws when the heap is full. */
  push(item: number, key: number): void {
    if (this.count === this.items.length) throw new RangeError("MaxHeap: capacity exceeded");
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] ?? 0;
      if (pk >= key) break;
      this.items[i] = this.items[parent] ?? 0;
      this.keys[i] = pk;
      i = parent;
    }
    this.items[i] = item;
    this.keys[i] = key;
  }

  /** Removes and returns the item with the largest key; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.items[0] ?? -1;
    const n = --this.count;
    const item = this.items[n] ?? 0;
    const key = this.keys[n] ?? 0;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (this.keys[r] ?? 0) > (this.keys[l] ?? 0) ? r : l;
      const ck = this.keys[c] ?? 0;
      if (ck <= key) break;
      this.items[i] = this.items[c] ?? 0;
      this.keys[i] = ck;
      i = c;
    }
    this.items[i] = item;
    this.keys[i] = key;
    return top;
  }
}

/**
 * A real FFT of one power-of-two size, wrapping fft.js with preallocated
 * scratch buffers so that repeated transforms do not allocate.
 *
 * Conventions: forward is the unnormalised DFT `X_k = Σ x[n] e^{-2πikn/N}`;
 * inverse includes the 1/N factor, so `inverse(forward(x)) = x`.
 */
export class LegacyRealFft {
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

/** Magnitudes below this absolute floor are treated as this value in the log domain. */
const LOG_FLOOR = 1e-10;
const TWO_PI = 2 * Math.PI;

/**
 * Causal Real-Time Phase Gradient Heap Integration (RTPGHI without look-ahead;
 * Průša & Søndergaard, "Real-time spectrogram inversion using phase gradient
 * heap integration", DAFx 2016). Hand-written: no library does this.
 *
 * For the causal framing of {@link StftConfig} (phase referenced to the frame
 * start, window centred at N/2) the Gaussian phase–magnitude relations give,
 * with s = log|X|, hop a and N = fftSize:
 * - time direction: `∂φ/∂n = a·N/λ · ∂s/∂k + 2π·a·k/N` (centred difference in k),
 * - frequency direction: `∂φ/∂k = -λ/N · ∂s/∂x - π`, x in samples. No
 *   look-ahead is allowed, so the backward difference `(s_n − s_{n−1}) / a`,
 *   which estimates ∂s/∂x half a hop early (and would place transients half a
 *   hop late), is corrected by `(a/2)·∂²s/∂x²`. For a Gaussian STFT the
 *   log-magnitude plus πx²/λ is harmonic, so the curvature follows from the
 *   current frame alone: `∂²s/∂x² = -2π/λ - (N/λ)² ∂²s/∂k²`, which is exactly
 *   -2π/λ for a click and 0 for a steady sinusoid.
 * Phases are integrated from the largest coefficients outward (a max-heap over
 * the previous and current frame): to the next frame with the trapezoidal rule
 * in time, and along the frame with the trapezoidal rule in frequency.
 * Coefficients below `tolerance × max` (relative, over both frames) get a
 * uniformly random phase from a fixed-seed PRNG that is part of the state, so
 * the result depends only on the sequence of frames.
 */
export class LegacyRtpghiPhase {
  private readonly bins: number;
  private readonly hop: number;
  private readonly fftSize: number;
  private readonly lambda: number;
  private readonly logTol: number;
  private readonly seed: number;
  private rng: number;
  private prevLog: Float64Array;
  private prevDt: Float64Array;
  private prevPhase: Float64Array;
  private curLog: Float64Array;
  private curDt: Float64Array;
  private curPhase: Float64Array;
  private readonly df: Float64Array;
  private readonly done: Uint8Array;
  private readonly heap: LegacyMaxHeap;

  /**
   * @param cfg STFT geometry of the magnitudes
   * @param tolerance relative magnitude below which a bin gets random phase
   * @param seed PRNG seed for those phases
   */
  constructor(cfg: StftConfig, tolerance = 1e-5, seed = 0x2545f491) {
    validateStftConfig(cfg);
    this.fftSize = cfg.fftSize;
    this.hop = cfg.hop;
    this.bins = cfg.fftSize / 2 + 1;
    this.lambda = hannGaussianLambda(cfg.fftSize);
    this.logTol = Math.log(tolerance);
    this.seed = seed >>> 0;
    this.rng = this.seed;
    const m = this.bins;
    this.prevLog = new Float64Array(m).fill(Math.log(LOG_FLOOR));
    this.prevDt = new Float64Array(m);
    this.prevPhase = new Float64Array(m);
    this.curLog = new Float64Array(m);
    this.curDt = new Float64Array(m);
    this.curPhase = new Float64Array(m);
    this.df = new Float64Array(m);
    this.done = new Uint8Array(m);
    this.heap = new LegacyMaxHeap(2 * m);
  }

  /** Forgets all frames and reseeds the PRNG, as if newly constructed. */
  reset(): void {
    this.prevLog.fill(Math.log(LOG_FLOOR));
    this.prevDt.fill(0);
    this.prevPhase.fill(0);
    this.rng = this.seed;
  }

  /**
   * Estimates the phases of the next frame from its magnitudes (`fftSize/2+1`
   * bins). Returns an internal array of phases in [-π, π], valid until the
   * next call.
   */
  next(mag: Float32Array): Float64Array {
    const m = this.bins;
    if (mag.length !== m) {
      throw new RangeError(`RtpghiPhase: expected ${m} bins per frame, got ${mag.length}`);
    }
    const { curLog: s, prevLog: sp, curDt: dt, df, done, heap } = this;
    const phase = this.curPhase;
    let maxLog = -Infinity;
    for (let k = 0; k < m; k++) {
      const v = Math.log(Math.max(mag[k] ?? 0, LOG_FLOOR));
      s[k] = v;
      if (v > maxLog) maxLog = v;
      if ((sp[k] ?? 0) > maxLog) maxLog = sp[k] ?? 0;
    }
    const { hop: a, fftSize: n, lambda } = this;
    const tCoef = (a * n) / lambda;
    const fCoef = lambda / n;
    const curvatureCoef = (n / lambda) ** 2;
    for (let k = 0; k < m; k++) {
      const sk = s[k] ?? 0;
      // s is even in k around DC and Nyquist: mirror the missing neighbour.
      const below = k === 0 ? (s[1] ?? 0) : (s[k - 1] ?? 0);
      const above = k === m - 1 ? (s[k - 1] ?? 0) : (s[k + 1] ?? 0);
      const ds = (above - below) / 2;
      dt[k] = tCoef * ds + (TWO_PI * a * k) / n;
      const curvature = (-2 * Math.PI) / lambda - curvatureCoef * (above - 2 * sk + below);
      const dsdx = (sk - (sp[k] ?? 0)) / a + (a / 2) * curvature;
      df[k] = -fCoef * dsdx - Math.PI;
    }
    const threshold = maxLog + this.logTol;
    let remaining = 0;
    for (let k = 0; k < m; k++) {
      if ((s[k] ?? 0) < threshold) {
        phase[k] = this.random() * TWO_PI - Math.PI;
        done[k] = 1;
      } else {
        done[k] = 0;
        remaining++;
      }
    }
    heap.clear();
    for (let k = 0; k < m; k++) if ((sp[k] ?? 0) >= threshold) heap.push(k + m, sp[k] ?? 0);
    while (remaining > 0) {
      if (heap.size === 0) {
        let best = -1;
        for (let k = 0; k < m; k++) {
          if (!done[k] && (best < 0 || (s[k] ?? 0) > (s[best] ?? 0))) best = k;
        }
        this.fromPrevious(best);
        remaining--;
        continue;
      }
      const item = heap.pop();
      if (item >= m) {
        const k = item - m;
        if (!done[k]) {
          this.fromPrevious(k);
          remaining--;
        }
        continue;
      }
      for (let kk = item - 1; kk <= item + 1; kk += 2) {
        if (kk < 0 || kk >= m || done[kk]) continue;
        const step = ((df[item] ?? 0) + (df[kk] ?? 0)) / 2;
        phase[kk] = (phase[item] ?? 0) + (kk > item ? step : -step);
        done[kk] = 1;
        heap.push(kk, s[kk] ?? 0);
        remaining--;
      }
    }
    for (let k = 0; k < m; k++) {
      const p = phase[k] ?? 0;
      phase[k] = p - TWO_PI * Math.round(p / TWO_PI);
    }
    // The current frame becomes the previous one; swap buffers, no copies.
    this.curLog = sp;
    this.prevLog = s;
    this.curDt = this.prevDt;
    this.prevDt = dt;
    this.curPhase = this.prevPhase;
    this.prevPhase = phase;
    return phase;
  }

  /** Integrates bin k of the current frame from the previous frame in time. */
  private fromPrevious(k: number): void {
    const step = ((this.prevDt[k] ?? 0) + (this.curDt[k] ?? 0)) / 2;
    this.curPhase[k] = (this.prevPhase[k] ?? 0) + step;
    this.done[k] = 1;
    this.heap.push(k, this.curLog[k] ?? 0);
  }

  /** mulberry32: a uniform number in [0, 1). */
  private random(): number {
    this.rng = (this.rng + 0x6d2b79f5) >>> 0;
    let t = this.rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/**
 * Streaming inverse of the causal STFT by windowed overlap-add. Each added
 * frame is inverse-transformed, windowed by the periodic Hann window and added
 * at its causal position `(f+1)*hop - fftSize`; a sample is emitted once every
 * frame covering it has been added, divided by the Σ w² of those frames. So
 * frames of the STFT of x come out as x delayed by `latencySamples =
 * fftSize - hop`; stream samples before that are 0 (the analysis treats the
 * signal before time 0 as silent). Allocates only in the constructor.
 */
export class LegacyOverlapAdd {
  /** Delay between the analysed signal and the emitted stream, in samples. */
  readonly latencySamples: number;
  private readonly fftSize: number;
  private readonly hop: number;
  private readonly fft: LegacyRealFft;
  private readonly window: Float32Array;
  private readonly inverseNorm: Float64Array;
  private readonly acc: Float64Array;
  private readonly frame: Float64Array;
  private framesAdded = 0;

  constructor(cfg: StftConfig) {
    validateStftConfig(cfg);
    this.fftSize = cfg.fftSize;
    this.hop = cfg.hop;
    this.latencySamples = cfg.fftSize - cfg.hop;
    this.fft = new LegacyRealFft(cfg.fftSize);
    this.window = hann(cfg.fftSize);
    const sums = squaredWindowSum(this.window, cfg.hop);
    // hop = fftSize leaves position 0 uncovered (w[0] = 0): emit 0 there, not NaN.
    this.inverseNorm = sums.map((v) => (v > 1e-12 ? 1 / v : 0));
    this.acc = new Float64Array(cfg.fftSize);
    this.frame = new Float64Array(cfg.fftSize);
  }

  /**
   * Adds one frame given by bins 0..fftSize/2 and writes the `hop` samples it
   * completes into `out` starting at `offset`.
   */
  addFrame(re: ArrayLike<number>, im: ArrayLike<number>, out: Float32Array, offset: number): void {
    const { fftSize: n, hop, acc, frame, window } = this;
    this.fft.inverse(re, im, frame);
    for (let j = 0; j < n; j++) acc[j] = (acc[j] ?? 0) + (frame[j] ?? 0) * (window[j] ?? 0);
    // Stream sample s holds signal sample s - latency; those before 0 are silent.
    const firstSignalSample = this.framesAdded * hop - this.latencySamples;
    for (let j = 0; j < hop; j++) {
      out[offset + j] = firstSignalSample + j < 0 ? 0 : (acc[j] ?? 0) * (this.inverseNorm[j] ?? 0);
    }
    acc.copyWithin(0, hop);
    acc.fill(0, n - hop);
    this.framesAdded++;
  }

  /** Forgets all frames, as if newly constructed. */
  reset(): void {
    this.acc.fill(0);
    this.framesAdded = 0;
  }
}

/**
 * Streaming synthesis from STFT magnitudes: causal RTPGHI phase reconstruction
 * ({@link RtpghiPhase}) followed by windowed overlap-add ({@link OverlapAdd})
 * with the analyser's causal frame placement.
 *
 * Each push of F frames returns exactly `F * hop` samples; output stream
 * sample s is the reconstruction of signal sample `s - latencySamples`, with
 * `latencySamples = fftSize - hop`. The output depends only on the sequence of
 * frames, not on how it is split into pushes.
 */
export class LegacySpectralSynth {
  /** Delay of the output stream behind the analysed signal, `fftSize - hop`. */
  readonly latencySamples: number;
  private readonly hop: number;
  private readonly bins: number;
  private readonly phase: LegacyRtpghiPhase;
  private readonly ola: LegacyOverlapAdd;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  /** @param cfg STFT geometry of the magnitude frames */
  constructor(cfg: StftConfig) {
    validateStftConfig(cfg);
    this.hop = cfg.hop;
    this.bins = cfg.fftSize / 2 + 1;
    this.phase = new LegacyRtpghiPhase(cfg);
    this.ola = new LegacyOverlapAdd(cfg);
    this.latencySamples = this.ola.latencySamples;
    this.re = new Float64Array(this.bins);
    this.im = new Float64Array(this.bins);
  }

  /**
   * Synthesises the next frames (each `fftSize/2 + 1` magnitudes) and returns
   * the `mags.length * hop` output samples they complete.
   */
  push(mags: readonly Float32Array[]): Float32Array {
    const out = new Float32Array(mags.length * this.hop);
    for (let f = 0; f < mags.length; f++) {
      const mag = mags[f];
      if (!mag || mag.length !== this.bins) {
        throw new RangeError(
          `SpectralSynth.push: frame ${f} has ${mag?.length ?? 0} bins, expected ${this.bins}`,
        );
      }
      const phi = this.phase.next(mag);
      for (let k = 0; k < this.bins; k++) {
        const a = mag[k] ?? 0;
        const p = phi[k] ?? 0;
        this.re[k] = a * Math.cos(p);
        this.im[k] = a * Math.sin(p);
      }
      this.ola.addFrame(this.re, this.im, out, f * this.hop);
    }
    return out;
  }

  /** Forgets all frames, as if newly constructed. */
  reset(): void {
    this.phase.reset();
    this.ola.reset();
  }
}
