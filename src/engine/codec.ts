/**
 * Whole-clip encode and decode with a model, outside a patch (the CLI's `encode`/`decode`, the
 * benchmark). Same streaming codecs as the Encode and Decode nodes, run over one block.
 */
import type { LoadedModel } from "./models/types";

/** Encodes mono samples at the model's rate; returns `ceil(length / hop)` frames, frame-major. */
export async function encodeClip(
  model: LoadedModel,
  samples: Float32Array,
): Promise<{ data: Float32Array; frames: number }> {
  const frames = Math.ceil(samples.length / model.hopSamples);
  const padded = new Float32Array(frames * model.hopSamples);
  padded.set(samples);
  const data = await model.createEncoder().encode(padded);
  return { data, frames };
}

/** Decodes `frames` latent frames to `frames * hop` samples, latency removed. */
export async function decodeClip(
  model: LoadedModel,
  data: Float32Array,
  frames: number,
): Promise<Float32Array> {
  if (data.length !== frames * model.latentDims) {
    throw new Error(
      `latent has ${data.length} numbers, expected ${frames} frames × ${model.latentDims} dims of model "${model.id}"`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new Error(
        `latent frame ${Math.floor(i / model.latentDims)} dim ${i % model.latentDims} is ${data[i]}: latents must be finite`,
      );
    }
  }
  const decoder = model.createDecoder();
  const tailFrames = Math.ceil(decoder.latencySamples / model.hopSamples);
  const padded = new Float32Array((frames + tailFrames) * model.latentDims);
  padded.set(data);
  const out = await decoder.decode(padded, frames + tailFrames);
  return out.slice(decoder.latencySamples, decoder.latencySamples + frames * model.hopSamples);
}
