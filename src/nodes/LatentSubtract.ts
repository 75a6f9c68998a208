/** LatentSubtract: a − b, frame by frame (e.g. the "wet − dry" difference of an effect). */
import { readOperand, weightedSum } from "../engine/latentMath";
import { defineNode, type Params } from "../engine/nodeDefinition";
import { latentIfAny } from "./LatentAdd";

export const LatentSubtractNode = defineNode<Params>({
  type: "LatentSubtract",
  category: "algebra",
  description: "Subtracts b from a frame by frame; a vector is subtracted from every frame.",
  inputs: [
    { name: "a", types: ["latent", "vector"], description: "Minuend." },
    { name: "b", types: ["latent", "vector"], description: "Subtrahend." },
  ],
  outputs: [
    {
      name: "out",
      type: latentIfAny(["a", "b"]),
      description: "a − b: a latent if either input is a latent, else a vector.",
    },
  ],
  params: [],
  create() {
    return {
      process(inputs, block) {
        const a = readOperand("LatentSubtract", inputs, "a", block)!;
        const b = readOperand("LatentSubtract", inputs, "b", block)!;
        return {
          out: weightedSum("LatentSubtract", [
            { port: "a", value: a, weight: () => 1 },
            { port: "b", value: b, weight: () => -1 },
          ]),
        };
      },
    };
  },
});
