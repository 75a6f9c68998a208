import type { DspKernel } from "./dsp-kernel";
import { RealFft } from "./fft";
import { squaredWindowSum, validateStftConfig, type StftConfig } from "./stft";
import { hann } from "./window";

/**
 * Streaming inverse of the causal STFT by windowed overlap-add. Each added
 * frame is inverse-transformed, windowed by the periodic Hann window and added
 * at its causal position `(f+1)*hop - fftSize`; a sample is emitted once every
 * frame covering it has been added, divided by the Σ w² of those frames. So
 * frames of the STFT of x come out as x delayed by `latencySamples =
 * fftSize - hop`; stream samples before that are 0 (the analysis treats the
 * signal before time 0 as silent). With a {@link DspKernel}, the inverse FFT
 * and the overlap-add run there (another FFT than fft.js's: samples differ in
 * the last bits). Allocates only in the constructor.
 */
export class OverlapAdd {
  /** Delay between the analysed signal and the emitted stream, in samples. */
  readonly latencySamples: number;
  private readonly fftSize: number;
  private readonly hop: number;
  private readonly fft: RealFft;
  private readonly window: Float32Array;
  private readonly inverseNorm: Float64Array;
  private readonly acc: Float64Array;
  private readonly frame: Float64Array;
  private framesAdded = 0;
  /** With a kernel: its FFT and overlap-add state, and where each frame's samples come out. */
  private readonly compiled?: {
    kernel: DspKernel;
    fft: number;
    ola: number;
    out: Float32Array;
    acc: Float64Array;
  };

  /**
   * @param kernel where the inverse FFT and overlap-add run (frames' `re` and `im` must then
   *   live in its memory); made with room for {@link fftBytes} and {@link olaBytes}
   */
  constructor(cfg: StftConfig, kernel?: DspKernel) {
    validateStftConfig(cfg);
    this.fftSize = cfg.fftSize;
    this.hop = cfg.hop;
    this.latencySamples = cfg.fftSize - cfg.hop;
    this.fft = new RealFft(cfg.fftSize);
    this.window = hann(cfg.fftSize);
    const sums = squaredWindowSum(this.window, cfg.hop);
    // hop = fftSize leaves position 0 uncovered (w[0] = 0): emit 0 there, not NaN.
    this.inverseNorm = sums.map((v) => (v > 1e-12 ? 1 / v : 0));
    this.acc = new Float64Array(cfg.fftSize);
    this.frame = new Float64Array(cfg.fftSize);
    if (kernel) {
      const ola = kernel.ola(cfg.fftSize, cfg.hop, this.window, this.inverseNorm);
      const fft = kernel.fft(cfg.fftSize);
      this.compiled = { kernel, fft, ola: ola.offset, out: ola.out, acc: ola.acc };
    }
  }

  /**
   * Adds one frame given by bins 0..fftSize/2 and writes the `hop` samples it
   * completes into `out` starting at `offset`.
   */
  addFrame(re: ArrayLike<number>, im: ArrayLike<number>, out: Float32Array, offset: number): void {
    const { fftSize: n, hop, acc, frame, window } = this;
    const c = this.compiled;
    if (c) {
      const first = this.framesAdded * hop - this.latencySamples;
      c.kernel.synthesize(c.fft, c.ola, re as Float64Array, im as Float64Array, first);
      out.set(c.out, offset);
      this.framesAdded++;
      return;
    }
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
    this.compiled?.acc.fill(0);
    this.framesAdded = 0;
  }
}
