import { checkFinite } from "../engine/latentMath";
import { defineNode } from "../engine/nodeDefinition";

export const DecodeNode = defineNode({
  type: "Decode",
  category: "model",
  description: "Turns a latent trajectory back into audio with a model's decoder.",
  inputs: [{ name: "latent", types: ["latent"], description: "latent frames of this model" }],
  outputs: [{ name: "audio", type: "audio", description: "the decoded sound" }],
  params: [
    {
      name: "model",
      kind: "string",
      default: "",
      refers: "model",
      description: 'model id ("" = the patch default)',
    },
  ],
  create(p, env) {
    const model = env.models.get(String(p.model));
    const decoder = model.createDecoder();
    return {
      latencySamples: decoder.latencySamples,
      async process(inputs, block) {
        const z = inputs.latent;
        if (z?.type !== "latent") throw new Error('input "latent" is not connected');
        if (z.modelId !== model.id) {
          throw new Error(
            `input "latent" carries latents of model "${z.modelId}", but this decoder is model "${model.id}"`,
          );
        }
        checkFinite("Decode", "latent", z, block.startFrame);
        const samples = await decoder.decode(z.data, block.frames);
        return { audio: { type: "audio", sampleRate: model.sampleRate, channels: [samples] } };
      },
    };
  },
});
