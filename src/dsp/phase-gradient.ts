import { PhaseIntegrator, type PhaseFrames } from "./phase-integration";
import { DspKernel, heapArrays } from "./dsp-kernel";
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
const LOG_OF_FLOOR = Math.log(LOG_FLOOR);
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
 * the previous and current frame, see {@link PhaseIntegrator}): to the next
 * frame with the trapezoidal rule in time, and along the frame with the
 * trapezoidal rule in frequency.
 * Coefficients below `tolerance × max` (relative, over both frames) get a
 * uniformly random phase from a fixed-seed PRNG that is part of the state, so
 * the result depends only on the sequence of frames.
 * The per-bin steps after the gradients run in a {@link DspKernel} (the
 * same steps compiled to WebAssembly, the same phases bit for bit) where
 * WebAssembly is there.
 */
export class RtpghiPhase {
  private readonly bins: number;
  private readonly hop: number;
  private readonly logTol: number;
  private readonly seed: number;
  /** ∂φ/∂n per unit of ∂s/∂k: a·N/λ. */
  private readonly tCoef: number;
  /** −λ/N, the factor from ∂s/∂x to ∂φ/∂k. */
  private readonly negFCoef: number;
  /** (N/λ)², the factor from ∂²s/∂k² to ∂²s/∂x². */
  private readonly curvatureCoef: number;
  /** −2π/λ, the curvature of a click. */
  private readonly clickCurvature: number;
  /** 2π·a·k/N for every bin k: the phase advance of a steady sinusoid. */
  private readonly binAdvance: Float64Array;
  /** With a kernel: tCoef, negFCoef, curvatureCoef, clickCurvature, hop, floor, in its memory. */
  private readonly kernelCoef: Float64Array | undefined;
  private rng: number;
  private prevMax: number;
  /** The current and previous frame; the integrator reads and writes them too. */
  private readonly frames: PhaseFrames;
  private readonly integrator: PhaseIntegrator;
  /** Where the compiled steps run and the frames live; undefined: JavaScript only. */
  readonly kernel: DspKernel | undefined;

  /**
   * @param cfg STFT geometry of the magnitudes
   * @param tolerance relative magnitude below which a bin gets random phase
   * @param seed PRNG seed for those phases
   * @param kernel the compiled steps' kernel to use (its memory holds the frames); `false` for
   *   JavaScript only; default: a kernel of its own where WebAssembly is there
   */
  constructor(cfg: StftConfig, tolerance = 1e-5, seed = 0x2545f491, kernel?: DspKernel | false) {
    validateStftConfig(cfg);
    const { fftSize: n, hop: a } = cfg;
    const lambda = hannGaussianLambda(n);
    this.hop = a;
    this.bins = n / 2 + 1;
    this.logTol = Math.log(tolerance);
    this.seed = seed >>> 0;
    this.rng = this.seed;
    this.tCoef = (a * n) / lambda;
    this.negFCoef = -(lambda / n);
    this.curvatureCoef = (n / lambda) ** 2;
    this.clickCurvature = (-2 * Math.PI) / lambda;
    const m = this.bins;
    this.kernel = kernel === false ? undefined : (kernel ?? DspKernel.create(m, 0));
    if (this.kernel && this.kernel.bins !== m)
      throw new RangeError(`RtpghiPhase: a kernel for ${this.kernel.bins} bins, not ${m}`);
    const array = (n: number) => (this.kernel ?? heapArrays).f64(n);
    this.binAdvance = array(m);
    for (let k = 0; k < m; k++) this.binAdvance[k] = (TWO_PI * a * k) / n;
    this.kernelCoef = this.kernel?.f64(6);
    this.kernelCoef?.set([
      this.tCoef,
      this.negFCoef,
      this.curvatureCoef,
      this.clickCurvature,
      a,
      LOG_FLOOR,
    ]);
    this.prevMax = LOG_OF_FLOOR;
    this.frames = {
      log: array(m),
      prevLog: array(m).fill(LOG_OF_FLOOR),
      dt: array(m),
      prevDt: array(m),
      df: array(m),
      phase: array(m),
      prevPhase: array(m),
    };
    this.integrator = new PhaseIntegrator(this.frames, LOG_FLOOR, this.kernel);
  }

