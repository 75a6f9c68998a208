/**
 * The output AudioWorklet processor: reads interleaved frames from the output ring, answers an
 * empty ring with silence (never with stale samples) and counts it as an underrun while the
 * producer says it is playing, then runs the safety stage. It wakes the producer in the quantum
 * that plays the queue down to the depth the producer waits for. Everything is allocated in the
 * constructor; `process()` only moves samples and updates counters with `Atomics`.
 *
 * A real module bundled by Vite (`outputNode.ts` loads it once per AudioContext).
 */
import { RingBuffer } from "ringbuf.js";
import { reachedWakeAt } from "./captureRing";
import { Control, OUTPUT_PROCESSOR_NAME, type OutputRingShared } from "./outputRing";
import { SafetyStage } from "./safetyStage";

// The AudioWorkletGlobalScope, declared for this module only (TypeScript's DOM lib lacks it).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(
  name: string,
  ctor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

/** Frames read from the ring per chunk; a longer render quantum is read in several chunks. */
const CHUNK_FRAMES = 128;
/** Web Audio's largest channel count: the safety stage keeps state for each output channel. */
const MAX_CHANNELS = 32;

export class OutputProcessor extends AudioWorkletProcessor {
  private readonly ring: RingBuffer;
  private readonly control: Int32Array;
  private readonly channels: number;
  private readonly interleaved: Float32Array;
  private readonly safety: SafetyStage;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const shared = options.processorOptions as OutputRingShared | undefined;
    if (!shared?.audio || !shared.control)
      throw new Error(`${OUTPUT_PROCESSOR_NAME}: processorOptions must be an OutputRingShared`);
    if (shared.sampleRate !== sampleRate) {
      throw new Error(
        `${OUTPUT_PROCESSOR_NAME}: the ring was made for ${shared.sampleRate} Hz but the context runs at ${sampleRate} Hz`,
      );
    }
    this.ring = new RingBuffer(shared.audio, Float32Array);
    this.control = new Int32Array(shared.control);
    this.channels = shared.channels;
    this.interleaved = new Float32Array(CHUNK_FRAMES * shared.channels);
    this.safety = new SafetyStage(sampleRate, MAX_CHANNELS);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    const first = out?.[0];
    if (!out || !first) return true;
    const n = first.length;
    const k = this.channels;
    const buf = this.interleaved;
    const playing = Atomics.load(this.control, Control.playing) === 1;
    let missing = 0;
    for (let done = 0; done < n; done += CHUNK_FRAMES) {
      const want = Math.min(CHUNK_FRAMES, n - done);
      const got = Math.floor(this.ring.pop(buf, want * k) / k);
      for (let c = 0; c < out.length; c++) {
        const dst = out[c]!;
        const src = Math.min(c, k - 1);
        for (let i = 0; i < got; i++) dst[done + i] = buf[i * k + src]!;
        for (let i = got; i < want; i++) dst[done + i] = 0;
      }
      missing += want - got;
    }
    if (missing > 0 && playing) {
      Atomics.add(this.control, Control.underruns, 1);
      Atomics.add(this.control, Control.missingFrames, missing);
    }
    let bad = 0;
    for (let c = 0; c < Math.min(out.length, MAX_CHANNELS); c++)
      bad += this.safety.process(out[c]!, c, n);
    if (bad > 0) Atomics.add(this.control, Control.nonFinite, bad);
    const before = Atomics.add(this.control, Control.framesPlayed, n);
    // The producer sleeps until the queue is played down to its target: wake it in this quantum.
    if (reachedWakeAt(before, before + n, Atomics.load(this.control, Control.wakeAt)))
      Atomics.notify(this.control, Control.framesPlayed);
    return true;
  }
}

registerProcessor(OUTPUT_PROCESSOR_NAME, OutputProcessor);
