/**
 * TimeAverage: the mean latent over all frames, a proxy for the "style" of a sound (seed 002
 * §3.1: time-averaged latents cluster by the effect applied). Needs the whole latent, so it runs
 * in "whole" mode.
 */
import { readLatent } from "../engine/latentMath";
import { defineNode, type Params } from "../engine/nodeDefinition";
import { vector } from "../engine/values";

export const TimeAverageNode = defineNode<Params>({
  type: "TimeAverage",
  category: "transform",
  description: "Averages a latent over all its frames into one vector (its 'style').",
  reference:
    'Seed 002: Hawley & Steinmetz, "Leveraging Neural Representations for Audio Manipulation" (AES Europe 2023), §3.1: time-averaged latents cluster by effect.',
  mode: "whole",
  inputs: [{ name: "in", types: ["latent"], description: "The latent series to average." }],
  outputs: [{ name: "out", type: "vector", description: "The mean frame, same model and dims." }],
  params: [],
  create() {
    return {
      process(inputs, block) {
        const x = readLatent("TimeAverage", inputs, "in", block);
        if (x.frames === 0) {
          throw new Error(
            "TimeAverage in: the latent has no frames; an average needs at least one",
          );
        }
        const sum = new Float64Array(x.dims);
        for (let f = 0; f < x.frames; f++) {
          for (let d = 0; d < x.dims; d++) sum[d] = sum[d]! + x.data[f * x.dims + d]!;
        }
        const mean = Float32Array.from(sum, (s) => s / x.frames);
        return { out: vector(mean, x.modelId) };
      },
    };
  },
});
