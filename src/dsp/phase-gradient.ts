import { MaxHeap } from "./max-heap";
import { validateStftConfig, type StftConfig } from "./stft";

/**
 * λ of the Gaussian window equivalent to a Hann window of length N, for the
 * Gaussian `exp(-π t² / λ)` (Průša & Søndergaard 2016: λ = 0.25645 N²).
 */
export function hannGaussianLambda(fftSize: number): number {
  return 0.25645 * fftSize * fftSize;
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
export class RtpghiPhase {
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
  private readonly heap: MaxHeap;

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
    this.heap = new MaxHeap(2 * m);
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
