/** LatentScale: factor · x, with the factor modulatable frame by frame. */
import { readOperand, weightedSum } from "../engine/latentMath";
import { defineNode, type Params } from "../engine/nodeDefinition";

export interface LatentScaleParams extends Params {
  readonly factor: number;
}

export const LatentScaleNode = defineNode<LatentScaleParams>({
  type: "LatentScale",
  category: "algebra",
  description: "Multiplies a latent (or vector) by a factor, which a curve can drive per frame.",
  inputs: [{ name: "in", types: ["latent", "vector"], description: "The latent to scale." }],
  outputs: [
    {
      name: "out",
      type: (types) => (types.in === "vector" ? "vector" : "latent"),
      description: "factor · in, of the input's type (a vector uses the factor at frame 0).",
    },
  ],
  params: [
    {
      name: "factor",
      kind: "number",
      default: 1,
      min: -4,
      max: 4,
      step: 0.01,
      modulatable: true,
      description: "Gain applied to every dim; 1 leaves the latent unchanged, −1 negates it.",
    },
  ],
  create() {
    return {
      process(inputs, block) {
        const x = readOperand("LatentScale", inputs, "in", block)!;
        const factor = (i: number) => block.param("factor", i);
        return { out: weightedSum("LatentScale", [{ port: "in", value: x, weight: factor }]) };
      },
    };
  },
});
