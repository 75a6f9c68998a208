/**
 * The capture ring: mono float samples from the microphone (or line-in) in a SharedArrayBuffer
 * (ringbuf.js, wait-free, one producer, one consumer), plus Int32 counters. The producer is the
 * capture AudioWorklet (`captureProcessor.ts`), which mixes its input down to mono; the consumer
 * is the engine worker, which feeds AudioIn's live mode. The control block also carries the
 * latency probe: a click train that replaces the input, and the delays at which the clicks came
 * back out of the output node.
 *
 * Wake-up: the reader does not poll. It stores the capture count at which it wants to run
 * (`wakeAt`) and waits on `framesCaptured` with `Atomics.waitAsync`; the worklet calls
 * `Atomics.notify` in the render quantum whose frames reach that count, so the engine renders a
 * block as soon as its last sample is in the ring.
 */
import { RingBuffer } from "ringbuf.js";

/** The name the capture processor registers under (the main thread must not import the processor). */
export const CAPTURE_PROCESSOR_NAME = "latent-patcher-capture";

/** Probe results kept (the last ones win). */
export const PROBE_SLOTS = 16;

/** Slots of the control block (Int32). */
export const CaptureControl = {
  /** Frames lost because the ring was full (the engine fell behind or is not reading). */
  droppedFrames: 0,
  /** Frames the worklet has captured since it started. */
  framesCaptured: 1,
  /** Largest |sample| since the UI last took it, in millionths of full scale. */
  peakMicro: 2,
  /** Latency probe: frames between clicks; 0 = off (the input passes). Set by the main thread. */
  probePeriod: 3,
  /** Clicks whose echo window has closed (a result was written for each). */
  probeCount: 4,
  /** The `framesCaptured` count the reader waits for (notified when a quantum reaches it). */
  wakeAt: 5,
  /** First of {@link PROBE_SLOTS} results: frames from a click to its echo, -1 if none was heard. */
  probeResults: 6,
} as const;
const CONTROL_SLOTS = 6 + PROBE_SLOTS;

/**
 * Waits until `cell[index]` is notified, or is no longer `value` when the wait starts, or
 * `timeoutMs` passes: the contract of `Atomics.waitAsync`, injectable so a test's virtual clock
 * can stand in for it.
 */
export type AtomicsWaiter = (
  cell: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => Promise<void>;

type WaitAsync = (
  cell: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

/** Where a JavaScript engine lacks `Atomics.waitAsync`, the waiter looks again this often. */
const FALLBACK_POLL_MS = 2;

/** {@link AtomicsWaiter} by `Atomics.waitAsync` (Chromium, Node), or short sleeps without it. */
export const atomicsWaitAsync: AtomicsWaiter = async (cell, index, value, timeoutMs) => {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (!waitAsync) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, FALLBACK_POLL_MS)));
    return;
  }
  const result = waitAsync(cell, index, value, timeoutMs);
  if (result.async) await result.value;
};

/**
 * The worklet's side of the wake-up, after a quantum moved `framesCaptured` from `before` to
 * `after`: true when that crossed the count the reader waits for (wrapping Int32 arithmetic).
 */
export function reachedWakeAt(before: number, after: number, wakeAt: number): boolean {
  return ((after - wakeAt) | 0) >= 0 && ((before - wakeAt) | 0) < 0;
}

/** What crosses threads (postMessage, comlink, processorOptions) to share one capture ring. */
export interface CaptureRingShared {
  readonly audio: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  /** The AudioContext's rate, at which the samples are captured. */
  readonly sampleRate: number;
}

/** Allocates a mono ring holding `seconds` (default 0.5 s) of audio at `sampleRate`. */
export function createCaptureRing(opts: {
  readonly sampleRate: number;
  readonly seconds?: number;
}): CaptureRingShared {
  const { sampleRate } = opts;
  if (!(Number.isFinite(sampleRate) && sampleRate > 0))
    throw new Error(`capture ring: sampleRate must be a positive number of Hz, got ${sampleRate}`);
  const frames = Math.ceil((opts.seconds ?? 0.5) * sampleRate);
  return {
    audio: RingBuffer.getStorageForCapacity(frames, Float32Array),
    control: new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT),
    sampleRate,
  };
}

