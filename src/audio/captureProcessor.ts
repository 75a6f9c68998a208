/**
 * The capture AudioWorklet processor: mixes its first input (the microphone's MediaStream source)
 * down to mono and pushes it into the capture ring for the engine worker, counting frames lost to
 * a full ring and keeping the input's peak for the level meter.
 *
 * It also runs the latency probe. While the control block asks for it, the input is replaced by
 * silence with a short click every `probePeriod` frames (the first after one period, so the
 * echo of the real input has died away), and the second input — wired from the output node — is
 * searched, for a period after each click, for its loudest sample. The frames from the click's
 * centre to that sample are the delay of the whole live path: capture ring, engine, output ring.
 * Both inputs are read in the same render quantum, so the two are on one clock.
 *
 * When a quantum's frames reach the count the engine worker waits for (`wakeAt`), it wakes the
 * worker with `Atomics.notify`, so a block is rendered as soon as its last sample has arrived.
 *
 * Everything is allocated in the constructor; `process()` only moves samples and updates
 * counters with `Atomics`. A real module bundled by Vite (`captureNode.ts` loads it).
 */
import { RingBuffer } from "ringbuf.js";
import {
  CAPTURE_PROCESSOR_NAME,
  CaptureControl,
  PROBE_SLOTS,
  reachedWakeAt,
  type CaptureRingShared,
} from "./captureRing";

// The AudioWorkletGlobalScope, declared for this module only (TypeScript's DOM lib lacks it).
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(
  name: string,
  ctor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

/** Frames pushed per chunk; a longer render quantum is pushed in several chunks. */
const CHUNK_FRAMES = 128;
/** The probe's click: a 1 kHz tone burst of 2 ms under a Hann window, peak 0.8. */
const CLICK_SECONDS = 0.002;
const CLICK_HZ = 1000;
const CLICK_PEAK = 0.8;
/** An echo quieter than this (−60 dBFS) counts as not heard. */
const ECHO_FLOOR = 1e-3;

/** The probe's click, `round(2 ms · sampleRate)` samples. */
export function probeClick(rate: number): Float32Array {
  const n = Math.max(2, Math.round(CLICK_SECONDS * rate));
  const click = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
    click[i] = CLICK_PEAK * hann * Math.sin((2 * Math.PI * CLICK_HZ * (i - n / 2)) / rate);
  }
  return click;
}

export class CaptureProcessor extends AudioWorkletProcessor {
  private readonly ring: RingBuffer;
  private readonly control: Int32Array;
  private readonly scratch = new Float32Array(CHUNK_FRAMES);
  private readonly click: Float32Array;
  /** Probe period in force and the frame it started at. */
  private period = 0;
  private probeStart = 0;
  /** The echo search after the latest click: from its centre (frame), loudest so far. */
  private searching = false;
  private searchStart = 0;
  private bestAbs = 0;
  private bestFrame = 0;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const shared = options.processorOptions as CaptureRingShared | undefined;
    if (!shared?.audio || !shared.control)
      throw new Error(`${CAPTURE_PROCESSOR_NAME}: processorOptions must be a CaptureRingShared`);
    if (shared.sampleRate !== sampleRate) {
      throw new Error(
        `${CAPTURE_PROCESSOR_NAME}: the ring was made for ${shared.sampleRate} Hz but the context runs at ${sampleRate} Hz`,
      );
    }
    this.ring = new RingBuffer(shared.audio, Float32Array);
    this.control = new Int32Array(shared.control);
    this.click = probeClick(sampleRate);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const mic = inputs[0] ?? [];
    const n = outputs[0]?.[0]?.length ?? mic[0]?.length ?? CHUNK_FRAMES;
    for (const channel of outputs[0] ?? []) channel.fill(0);
    const period = Atomics.load(this.control, CaptureControl.probePeriod);
    if (period !== this.period) {
      this.period = period;
      this.probeStart = currentFrame;
      this.searching = false;
    }
    let peak = 0;
    let dropped = 0;
    for (let done = 0; done < n; done += CHUNK_FRAMES) {
      const want = Math.min(CHUNK_FRAMES, n - done);
      for (let i = 0; i < want; i++) {
        const x = period > 0 ? this.clickAt(currentFrame + done + i) : this.mono(mic, done + i);
        this.scratch[i] = x;
        const a = x < 0 ? -x : x;
        if (a > peak) peak = a;
      }
      dropped += want - this.ring.push(this.scratch, want);
    }
    if (period > 0) this.listen(inputs[1]?.[0], n);
    if (dropped > 0) Atomics.add(this.control, CaptureControl.droppedFrames, dropped);
    const before = Atomics.add(this.control, CaptureControl.framesCaptured, n);
    if (reachedWakeAt(before, before + n, Atomics.load(this.control, CaptureControl.wakeAt)))
      Atomics.notify(this.control, CaptureControl.framesCaptured);
    const micro = Math.min(1e9, Math.round(peak * 1e6));
    if (micro > Atomics.load(this.control, CaptureControl.peakMicro))
      Atomics.store(this.control, CaptureControl.peakMicro, micro);
    return true;
  }

  /** Mean of the input's channels at index `i` (silence when nothing is connected). */
  private mono(channels: Float32Array[], i: number): number {
    const k = channels.length;
    if (k === 0) return 0;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += channels[c]![i] ?? 0;
    const x = sum / k;
    return Number.isFinite(x) ? x : 0;
  }

  /** The probe signal at context frame `frame`: a click at each period after the first. */
  private clickAt(frame: number): number {
    const rel = frame - this.probeStart;
    const phase = rel % this.period;
    if (rel < this.period || phase >= this.click.length) return 0;
    return this.click[phase]!;
  }

  /** Searches the output tap for the echo of each click; writes a result as each window closes. */
  private listen(tap: Float32Array | undefined, n: number): void {
    const centre = this.click.length >> 1;
    for (let i = 0; i < n; i++) {
      const frame = currentFrame + i;
      const rel = frame - this.probeStart;
      if (rel >= this.period && rel % this.period === centre) {
        if (this.searching) this.report();
        this.searching = true;
        this.searchStart = frame;
        this.bestAbs = 0;
        this.bestFrame = frame;
      }
      if (!this.searching) continue;
      const v = tap ? Math.abs(tap[i] ?? 0) : 0;
      if (v > this.bestAbs) {
        this.bestAbs = v;
        this.bestFrame = frame;
      }
      if (frame - this.searchStart >= this.period - this.click.length) this.report();
    }
  }

  private report(): void {
    const k = Atomics.load(this.control, CaptureControl.probeCount);
    const delay = this.bestAbs > ECHO_FLOOR ? this.bestFrame - this.searchStart : -1;
    Atomics.store(this.control, CaptureControl.probeResults + (k % PROBE_SLOTS), delay);
    Atomics.store(this.control, CaptureControl.probeCount, k + 1);
    this.searching = false;
  }
}

registerProcessor(CAPTURE_PROCESSOR_NAME, CaptureProcessor);
