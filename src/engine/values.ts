/**
 * Values that travel on cables. See DESIGN.md "Values on cables".
 * All time-varying values inside one render share the patch clock: `frameRate` latent frames per
 * second, `hopSamples` audio samples per frame.
 */

export type ValueType = "audio" | "latent" | "vector" | "scalar" | "curve";

export const VALUE_TYPES: readonly ValueType[] = ["audio", "latent", "vector", "scalar", "curve"];

/** channels × samples. */
export interface AudioValue {
  readonly type: "audio";
  readonly sampleRate: number;
  readonly channels: Float32Array[];
}

/** A sequence of latent vectors, frame-major: frame f, dim d is `data[f * dims + d]`. */
export interface LatentValue {
  readonly type: "latent";
  readonly frames: number;
  readonly dims: number;
  readonly data: Float32Array;
  readonly frameRate: number;
  readonly modelId: string;
}

/** A single latent vector (e.g. a time average); broadcasts over frames. */
export interface VectorValue {
  readonly type: "vector";
  readonly data: Float32Array;
  readonly modelId: string;
}

export interface ScalarValue {
  readonly type: "scalar";
  readonly value: number;
}

/** Values over time at `rate` values per second (inside the engine: the patch frame rate). */
export interface CurveValue {
  readonly type: "curve";
  readonly values: Float32Array;
  readonly rate: number;
}

export type Value = AudioValue | LatentValue | VectorValue | ScalarValue | CurveValue;

export type ValueOf<T extends ValueType> = Extract<Value, { type: T }>;

export function audio(sampleRate: number, channels: Float32Array[]): AudioValue {
  return { type: "audio", sampleRate, channels };
}

export function latent(
  data: Float32Array,
  frames: number,
  dims: number,
  frameRate: number,
  modelId: string,
): LatentValue {
  if (data.length !== frames * dims) {
    throw new Error(`latent: data has ${data.length} numbers, expected ${frames} × ${dims}`);
  }
  return { type: "latent", data, frames, dims, frameRate, modelId };
}

export function vector(data: Float32Array, modelId: string): VectorValue {
  return { type: "vector", data, modelId };
}

export function scalar(value: number): ScalarValue {
  return { type: "scalar", value };
}

export function curve(values: Float32Array, rate: number): CurveValue {
  return { type: "curve", values, rate };
}
