/**
 * DescriptorTarget: descriptor-based synthesis (seed 004, Fig. 2). Given a target curve of a
 * descriptor, it picks one codebook entry per frame whose decoded descriptor follows the curve,
 * by Viterbi over frames (`latentMath/descriptorPath.ts`): mismatch in dB (loudness) or
 * semitones (centroid, f0) plus `smoothness` × the normalised latent distance of each jump.
 * Target units: loudness dB, centroid Hz, f0 Hz (≤ 0 asks for an unpitched entry). With
 * smoothness 0 each frame gets the entry closest to the target, so the error is at most half the
 * codebook's spacing around the target; raising smoothness trades accuracy for fewer jumps.
 * Needs the whole target, so it runs in "whole" mode.
 */
import { DESCRIPTOR_UNITS, checkFinite, followDescriptor } from "../engine/latentMath";
import type { DescriptorName } from "../engine/models/types";
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve, latent } from "../engine/values";
import { codebookOf } from "./QuantizeToCodebook";

const NODE = "DescriptorTarget";
const DESCRIPTORS = ["centroid", "loudness", "f0"] as const;

export interface DescriptorTargetParams extends Params {
  readonly model: string;
  readonly descriptor: string;
  readonly smoothness: number;
}

export const DescriptorTargetNode = defineNode<DescriptorTargetParams>({
  type: NODE,
  category: "codebook",
  description: "Picks codebook entries whose descriptor (centroid, loudness, f0) follows a curve.",
  reference:
    'Seed 004: Caillon, Bitton, Gatinet & Esling, "Timbre Latent Space: Exploration and Creative Aspects" (Timbre 2020), descriptor-based synthesis by ordering codebook entries (Fig. 2).',
  mode: "whole",
  inputs: [
    {
      name: "target",
      types: ["curve"],
      description: "Target per frame: centroid in Hz, loudness in dB, or f0 in Hz (≤ 0 unpitched).",
    },
    {
      name: "in",
      types: ["latent"],
      optional: true,
      description: "Optional: a latent whose model is used instead of the `model` parameter.",
    },
  ],
  outputs: [
    { name: "out", type: "latent", description: "The chosen entries, one frame per target value." },
    { name: "indices", type: "curve", description: "The chosen entry index per frame." },
  ],
  params: [
    {
      name: "model",
      kind: "string",
      default: "",
      refers: "model",
      description: 'Model whose codebook is used when `in` is not connected ("" = default).',
    },
    {
      name: "descriptor",
      kind: "enum",
      default: "centroid",
      options: DESCRIPTORS,
      description: "Which descriptor the target curve gives.",
    },
    {
      name: "smoothness",
      kind: "number",
      default: 0.1,
      min: 0,
      max: 100,
      step: 0.01,
      description: "Cost of a typical jump between entries, in dB or semitones of mismatch.",
    },
  ],
  validate(p) {
    if (!(DESCRIPTORS as readonly string[]).includes(p.descriptor)) {
      return `descriptor must be one of ${DESCRIPTORS.join(", ")}, got '${p.descriptor}'`;
    }
    return undefined;
  },
  create(params, env) {
    const name = params.descriptor as DescriptorName;
    return {
      process(inputs, block) {
        const target = inputs.target;
        if (target?.type !== "curve") {
          throw new Error(
            `${NODE} target: expected a curve of ${name} in ${DESCRIPTOR_UNITS[name]}`,
          );
        }
        for (let t = 0; t < target.values.length; t++) {
          if (!Number.isFinite(target.values[t]!)) {
            throw new Error(`${NODE} target: frame ${t} is ${target.values[t]}`);
          }
        }
        const source = inputs.in;
        let modelId = params.model;
        if (source?.type === "latent") {
          checkFinite(NODE, "in", source);
          if (params.model !== "" && env.models.get(params.model).id !== source.modelId) {
            throw new Error(
              `${NODE}: in is from model '${source.modelId}' but the model parameter is '${params.model}'`,
            );
          }
          modelId = source.modelId;
        }
        const model = env.models.get(modelId);
        const book = codebookOf(NODE, env.models, modelId);
        let path;
        try {
          path = followDescriptor(book, name, target.values, params.smoothness);
        } catch (e) {
          throw new Error(`${NODE}: model '${model.id}': ${(e as Error).message}`);
        }
        const frames = path.indices.length;
        const out = new Float32Array(frames * book.dims);
        path.indices.forEach((k, t) => {
          out.set(book.entries.subarray(k * book.dims, (k + 1) * book.dims), t * book.dims);
        });
        return {
          out: latent(out, frames, book.dims, block.clock.frameRate, model.id),
          indices: curve(Float32Array.from(path.indices), block.clock.frameRate),
        };
      },
    };
  },
});
