/** Conversions between the engine's frame-major latents and ONNX's `[1, D, T]` layout. */

/** `frames × dims` frame-major → `dims × frames` (the data of a `[1, D, T]` tensor). */
export function toChannelMajor(latents: Float32Array, frames: number, dims: number): Float32Array {
  const out = new Float32Array(frames * dims);
  for (let t = 0; t < frames; t++) {
    for (let d = 0; d < dims; d++) out[d * frames + t] = latents[t * dims + d] ?? 0;
  }
  return out;
}

/** `dims × frames` (a `[1, D, T]` tensor's data) → `frames × dims` frame-major. */
export function toFrameMajor(tensor: Float32Array, frames: number, dims: number): Float32Array {
  const out = new Float32Array(frames * dims);
  for (let d = 0; d < dims; d++) {
    for (let t = 0; t < frames; t++) out[t * dims + d] = tensor[d * frames + t] ?? 0;
  }
  return out;
}

/** Throws unless `dims` is exactly `expected`; the model broke a promise it kept on load. */
export function expectDims(
  what: string,
  dims: readonly number[],
  expected: readonly number[],
): void {
  if (dims.length !== expected.length || dims.some((d, i) => d !== expected[i])) {
    throw new Error(`${what} has shape [${dims.join(",")}], expected [${expected.join(",")}]`);
  }
}

/**
 * Runs async steps one after another in call order, so a streaming codec's state (an STFT, a
 * phase vocoder) sees blocks in the order they were submitted even when calls overlap.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** The error for a decoder call whose latents are not `frames × latentDims`, or undefined. */
export function latentBlockError(
  modelId: string,
  latentDims: number,
  latents: Float32Array,
  frames: number,
): Error | undefined {
  if (Number.isInteger(frames) && frames >= 0 && latents.length === frames * latentDims) {
    return undefined;
  }
  return new Error(
    `${modelId} decoder: expected ${frames} frames × ${latentDims} dims = ` +
      `${frames * latentDims} numbers, got ${latents.length}`,
  );
}

/**
 * The look-back of a decoder with context (see `decoder.context` in the manifest): prepends the
 * previous `frames` latent frames to each block and remembers the block's last frames, so a
 * stream split into any blocks feeds the model the same windows as one whole call.
 */
export class LatentHistory {
  private history: Float32Array;

  constructor(
    readonly frames: number,
    private readonly dims: number,
    initial: readonly number[],
  ) {
    this.history = new Float32Array(frames * dims);
    for (let t = 0; t < frames; t++) this.history.set(initial, t * dims);
  }

  /** `frames + n` frame-major latent frames: the history, then `latents`; then remembers. */
  extend(latents: Float32Array): Float32Array {
    const joined = new Float32Array(this.history.length + latents.length);
    joined.set(this.history);
    joined.set(latents, this.history.length);
    this.history = joined.slice(joined.length - this.history.length);
    return joined;
  }
}
