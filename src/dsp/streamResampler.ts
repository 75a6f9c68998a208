/**
 * Resampling of a stream that arrives in chunks of any size (live input at the AudioContext's
 * rate, needed at the model's rate). The same kernel as {@link resample}: concatenated, the
 * chunks it returns (plus {@link StreamResampler.flush}) equal `resample` of the whole signal.
 * Each output sample waits for the input up to `halfWidth` samples past its position, so the
 * stream is delayed by {@link StreamResampler.latencySeconds}. Written by hand for the same
 * reasons as `resample.ts`; history kept in one growing buffer, compacted as it is consumed.
 */
import { checkRate, resamplingKernel, type ResamplingKernel } from "./resample";

export class StreamResampler {
  private readonly kernel: ResamplingKernel | undefined;
  /** Input samples from absolute index `base` on. */
  private history = new Float32Array(1024);
  private historyLength = 0;
  private base = 0;
  /** Absolute index of the next output sample. */
  private nextOut = 0;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    checkRate("StreamResampler", "fromRate", fromRate);
    checkRate("StreamResampler", "toRate", toRate);
    this.kernel = fromRate === toRate ? undefined : resamplingKernel(fromRate, toRate);
  }

  /** Delay of the output behind the input: the kernel's reach past each output position. */
  get latencySeconds(): number {
    return this.kernel ? Math.ceil(this.kernel.halfWidth) / this.fromRate : 0;
  }

  /** Feeds `input` and returns every output sample that is now complete. */
  push(input: Float32Array): Float32Array {
    if (!this.kernel) return input.slice();
    this.append(input);
    return this.produce(this.base + this.historyLength);
  }

  /**
   * Ends the stream: the input is taken as zero from here on, and the samples still owed up to
   * `round(total input · toRate / fromRate)` are returned. The resampler can then start a new
   * stream.
   */
  flush(): Float32Array {
    if (!this.kernel) return new Float32Array(0);
    const inputLength = this.base + this.historyLength;
    const total = Math.round((inputLength * this.toRate) / this.fromRate);
    const out = new Float32Array(Math.max(0, total - this.nextOut));
    for (let k = 0; k < out.length; k++) out[k] = this.at(this.nextOut + k, inputLength);
    this.reset();
    return out;
  }

  /** Forgets the stream so far (the next sample pushed is sample 0 of a new stream). */
  reset(): void {
    this.historyLength = 0;
    this.base = 0;
    this.nextOut = 0;
  }

  /** Outputs whose kernel lies entirely before input index `available`. */
  private produce(available: number): Float32Array {
    const { halfWidth } = this.kernel!;
    // Output i needs inputs up to floor(t + halfWidth) < available, with t = i · from / to.
    let end = this.nextOut;
    while (Math.floor((end * this.fromRate) / this.toRate + halfWidth) < available) end++;
    const out = new Float32Array(end - this.nextOut);
    for (let k = 0; k < out.length; k++) out[k] = this.at(this.nextOut + k, available);
    this.nextOut = end;
    // Inputs before the next output's kernel are never read again.
    this.drop(Math.max(0, Math.ceil((end * this.fromRate) / this.toRate - halfWidth)));
    return out;
  }

  /** Output sample `i`, reading inputs below `limit` (zero past it and before the stream). */
  private at(i: number, limit: number): number {
    const { halfWidth, gain, weight } = this.kernel!;
    const t = (i * this.fromRate) / this.toRate;
    const first = Math.max(0, Math.ceil(t - halfWidth));
    const last = Math.min(limit - 1, Math.floor(t + halfWidth));
    let sum = 0;
    for (let j = first; j <= last; j++) sum += this.history[j - this.base]! * weight(t - j);
    return gain * sum;
  }

  private append(input: Float32Array): void {
    const need = this.historyLength + input.length;
    if (need > this.history.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.history.length));
      grown.set(this.history.subarray(0, this.historyLength));
      this.history = grown;
    }
    this.history.set(input, this.historyLength);
    this.historyLength = need;
  }

  /** Discards inputs below absolute index `upTo`. */
  private drop(upTo: number): void {
    const n = Math.min(this.historyLength, upTo - this.base);
    if (n <= 0) return;
    this.history.copyWithin(0, n, this.historyLength);
    this.historyLength -= n;
    this.base += n;
  }
}
