import { defineNode } from "../engine/nodeDefinition";

/** Mean of the channels: the models are mono. */
function downmix(channels: readonly Float32Array[], length: number): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(length);
  for (const c of channels) for (let i = 0; i < length; i++) out[i]! += c[i]! / channels.length;
  return out;
}

export const EncodeNode = defineNode({
  type: "Encode",
  category: "model",
  description: "Turns audio into a latent trajectory with a model's encoder.",
  inputs: [{ name: "audio", types: ["audio"], description: "the sound (stereo is mixed to mono)" }],
  outputs: [{ name: "latent", type: "latent", description: "latent frames on the patch clock" }],
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
    const encoder = model.createEncoder();
    return {
      async process(inputs, block) {
        const input = inputs.audio;
        if (input?.type !== "audio") throw new Error('input "audio" is not connected');
        const n = block.frames * model.hopSamples;
        const data = await encoder.encode(downmix(input.channels, n));
        return {
          latent: {
            type: "latent",
            data,
            frames: block.frames,
            dims: model.latentDims,
            frameRate: model.frameRate,
            modelId: model.id,
          },
        };
      },
    };
  },
});
