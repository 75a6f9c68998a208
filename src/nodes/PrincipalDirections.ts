/**
 * PrincipalDirections: GANSpace-style knobs (seed 000). Knob k_i moves the latent along the
 * model's i-th principal direction c_i by k_i standard deviations of the data along it:
 * out = x + Σ_i k_i · componentStd_i · c_i. All knobs at 0 leave the latent unchanged.
 */
import { dimsOf, readOperand } from "../engine/latentMath";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { latent, vector } from "../engine/values";

const NODE = "PrincipalDirections";
const KNOBS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export type PrincipalDirectionsParams = Params & Readonly<Record<`k${number}`, number>>;

const knob = (n: number): NumberParam => ({
  name: `k${n}`,
  kind: "number",
  default: 0,
  min: -3,
  max: 3,
  step: 0.01,
  unit: "σ",
  modulatable: true,
  description: `Move along principal direction ${n} (the ${n === 1 ? "strongest" : `${n}th strongest`}), in standard deviations.`,
});

export const PrincipalDirectionsNode = defineNode<PrincipalDirectionsParams>({
  type: NODE,
  category: "transform",
  description: "Knobs that move a latent along the model's principal directions (in std units).",
  reference:
    'Seed 000: Hawley, "Mathemangling Audio Embeddings for Fun and (Perhaps) Profit" (talk, 2023), principal directions as knobs (GANSpace).',
  inputs: [{ name: "in", types: ["latent", "vector"], description: "The latent to move." }],
  outputs: [
    {
      name: "out",
      type: (types) => (types.in === "vector" ? "vector" : "latent"),
      description: "in + Σ k_i·σ_i·c_i, of the input's type (a vector uses the knobs at frame 0).",
    },
  ],
  params: KNOBS.map(knob),
  create(_params, env) {
    return {
      process(inputs, block) {
        const x = readOperand(NODE, inputs, "in", block)!;
        const { components, componentStd } = env.models.get(x.modelId).stats;
        const dims = dimsOf(x);
        const frames = x.type === "latent" ? x.frames : 1;
        const out = Float32Array.from(x.data);
        for (let f = 0; f < frames; f++) {
          const o = f * dims;
          for (const n of KNOBS) {
            const k = block.param(`k${n}`, f);
            if (k === 0) continue;
            const c = components[n - 1];
            if (!c) {
              throw new Error(
                `${NODE}: k${n} is ${k} but model '${x.modelId}' has only ${components.length} principal directions`,
              );
            }
            if (c.length !== dims) {
              throw new Error(`${NODE}: direction ${n} has ${c.length} dims, the latent ${dims}`);
            }
            const step = k * (componentStd[n - 1] ?? 0);
            for (let d = 0; d < dims; d++) out[o + d] = out[o + d]! + step * c[d]!;
          }
        }
        if (x.type === "vector") return { out: vector(out, x.modelId) };
        return { out: latent(out, frames, dims, x.frameRate, x.modelId) };
      },
    };
  },
});
