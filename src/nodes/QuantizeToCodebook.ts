/**
 * QuantizeToCodebook: replaces every frame by its nearest (Euclidean) codebook entry, the
 * discrete model of seed 004. `mix` blends the quantized frame with the original:
 * out = (1 − mix)·x + mix·entry; at mix = 1 (the default) every output frame is an entry.
 * The chosen indices come out as a curve either way.
 */
import { nearestEntry, readLatent } from "../engine/latentMath";
import type { Codebook } from "../engine/models/types";
import { defineNode, type ModelStore, type Params } from "../engine/nodeDefinition";
import { curve, latent } from "../engine/values";

const NODE = "QuantizeToCodebook";

export interface QuantizeToCodebookParams extends Params {
  readonly mix: number;
}

/** The codebook of `modelId`, checked to have `dims` dims; clear errors otherwise. */
export function codebookOf(node: string, models: ModelStore, modelId: string, dims?: number) {
  const model = models.get(modelId);
  const book: Codebook | undefined = model.codebook;
  if (!book) {
    throw new Error(
      `${node}: model '${model.id}' has no codebook; pick a model pack that ships one`,
    );
  }
  if (dims !== undefined && book.dims !== dims) {
    throw new Error(
      `${node}: model '${model.id}' codebook has ${book.dims} dims, the latent ${dims}`,
    );
  }
  return book;
}

export const QuantizeToCodebookNode = defineNode<QuantizeToCodebookParams>({
  type: NODE,
  category: "codebook",
  description: "Snaps every latent frame to its nearest codebook entry.",
  reference:
    'Seed 004: Caillon, Bitton, Gatinet & Esling, "Timbre Latent Space: Exploration and Creative Aspects" (Timbre 2020), the discrete (VQ) model.',
  inputs: [{ name: "in", types: ["latent"], description: "The latent to quantize." }],
  outputs: [
    { name: "out", type: "latent", description: "The quantized latent (blended by mix)." },
    { name: "indices", type: "curve", description: "The chosen entry index per frame." },
  ],
  params: [
    {
      name: "mix",
      kind: "number",
      default: 1,
      min: 0,
      max: 1,
      step: 0.01,
      modulatable: true,
      description: "1 outputs the codebook entries, 0 the input unchanged, between blends.",
    },
  ],
  create(_params, env) {
    return {
      process(inputs, block) {
        const x = readLatent(NODE, inputs, "in", block);
        const book = codebookOf(NODE, env.models, x.modelId, x.dims);
        const { dims, frames } = x;
        const out = new Float32Array(frames * dims);
        const indices = new Float32Array(frames);
        for (let f = 0; f < frames; f++) {
          const o = f * dims;
          const k = nearestEntry(book, x.data, o);
          indices[f] = k;
          const mix = block.param("mix", f);
          for (let d = 0; d < dims; d++) {
            const e = book.entries[k * dims + d]!;
            out[o + d] = mix === 1 ? e : (1 - mix) * x.data[o + d]! + mix * e;
          }
        }
        return {
          out: latent(out, frames, dims, x.frameRate, x.modelId),
          indices: curve(indices, block.clock.frameRate),
        };
      },
    };
  },
});
