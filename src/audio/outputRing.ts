/**
 * The output ring: interleaved float samples in a SharedArrayBuffer (ringbuf.js, wait-free,
 * one producer, one consumer) plus a small control block of Int32 counters that the worklet
 * updates and any thread reads with `Atomics`. The producer (the engine worker) writes whole
 * frames; the consumer is the output AudioWorklet (`outputProcessor.ts`).
 */
import { RingBuffer } from "ringbuf.js";
import { atomicsWaitAsync, type AtomicsWaiter } from "./captureRing";

/** The name the output processor registers under (kept here: the main thread must not import the processor module). */
export const OUTPUT_PROCESSOR_NAME = "latent-patcher-output";

/** Slots of the control block (Int32). */
export const Control = {
  /** Render quanta the worklet could not fill while playing. */
  underruns: 0,
  /** Frames answered with silence because the ring was empty while playing. */
  missingFrames: 1,
  /** Frames the worklet has played since it started. */
  framesPlayed: 2,
  /** 1 while the producer streams: only then is an empty ring an underrun. */
  playing: 3,
  /** Samples the safety stage replaced because they were NaN or infinite. */
  nonFinite: 4,
  /**
   * The `framesPlayed` count the producer waits for: the worklet calls `Atomics.notify` on
   * `framesPlayed` in the render quantum that reaches it ({@link OutputRingWriter.waitBelow}).
   */
  wakeAt: 5,
} as const;
const CONTROL_SLOTS = 6;

/** What crosses threads (postMessage, comlink, processorOptions) to share one ring. */
export interface OutputRingShared {
  readonly audio: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  readonly channels: number;
  readonly sampleRate: number;
}

export interface OutputRingOptions {
  /** The AudioContext's rate: every size is derived from it. */
  readonly sampleRate: number;
  /** Interleaved channels (default 2). */
  readonly channels?: number;
  /** Capacity in seconds (default 0.25 s). */
  readonly seconds?: number;
}

/** Allocates a ring holding `seconds` of audio at `sampleRate`. */
export function createOutputRing(opts: OutputRingOptions): OutputRingShared {
  const channels = opts.channels ?? 2;
  if (!(Number.isInteger(channels) && channels > 0))
    throw new Error(`output ring: channels must be a positive integer, got ${channels}`);
  const frames = Math.ceil((opts.seconds ?? 0.25) * opts.sampleRate);
  return {
    audio: RingBuffer.getStorageForCapacity(frames * channels, Float32Array),
    control: new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT),
    channels,
    sampleRate: opts.sampleRate,
  };
}

/** Reads the counters of a ring (any thread). */
export function ringStats(shared: OutputRingShared): {
  underruns: number;
  missingFrames: number;
  framesPlayed: number;
  nonFinite: number;
  playing: boolean;
} {
  const c = new Int32Array(shared.control);
  return {
    underruns: Atomics.load(c, Control.underruns),
    missingFrames: Atomics.load(c, Control.missingFrames),
    framesPlayed: Atomics.load(c, Control.framesPlayed),
    nonFinite: Atomics.load(c, Control.nonFinite),
    playing: Atomics.load(c, Control.playing) === 1,
  };
}

/** The producer's side: writes planar blocks as interleaved whole frames. */
export class OutputRingWriter {
  private readonly ring: RingBuffer;
  /** The control block's counters ({@link Control}), read with `Atomics`. */
  readonly control: Int32Array;
  private scratch = new Float32Array(0);

  constructor(readonly shared: OutputRingShared) {
    this.ring = new RingBuffer(shared.audio, Float32Array);
    this.control = new Int32Array(shared.control);
  }

  /** Frames that can be written now without loss. */
  writableFrames(): number {
    return Math.floor(this.ring.availableWrite() / this.shared.channels);
  }

  /** Frames written and not yet played. */
  bufferedFrames(): number {
    return Math.floor(this.ring.availableRead() / this.shared.channels);
  }

  /**
   * Writes up to `frames` frames of `channels` from `offset` (default: all), as many as fit;
   * returns how many. A mono block is copied to every ring channel; extra channels are dropped.
   */
  write(channels: readonly Float32Array[], offset = 0, frames?: number): number {
    const k = this.shared.channels;
    const wanted = frames ?? (channels[0]?.length ?? 0) - offset;
    const n = Math.min(wanted, this.writableFrames());
    if (n <= 0 || channels.length === 0) return 0;
    if (this.scratch.length < n * k) this.scratch = new Float32Array(n * k);
    const s = this.scratch;
    for (let c = 0; c < k; c++) {
      const src = channels[Math.min(c, channels.length - 1)]!;
      for (let i = 0; i < n; i++) s[i * k + c] = src[offset + i] ?? 0;
    }
    return this.ring.push(s, n * k) / k;
  }

  /**
   * Resolves once fewer than `frames` are queued — woken by the output worklet in the render
   * quantum that plays the queue down to it — or after `timeoutMs`, or on {@link wake}. The
   * producer renders its next block then, so the queue it keeps need only cover the render and the
   * audio thread's bursts, not a timer's period.
   */
  async waitBelow(
    frames: number,
    timeoutMs: number,
    wait: AtomicsWaiter = atomicsWaitAsync,
  ): Promise<void> {
    const over = this.bufferedFrames() - frames;
    if (over < 0) return;
    const played = Atomics.load(this.control, Control.framesPlayed);
    Atomics.store(this.control, Control.wakeAt, (played + over + 1) | 0);
    // A quantum between the load and the wait makes the wait return at once (not-equal), so a
    // notify cannot be missed; the caller then looks again.
    await wait(this.control, Control.framesPlayed, played, timeoutMs);
  }

  /** Ends a {@link waitBelow} of this thread early (stop). */
  wake(): void {
    Atomics.notify(this.control, Control.framesPlayed);
  }

  /** Marks the stream as playing (an empty ring is then an underrun) or stopped. */
  setPlaying(playing: boolean): void {
    Atomics.store(this.control, Control.playing, playing ? 1 : 0);
  }
}