export interface CaptureStats {
  readonly droppedFrames: number;
  readonly framesCaptured: number;
}

/** Reads the counters of a capture ring (any thread). */
export function captureStats(shared: CaptureRingShared): CaptureStats {
  const c = new Int32Array(shared.control);
  return {
    droppedFrames: Atomics.load(c, CaptureControl.droppedFrames),
    framesCaptured: Atomics.load(c, CaptureControl.framesCaptured),
  };
}

/** The consumer's side (the engine worker). */
export class CaptureRingReader {
  private readonly ring: RingBuffer;
  private readonly control: Int32Array;

  constructor(readonly shared: CaptureRingShared) {
    this.ring = new RingBuffer(shared.audio, Float32Array);
    this.control = new Int32Array(shared.control);
  }

  /** Frames captured and not yet read. */
  availableFrames(): number {
    return this.ring.availableRead();
  }

  /** Frames the worklet has captured since it started (moves once per render quantum). */
  capturedFrames(): number {
    return Atomics.load(this.control, CaptureControl.framesCaptured);
  }

  /** Reads up to `dst.length` frames into `dst`; returns how many. */
  read(dst: Float32Array): number {
    return this.ring.pop(dst, dst.length);
  }

  /**
   * Resolves once `frames` are waiting to be read — woken by the capture worklet in the quantum
   * that completes them — or after `timeoutMs` (the input may have stopped), or when
   * {@link wake} is called. Returns true if the frames are there.
   */
  async waitFor(
    frames: number,
    timeoutMs: number,
    wait: AtomicsWaiter = atomicsWaitAsync,
  ): Promise<boolean> {
    const need = frames - this.availableFrames();
    if (need <= 0) return true;
    const captured = Atomics.load(this.control, CaptureControl.framesCaptured);
    Atomics.store(this.control, CaptureControl.wakeAt, (captured + need) | 0);
    // A quantum between the load and the wait makes the wait return at once (not-equal), so a
    // notify cannot be missed; the caller then looks again.
    await wait(this.control, CaptureControl.framesCaptured, captured, timeoutMs);
    return this.availableFrames() >= frames;
  }

  /** Ends a {@link waitFor} of this thread early (stop, a new input). */
  wake(): void {
    Atomics.notify(this.control, CaptureControl.framesCaptured);
  }

  /** Throws away what is queued (stale input from before a stream starts); returns how much. */
  discard(): number {
    const n = this.ring.availableRead();
    if (n > 0) this.ring.pop(new Float32Array(n), n);
    return n;
  }
}

/** The main thread's handle on the control block: level meter and latency probe. */
export class CaptureControls {
  private readonly control: Int32Array;

  constructor(readonly shared: CaptureRingShared) {
    this.control = new Int32Array(shared.control);
  }

  /** The input's peak since the last call (0..1), resetting it. */
  takePeak(): number {
    return Atomics.exchange(this.control, CaptureControl.peakMicro, 0) / 1e6;
  }

  /** Starts replacing the input with a click every `periodFrames`; 0 lets the input through. */
  setProbe(periodFrames: number): void {
    if (periodFrames > 0) Atomics.store(this.control, CaptureControl.probeCount, 0);
    Atomics.store(this.control, CaptureControl.probePeriod, Math.max(0, Math.round(periodFrames)));
  }

  /** Delays (frames) measured by the probe so far, oldest first; -1 where no echo was heard. */
  probeResults(): number[] {
    const count = Atomics.load(this.control, CaptureControl.probeCount);
    const out: number[] = [];
    for (let k = Math.max(0, count - PROBE_SLOTS); k < count; k++)
      out.push(Atomics.load(this.control, CaptureControl.probeResults + (k % PROBE_SLOTS)));
    return out;
  }
}
