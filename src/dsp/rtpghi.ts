import { OverlapAdd } from "./overlap-add";
import { DspKernel, fftBytes, heapArrays, olaBytes } from "./dsp-kernel";
import { RtpghiPhase } from "./phase-gradient";
import { validateStftConfig, type StftConfig } from "./stft";

export { griffinLim } from "./griffin-lim";
export { RtpghiPhase, hannGaussianLambda } from "./phase-gradient";

/**
 * Streaming synthesis from STFT magnitudes: causal RTPGHI phase reconstruction
 * ({@link RtpghiPhase}) followed by windowed overlap-add ({@link OverlapAdd})
 * with the analyser's causal frame placement.
 *
 * Each push of F frames returns exactly `F * hop` samples; output stream
 * sample s is the reconstruction of signal sample `s - latencySamples`, with
 * `latencySamples = fftSize - hop`. The output depends only on the sequence of
 * frames, not on how it is split into pushes. Where WebAssembly is there, the
 * phase's per-bin steps and {@link polarToCartesian} run compiled
 * ({@link DspKernel}; the same phases bit for bit), and so do the inverse FFT
 * and overlap-add (another FFT: samples within about 1e-7 of the JavaScript's).
 */
export class SpectralSynth {
  /** Delay of the output stream behind the analysed signal, `fftSize - hop`. */
  readonly latencySamples: number;
  private readonly hop: number;
  private readonly bins: number;
  private readonly phase: RtpghiPhase;
  private readonly ola: OverlapAdd;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  /** With a kernel: it, and the sine table in its memory. */
  private readonly compiled?: { kernel: DspKernel; table: Float64Array };

  /**
   * @param cfg STFT geometry of the magnitude frames
   * @param options `compiled: false` keeps every step in JavaScript
   */
  constructor(cfg: StftConfig, options: { compiled?: boolean } = {}) {
    validateStftConfig(cfg);
    this.hop = cfg.hop;
    this.bins = cfg.fftSize / 2 + 1;
    const kernel =
      options.compiled === false
        ? undefined
        : DspKernel.create(
            this.bins,
            SINE_TABLE.length,
            fftBytes(cfg.fftSize) + olaBytes(cfg.fftSize, cfg.hop),
          );
    this.phase = new RtpghiPhase(cfg, undefined, undefined, kernel ?? false);
    this.ola = new OverlapAdd(cfg, kernel);
    this.latencySamples = this.ola.latencySamples;
    if (kernel) {
      const table = kernel.f64(SINE_TABLE.length);
      table.set(SINE_TABLE);
      this.compiled = { kernel, table };
    }
    this.re = (kernel ?? heapArrays).f64(this.bins);
    this.im = (kernel ?? heapArrays).f64(this.bins);
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
      this.synthesize(mag, out, f * this.hop);
    }
    return out;
  }

  /**
   * {@link push} for frames stored back to back in one array (frame-major,
   * `fftSize/2 + 1` magnitudes each), which spares the caller one array per
   * frame; returns the `(frames.length / bins) * hop` samples they complete.
   */
  pushFrames(frames: Float32Array): Float32Array {
    const m = this.bins;
    if (frames.length % m !== 0) {
      throw new RangeError(
        `SpectralSynth.pushFrames: ${frames.length} magnitudes are not a whole number of ${m}-bin frames`,
      );
    }
    const count = frames.length / m;
    const out = new Float32Array(count * this.hop);
    for (let f = 0; f < count; f++) {
      this.synthesize(frames.subarray(f * m, (f + 1) * m), out, f * this.hop);
    }
    return out;
  }

  /** Phase, inverse transform and overlap-add of one frame into `out` at `offset`. */
  private synthesize(mag: Float32Array, out: Float32Array, offset: number): void {
    const phase = this.phase.next(mag);
    const c = this.compiled;
    // The phase left the frame's magnitudes in the kernel's memory.
    if (c)
      c.kernel.polar(
        c.kernel.mag,
        phase,
        this.re,
        this.im,
        c.table,
        TRIG_TABLE_SIZE,
        RADIANS_TO_TABLE,
      );
    else polarToCartesian(mag, phase, this.re, this.im);
    this.ola.addFrame(this.re, this.im, out, offset);
  }

  /** Forgets all frames, as if newly constructed. */
  reset(): void {
    this.phase.reset();
    this.ola.reset();
  }
}

/** Sine table size: linear interpolation between its points errs by at most (2π/T)²/8 ≈ 3e-7. */
const TRIG_TABLE_SIZE = 4096;
const TRIG_QUARTER = TRIG_TABLE_SIZE / 4;
const RADIANS_TO_TABLE = TRIG_TABLE_SIZE / (2 * Math.PI);
/** sin(2π i / T) for i = 0 … T + T/4: the cosine is the same table a quarter turn on. */
const SINE_TABLE = Float64Array.from({ length: TRIG_TABLE_SIZE + TRIG_QUARTER + 1 }, (_, i) =>
  Math.sin((2 * Math.PI * i) / TRIG_TABLE_SIZE),
);

/**
 * `re + i·im = mag · e^{i·phase}`, bin by bin (`mag.length` bins). The cosine and sine come from
 * a linearly interpolated table: at most 3e-7 × mag from Math.cos/Math.sin (−130 dB), and about
 * twice as fast, which counts here because every decoded bin of every frame passes through.
 */
export function polarToCartesian(
  mag: Float32Array,
  phase: Float64Array,
  re: Float64Array,
  im: Float64Array,
): void {
  const table = SINE_TABLE;
  for (let k = 0; k < mag.length; k++) {
    const a = mag[k] ?? 0;
    if (a === 0) {
      // Decoded spectra hold many exact zeros: no trigonometry for them.
      re[k] = 0;
      im[k] = 0;
      continue;
    }
    let x = (phase[k] ?? 0) * RADIANS_TO_TABLE;
    // RTPGHI's phases are already in [−π, π]; any other finite phase is wrapped too.
    if (x < 0) x += TRIG_TABLE_SIZE;
    if (!(x >= 0 && x < TRIG_TABLE_SIZE)) x -= TRIG_TABLE_SIZE * Math.floor(x / TRIG_TABLE_SIZE);
    const i = x | 0;
    const frac = x - i;
    const s0 = table[i] ?? 0;
    const c0 = table[i + TRIG_QUARTER] ?? 0;
    re[k] = a * (c0 + frac * ((table[i + TRIG_QUARTER + 1] ?? 0) - c0));
    im[k] = a * (s0 + frac * ((table[i + 1] ?? 0) - s0));
  }
}
