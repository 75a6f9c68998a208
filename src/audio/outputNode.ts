/**
 * Main-thread glue for the output worklet: loads the processor module once per AudioContext
 * (the promise is cached, as Tone's ToneAudioWorklet does), allocates the output ring from the
 * context's sample rate and makes the AudioWorkletNode that plays it.
 */
import processorUrl from "./outputProcessor.ts?worker&url";
import {
  createOutputRing,
  OUTPUT_PROCESSOR_NAME,
  ringStats,
  type OutputRingShared,
} from "./outputRing";
import { addWorkletModuleOnce } from "./worklet";

/** Adds the output processor module to `context` once; later calls share the first promise. */
export function loadOutputWorklet(context: BaseAudioContext, url = processorUrl): Promise<void> {
  return addWorkletModuleOnce(context, url);
}

export interface OutputNodeOptions {
  /** Channels of the ring and of the node's output (default 2). */
  readonly channels?: number;
  /** Ring capacity in seconds (default 0.25 s). */
  readonly bufferSeconds?: number;
}

export interface OutputStats {
  readonly underruns: number;
  readonly missingFrames: number;
  readonly framesPlayed: number;
  readonly nonFinite: number;
  readonly playing: boolean;
}

/** The output worklet node and the ring it plays; `ring` goes to the engine worker's `start`. */
export class OutputNode {
  private constructor(
    readonly node: AudioWorkletNode,
    readonly ring: OutputRingShared,
  ) {}

  /**
   * Loads the module (once per context), allocates the ring at `context.sampleRate` and creates
   * the node, not yet connected. Needs cross-origin isolation for SharedArrayBuffer.
   */
  static async create(
    context: BaseAudioContext,
    opts: OutputNodeOptions = {},
  ): Promise<OutputNode> {
    if (typeof SharedArrayBuffer === "undefined" || !globalThis.crossOriginIsolated) {
      throw new Error(
        "audio output needs SharedArrayBuffer: serve the page cross-origin isolated (COOP: same-origin, COEP: require-corp)",
      );
    }
    await loadOutputWorklet(context);
    const channels = opts.channels ?? 2;
    const ring = createOutputRing({
      sampleRate: context.sampleRate,
      channels,
      seconds: opts.bufferSeconds,
    });
    const node = new AudioWorkletNode(context, OUTPUT_PROCESSOR_NAME, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [channels],
      processorOptions: ring,
    });
    return new OutputNode(node, ring);
  }

  /** Underruns, frames played and replaced samples, read from the shared counters. */
  stats(): OutputStats {
    return ringStats(this.ring);
  }

  /** Disconnects the node; the worklet stops being pulled and is collected with it. */
  dispose(): void {
    this.node.disconnect();
  }
}