  /** Forgets all frames and reseeds the PRNG, as if newly constructed. */
  reset(): void {
    this.prevMax = LOG_OF_FLOOR;
    this.frames.prevLog.fill(LOG_OF_FLOOR);
    this.frames.prevDt.fill(0);
    this.frames.prevPhase.fill(0);
    this.integrator.reset();
    this.rng = this.seed;
  }

  /**
   * Estimates the phases of the next frame from its magnitudes (`fftSize/2+1`
   * bins): bins below the tolerance get a random phase, the others are
   * integrated. Returns an internal array of phases in [-π, π], valid until
   * the next call.
   */
  next(mag: Float32Array): Float64Array {
    const m = this.bins;
    if (mag.length !== m) {
      throw new RangeError(`RtpghiPhase: expected ${m} bins per frame, got ${mag.length}`);
    }
    if (this.kernel) this.nextInKernel(this.kernel, mag);
    else this.integrate(mag, this.gradients(mag));
    return this.advance();
  }

  /** {@link gradients} and {@link integrate} in the kernel, the frame's magnitudes copied there. */
  private nextInKernel(kernel: DspKernel, mag: Float32Array): void {
    kernel.mag.set(mag);
    const { log, prevLog, dt, phase } = this.frames;
    kernel.set("log", log);
    kernel.set("prevLog", prevLog);
    kernel.set("dt", dt);
    const frameMax = kernel.gradients(this.binAdvance, this.kernelCoef!);
    // As in gradients: the previous frame's maximum is remembered rather than rescanned.
    const threshold = Math.max(frameMax, this.prevMax) + this.logTol;
    this.prevMax = frameMax;
    this.rng = kernel.randomPhases(log, threshold, phase, this.rng);
    this.integrator.integrate(kernel.mag, threshold);
  }

  /** Gives the bins below `threshold` a random phase and integrates the others. */
  private integrate(mag: Float32Array, threshold: number): void {
    const { log: s, phase } = this.frames;
    // mulberry32, a uniform number in [0, 1) per bin, its state in a local.
    let state = this.rng;
    for (let k = 0; k < this.bins; k++) {
      if (s[k]! < threshold) {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        phase[k] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * TWO_PI - Math.PI;
      }
    }
    this.rng = state;
    this.integrator.integrate(mag, threshold);
  }

  /** Wraps the current phases into [-π, π] and makes the current frame the previous one. */
  private advance(): Float64Array {
    const f = this.frames;
    const { log, dt, phase } = f;
    if (this.kernel) this.kernel.wrap(phase);
    else {
      for (let k = 0; k < this.bins; k++) {
        const p = phase[k] ?? 0;
        phase[k] = p - TWO_PI * Math.round(p / TWO_PI);
      }
    }
    // Swap buffers, no copies.
    f.log = f.prevLog;
    f.prevLog = log;
    f.dt = f.prevDt;
    f.prevDt = dt;
    f.phase = f.prevPhase;
    f.prevPhase = phase;
    return phase;
  }

  /**
   * Fills the current log-magnitudes, time and frequency phase derivatives;
   * returns the log-magnitude below which bins get random phase.
   */
  private gradients(mag: Float32Array): number {
    const m = this.bins;
    const { log: s, prevLog: sp, dt, df } = this.frames;
    const { binAdvance, hop: a } = this;
    const { tCoef, negFCoef, curvatureCoef, clickCurvature } = this;
    const halfHop = a / 2;
    let frameMax = -Infinity;
    for (let k = 0; k < m; k++) {
      const v = Math.log(Math.max(mag[k] ?? 0, LOG_FLOOR));
      s[k] = v;
      if (v > frameMax) frameMax = v;
    }
    // The previous frame's maximum is remembered rather than rescanned.
    const threshold = Math.max(frameMax, this.prevMax) + this.logTol;
    this.prevMax = frameMax;
    // s is even in k around DC and Nyquist: the missing neighbour is mirrored.
    let below = s[1] ?? 0;
    let sk = s[0] ?? 0;
    for (let k = 0; k < m; k++) {
      const above = k === m - 1 ? below : (s[k + 1] ?? 0);
      dt[k] = tCoef * ((above - below) / 2) + (binAdvance[k] ?? 0);
      const curvature = clickCurvature - curvatureCoef * (above - 2 * sk + below);
      const dsdx = (sk - (sp[k] ?? 0)) / a + halfHop * curvature;
      df[k] = negFCoef * dsdx - Math.PI;
      below = sk;
      sk = above;
    }
    return threshold;
  }
}
