/**
 * Mix: the weighted sum w1·in1 + … + w4·in4 of up to four latents or vectors. Unconnected inputs
 * are skipped. By default w1 = 1 and the other weights are 0, so in1 passes through until the
 * other weights are raised; weights summing to 1 give a convex blend, the latent analogue of a
 * crossfade (seed 001, "mixing in latent space").
 */
import { readOperand, weightedSum, type Term } from "../engine/latentMath";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import type { ValueType } from "../engine/values";

const SLOTS = [1, 2, 3, 4] as const;

export interface MixParams extends Params {
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly w4: number;
}

const weightParam = (n: number): NumberParam => ({
  name: `w${n}`,
  kind: "number",
  default: n === 1 ? 1 : 0,
  min: -4,
  max: 4,
  step: 0.01,
  modulatable: true,
  description: `Weight of in${n}.`,
});

export const MixNode = defineNode<MixParams>({
  type: "Mix",
  category: "algebra",
  description: "Weighted sum of up to four latents or vectors (w1·in1 + … + w4·in4).",
  inputs: SLOTS.map((n) => ({
    name: `in${n}`,
    types: ["latent", "vector"] as const,
    optional: true,
    description: `Input ${n}, weighted by w${n}.`,
  })),
  outputs: [
    {
      name: "out",
      type: (types: Readonly<Record<string, ValueType | undefined>>): ValueType =>
        SLOTS.some((n) => types[`in${n}`] === "latent") ? "latent" : "vector",
      description: "The weighted sum: a latent if any input is a latent, else a vector.",
    },
  ],
  params: SLOTS.map(weightParam),
  create() {
    return {
      process(inputs, block) {
        const terms: Term[] = [];
        for (const n of SLOTS) {
          const value = readOperand("Mix", inputs, `in${n}`, block, true);
          if (value) terms.push({ port: `in${n}`, value, weight: (i) => block.param(`w${n}`, i) });
        }
        if (terms.length === 0) {
          throw new Error("Mix: no inputs are connected; connect at least one of in1..in4");
        }
        return { out: weightedSum("Mix", terms) };
      },
    };
  },
});
