import type { ModelManifest } from "./manifest";

/**
 * An encoder that streams: each call takes exactly `frames * hopSamples` mono samples and returns
 * `frames` latent frames (frame-major, `frames * latentDims` numbers). State carries over calls,
 * so any split of a signal into blocks gives the same frames as one call.
 */
export interface StreamingEncoder {
  encode(samples: Float32Array): Promise<Float32Array>;
}

/**
 * A decoder that streams: each call takes `frames` latent frames (frame-major) and returns
 * exactly `frames * hopSamples` samples of output, delayed by `latencySamples`.
 */
export interface StreamingDecoder {
  readonly latencySamples: number;
  decode(latents: Float32Array, frames: number): Promise<Float32Array>;
}

export interface LatentStats {
  readonly mean: Float32Array;
  readonly std: Float32Array;
  /** Principal directions of the latent distribution, unit length, strongest first. */
  readonly components: Float32Array[];
  /** Standard deviation of the latents along each principal direction. */
  readonly componentStd: Float32Array;
}

export interface Codebook {
  readonly size: number;
  readonly dims: number;
  /** size × dims, entry-major. */
  readonly entries: Float32Array;
  /** Per-entry descriptors of the decoded entry; f0 is 0 where unpitched. */
  readonly descriptors: {
    readonly loudness: Float32Array;
    readonly centroid: Float32Array;
    readonly f0: Float32Array;
  };
}

export type DescriptorName = keyof Codebook["descriptors"];

export interface LoadedModel {
  readonly id: string;
  readonly manifest: ModelManifest;
  readonly sampleRate: number;
  readonly latentDims: number;
  /** Audio samples per latent frame. */
  readonly hopSamples: number;
  readonly frameRate: number;
  readonly stats: LatentStats;
  readonly codebook?: Codebook;
  createEncoder(): StreamingEncoder;
  createDecoder(): StreamingDecoder;
  dispose(): Promise<void>;
}
