/**
 * A test-only AudioWorklet that records its input (channel 0) into a SharedArrayBuffer: the tap
 * the streaming test puts after the live output node. Allocation-free `process()`; the frame
 * counter lets the page mark when an edit happened in the recording's own time.
 * Loaded by the page from the Vite dev server (`/tests/e2e/tapRecorder.ts`).
 */
declare class AudioWorkletProcessor {
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(
  name: string,
  ctor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

export interface TapShared {
  /** Float32 samples. */
  readonly samples: SharedArrayBuffer;
  /** Int32[1]: frames recorded so far. */
  readonly count: SharedArrayBuffer;
}

class TapRecorder extends AudioWorkletProcessor {
  private readonly samples: Float32Array;
  private readonly count: Int32Array;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const shared = options.processorOptions as TapShared;
    this.samples = new Float32Array(shared.samples);
    this.count = new Int32Array(shared.count);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const n = outputs[0]?.[0]?.length ?? 128;
    const input = inputs[0]?.[0];
    const at = Atomics.load(this.count, 0);
    const room = Math.min(n, this.samples.length - at);
    for (let i = 0; i < room; i++) this.samples[at + i] = input ? input[i]! : 0;
    if (room > 0) Atomics.store(this.count, 0, at + room);
    return true;
  }
}

registerProcessor("tap-recorder", TapRecorder);
