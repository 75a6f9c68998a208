/**
 * Live input for a stream: reads the capture ring the capture worklet fills, resamples it from
 * the AudioContext's rate to the patch clock's when they differ, and hands the stream one block
 * at a time. The host calls `advance(n)` once per block; every live source of every stream
 * rendering that block (the one playing, one fading in or out) reads the same samples through
 * `block(n)`, so a crossfade never consumes the input twice.
 */
import {
  atomicsWaitAsync,
  CaptureRingReader,
  type AtomicsWaiter,
  type CaptureRingShared,
} from "../../audio/captureRing";
import { StreamResampler } from "../../dsp/streamResampler";
import type { LiveInput } from "../nodeDefinition";

export class LiveFeed implements LiveInput {
  private reader: CaptureRingReader | undefined;
  private resampler: StreamResampler | undefined;
  private readonly scratch = new Float32Array(4096);
  /** Input at the clock's rate, read from the ring and not yet handed out. */
  private queue = new Float32Array(8192);
  private queued = 0;
  private current = new Float32Array(0);
  /** Samples answered with silence because the input was missing when a block was due. */
  missingSamples = 0;
  /** Samples skipped to keep the delay bounded when input piled up (a stall of the worker). */
  skippedSamples = 0;

  /** The patch clock's rate, set by {@link attach}. */
  clockRate = 0;

  /** True while a capture ring is attached. */
  get attached(): boolean {
    return this.reader !== undefined;
  }

  /** The capture ring's rate, when attached. */
  get inputRate(): number | undefined {
    return this.reader?.shared.sampleRate;
  }

  /** Delay the resampler adds, in samples at the clock's rate (0 at equal rates). */
  get latencySamples(): number {
    return Math.round((this.resampler?.latencySeconds ?? 0) * this.clockRate);
  }

  /**
   * Reads `ring` from now on, resampled to `clockRate` (no ring: no input, blocks are silence).
   * Stale input is dropped.
   */
  attach(ring: CaptureRingShared | undefined, clockRate: number): void {
    this.clockRate = clockRate;
    this.reader = ring && new CaptureRingReader(ring);
    this.resampler =
      ring && ring.sampleRate !== this.clockRate
        ? new StreamResampler(ring.sampleRate, this.clockRate)
        : undefined;
    this.queued = 0;
    this.discard();
  }

  /** Drops everything captured so far: the next block starts with what arrives from now on. */
  discard(): void {
    this.drain();
    this.queued = 0;
    this.resampler?.reset();
  }

  /** Samples ready at the clock's rate (drains the ring first). */
  available(): number {
    this.drain();
    return this.queued;
  }

  /** Keeps only the newest `keep` samples queued; returns how many were skipped. */
  skipTo(keep: number): number {
    const skip = Math.max(0, this.available() - keep);
    if (skip > 0) {
      this.queue.copyWithin(0, skip, this.queued);
      this.queued -= skip;
      this.skippedSamples += skip;
    }
    return skip;
  }

  /**
   * Resolves once `n` samples are ready at the clock's rate, woken by the capture worklet when the
   * input completes them, or after `timeoutMs`, or on {@link wake}; true if they are ready. No
   * input attached: false at once.
   */
  async waitFor(
    n: number,
    timeoutMs: number,
    wait: AtomicsWaiter = atomicsWaitAsync,
  ): Promise<boolean> {
    const missing = n - this.available();
    if (missing <= 0) return true;
    const reader = this.reader;
    if (!reader) return false;
    // Input frames at the ring's rate that make `missing` at the clock's; a resampler holding a
    // few back wakes this early, and the caller waits again.
    const ratio = reader.shared.sampleRate / this.clockRate;
    await reader.waitFor(Math.ceil(missing * ratio), timeoutMs, wait);
    return this.available() >= n;
  }

  /** The capture worklet's frame count (0 without input): it moves once per render quantum. */
  capturedFrames(): number {
    return this.reader?.capturedFrames() ?? 0;
  }

  /** Ends a {@link waitFor} early (the host stops or the input changes). */
  wake(): void {
    this.reader?.wake();
  }

  /** Makes the next `n` queued samples the current block; silence where input is missing. */
  advance(n: number): void {
    if (this.current.length !== n) this.current = new Float32Array(n);
    const got = Math.min(n, this.available());
    this.current.set(this.queue.subarray(0, got));
    this.current.fill(0, got);
    this.queue.copyWithin(0, got, this.queued);
    this.queued -= got;
    if (this.reader) this.missingSamples += n - got;
  }

  block(samples: number): Float32Array {
    if (samples !== this.current.length) {
      throw new Error(
        `live input: a block of ${samples} samples was asked for, but ${this.current.length} were taken (the host advances the feed once per block)`,
      );
    }
    return this.current;
  }

  private drain(): void {
    const reader = this.reader;
    if (!reader) return;
    for (;;) {
      const n = reader.read(this.scratch);
      if (n === 0) break;
      const chunk = this.scratch.subarray(0, n);
      this.enqueue(this.resampler ? this.resampler.push(chunk) : chunk);
    }
  }

  private enqueue(samples: Float32Array): void {
    const need = this.queued + samples.length;
    if (need > this.queue.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.queue.length));
      grown.set(this.queue.subarray(0, this.queued));
      this.queue = grown;
    }
    this.queue.set(samples, this.queued);
    this.queued = need;
  }
}
