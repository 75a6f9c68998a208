/**
 * Checks and helpers shared by the latent nodes: reading a latent-or-vector port, refusing
 * non-finite numbers and mixed models with a message that names the node and port, and the
 * frame-wise weighted sum that LatentAdd, LatentSubtract, LatentScale and Mix are made of.
 */
import type { BlockContext, Inputs } from "../nodeDefinition";
import type { LatentValue, Value, VectorValue } from "../values";
import { latent, vector } from "../values";

export type LatentOrVector = LatentValue | VectorValue;

/** Dims of a latent or vector value. */
export function dimsOf(v: LatentOrVector): number {
  return v.type === "latent" ? v.dims : v.data.length;
}

/**
 * Throws "<node> <port>: frame F dim D is NaN" at the first non-finite number. Frames are
 * counted on the patch clock from `startFrame`; a vector reports frame 0.
 */
export function checkFinite(node: string, port: string, v: LatentOrVector, startFrame = 0): void {
  const dims = dimsOf(v);
  const data = v.data;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (!Number.isFinite(x)) {
      const frame = v.type === "latent" ? startFrame + Math.floor(i / dims) : 0;
      throw new Error(`${node} ${port}: frame ${frame} dim ${i % dims} is ${x}`);
    }
  }
}

/**
 * The value on a latent-or-vector port, checked to be finite; undefined when unconnected and
 * optional. Throws when a required port is empty or carries another type.
 */
export function readOperand(
  node: string,
  inputs: Inputs,
  port: string,
  block: BlockContext,
  optional = false,
): LatentOrVector | undefined {
  const v: Value | undefined = inputs[port];
  if (v === undefined) {
    if (optional) return undefined;
    throw new Error(`${node} ${port}: nothing is connected; expected a latent or a vector`);
  }
  if (v.type !== "latent" && v.type !== "vector") {
    throw new Error(`${node} ${port}: expected a latent or a vector, got ${v.type}`);
  }
  checkFinite(node, port, v, block.startFrame);
  return v;
}

/** The named latent port, checked to be finite. */
export function readLatent(
  node: string,
  inputs: Inputs,
  port: string,
  block: BlockContext,
): LatentValue {
  const v = inputs[port];
  if (v?.type !== "latent") {
    throw new Error(`${node} ${port}: expected a latent, got ${v ? v.type : "nothing"}`);
  }
  checkFinite(node, port, v, block.startFrame);
  return v;
}

/**
 * Throws unless every operand comes from the same model with the same dims; the message names
 * both ports and both model ids.
 */
export function requireSameModel(node: string, operands: readonly [string, LatentOrVector][]) {
  const first = operands[0];
  if (!first) return;
  const [port0, v0] = first;
  for (const [port, v] of operands.slice(1)) {
    if (v.modelId !== v0.modelId) {
      throw new Error(
        `${node}: ${port0} is from model '${v0.modelId}' but ${port} is from model '${v.modelId}'; ` +
          "latents of different models cannot be combined",
      );
    }
    if (dimsOf(v) !== dimsOf(v0)) {
      throw new Error(`${node}: ${port0} has ${dimsOf(v0)} dims but ${port} has ${dimsOf(v)}`);
    }
  }
}

/** One term of a weighted sum: a port, its value and its weight at frame i of the block. */
export interface Term {
  readonly port: string;
  readonly value: LatentOrVector;
  readonly weight: (i: number) => number;
}

/**
 * Σ weight_i(f) · value_i[f] frame by frame. Vectors broadcast over frames; the result is a latent
 * when any term is one (all latents must have the same frames), else a vector computed with the
 * weights at frame 0.
 */
export function weightedSum(node: string, terms: readonly Term[]): LatentOrVector {
  const first = terms[0];
  if (!first) throw new Error(`${node}: no inputs are connected; connect at least one`);
  requireSameModel(
    node,
    terms.map((t) => [t.port, t.value]),
  );
  const dims = dimsOf(first.value);
  const latents = terms.filter((t) => t.value.type === "latent");
  const shape = latents[0]?.value;
  const frames = shape?.type === "latent" ? shape.frames : 1;
  for (const t of latents) {
    if (t.value.type === "latent" && t.value.frames !== frames) {
      throw new Error(
        `${node}: ${latents[0]!.port} has ${frames} frames but ${t.port} has ${t.value.frames}`,
      );
    }
  }
  const out = new Float32Array(frames * dims);
  for (const t of terms) {
    const src = t.value.data;
    const stride = t.value.type === "latent" ? dims : 0;
    for (let f = 0; f < frames; f++) {
      const w = t.weight(f);
      const o = f * dims;
      const s = f * stride;
      for (let d = 0; d < dims; d++) out[o + d] = out[o + d]! + w * src[s + d]!;
    }
  }
  if (shape?.type === "latent") return latent(out, frames, dims, shape.frameRate, shape.modelId);
  return vector(out, first.value.modelId);
}
