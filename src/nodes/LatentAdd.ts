/** LatentAdd: a + b, frame by frame ("audio algebra", seed 000: wet − dry + dry). */
import { readOperand, weightedSum } from "../engine/latentMath";
import { defineNode, type Params } from "../engine/nodeDefinition";
import type { ValueType } from "../engine/values";

/** A latent when either operand is one, else a vector. */
export function latentIfAny(ports: readonly string[]) {
  return (types: Readonly<Record<string, ValueType | undefined>>): ValueType =>
    ports.some((p) => types[p] === "latent") ? "latent" : "vector";
}

export const LatentAddNode = defineNode<Params>({
  type: "LatentAdd",
  category: "algebra",
  description: "Adds two latents frame by frame; a vector is added to every frame.",
  inputs: [
    { name: "a", types: ["latent", "vector"], description: "First operand." },
    { name: "b", types: ["latent", "vector"], description: "Second operand." },
  ],
  outputs: [
    {
      name: "out",
      type: latentIfAny(["a", "b"]),
      description: "a + b: a latent if either input is a latent, else a vector.",
    },
  ],
  params: [],
  create() {
    return {
      process(inputs, block) {
        const a = readOperand("LatentAdd", inputs, "a", block)!;
        const b = readOperand("LatentAdd", inputs, "b", block)!;
        const one = () => 1;
        return {
          out: weightedSum("LatentAdd", [
            { port: "a", value: a, weight: one },
            { port: "b", value: b, weight: one },
          ]),
        };
      },
    };
  },
});
