import { OverlapAdd } from "./overlap-add";
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
 * frames, not on how it is split into pushes.
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

  /** @param cfg STFT geometry of the magnitude frames */
  constructor(cfg: StftConfig) {
    validateStftConfig(cfg);
    this.hop = cfg.hop;
    this.bins = cfg.fftSize / 2 + 1;
    this.phase = new RtpghiPhase(cfg);
    this.ola = new OverlapAdd(cfg);
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
