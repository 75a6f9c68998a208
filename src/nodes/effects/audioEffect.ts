/**
 * What the audio effect nodes share: reading the audio input (NaN and Inf heard as silence, so a
 * bad sample cannot poison a filter's or a reverb's state), reading a number parameter clamped to
 * its range, per-channel state, a per-frame parameter ramp, and the frame-by-frame loop. Every
 * parameter is read once per latent frame; frames start at the same samples whatever the block
 * size, so an effect streams exactly as it renders offline.
 */
import type { BlockContext, Inputs, NumberParam, Outputs } from "../../engine/nodeDefinition";
import type { AudioValue } from "../../engine/values";

/**
 * The audio on `port`: throws "<node> <port>: nothing is connected" when empty, and names the
 * type when it is not audio.
 */
export function readAudio(node: string, inputs: Inputs, port: string): AudioValue {
  const v = inputs[port];
  if (v === undefined) throw new Error(`${node} ${port}: nothing is connected; expected audio`);
  if (v.type !== "audio") throw new Error(`${node} ${port}: expected audio, got ${v.type}`);
  return v;
}

/** `x`, or 0 when it is NaN or infinite. */
export function finiteOr0(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/**
 * Parameter `spec` at frame `i`, clamped to its range (a cable may carry any number); NaN reads
 * as the default.
 */
export function readParam(block: BlockContext, spec: NumberParam, i: number): number {
  const v = block.param(spec.name, i);
  if (Number.isNaN(v)) return spec.default;
  return Math.min(Math.max(v, spec.min), spec.max);
}

/**
 * A value that glides linearly across each frame from the last frame's target to this one's, so a
 * gain or a mix moved by a curve does not step (zipper noise). The first frame starts at its
 * target.
 */
export class FrameRamp {
  private from = NaN;
  private to = NaN;

  /** Starts a frame heading for `target`. */
  next(target: number): void {
    this.from = Number.isNaN(this.to) ? target : this.to;
    this.to = target;
  }

  /** The value at sample `k` of a frame of `hop` samples (the target at its last sample). */
  at(k: number, hop: number): number {
    return this.from + ((this.to - this.from) * (k + 1)) / hop;
  }
}

/** One state object per channel, made as channels first appear. */
export class PerChannel<S> {
  private readonly states: S[] = [];

  constructor(private readonly make: (channel: number) => S) {}

  /** The state of `channel`. */
  get(channel: number): S {
    while (this.states.length <= channel) this.states.push(this.make(this.states.length));
    return this.states[channel]!;
  }
}

/**
 * Runs an effect over one block of the audio on `in`: `onFrame(i)` once per frame (read the
 * parameters there), then `onSample(channel, x, k)` for sample `k` of that frame of each channel,
 * whose result is the output sample. Returns `{ out }` with as many channels as the input.
 */
export function processFrames(
  node: string,
  inputs: Inputs,
  block: BlockContext,
  onFrame: (i: number) => void,
  onSample: (channel: number, x: number, k: number) => number,
): Outputs {
  const input = readAudio(node, inputs, "in");
  const hop = block.clock.hopSamples;
  const n = input.channels[0]?.length ?? 0;
  const channels = input.channels.map(() => new Float32Array(n));
  for (let frame = 0, start = 0; start < n; frame++, start += hop) {
    onFrame(frame);
    const end = Math.min(n, start + hop);
    for (let c = 0; c < channels.length; c++) {
      const x = input.channels[c]!;
      const y = channels[c]!;
      for (let i = start; i < end; i++) y[i] = onSample(c, finiteOr0(x[i]!), i - start);
    }
  }
  return { out: { type: "audio", sampleRate: input.sampleRate, channels } };
}
