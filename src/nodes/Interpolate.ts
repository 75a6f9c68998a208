/**
 * Interpolate: (1 − α)·a + α·b frame by frame, the time-aligned latent interpolation of seed 004
 * (Fig. 3). Series of different lengths: both start at frame 0 of the patch clock and the render
 * lasts as long as the longest source; a source that has ended plays silence, so its series goes
 * on as the model's encoding of silence and the blend moves toward silence by its weight.
 */
import { readLatent, requireSameModel } from "../engine/latentMath";
import { defineNode, type Params } from "../engine/nodeDefinition";
import { latent } from "../engine/values";

export interface InterpolateParams extends Params {
  readonly alpha: number;
}

export const InterpolateNode = defineNode<InterpolateParams>({
  type: "Interpolate",
  category: "transform",
  description: "Blends two latent series frame by frame: (1 − α)·a + α·b.",
  reference:
    'Seed 004: Caillon, Bitton, Gatinet & Esling, "Timbre Latent Space: Exploration and Creative Aspects" (Timbre 2020), latent interpolation (Fig. 3).',
  inputs: [
    { name: "a", types: ["latent"], description: "The series at α = 0." },
    { name: "b", types: ["latent"], description: "The series at α = 1." },
  ],
  outputs: [{ name: "out", type: "latent", description: "The blend, frame by frame." }],
  params: [
    {
      name: "alpha",
      kind: "number",
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.001,
      modulatable: true,
      description: "0 gives a exactly, 1 gives b exactly; a curve morphs over time.",
    },
  ],
  create() {
    return {
      process(inputs, block) {
        const a = readLatent("Interpolate", inputs, "a", block);
        const b = readLatent("Interpolate", inputs, "b", block);
        requireSameModel("Interpolate", [
          ["a", a],
          ["b", b],
        ]);
        if (a.frames !== b.frames) {
          throw new Error(`Interpolate: a has ${a.frames} frames but b has ${b.frames}`);
        }
        const { dims, frames } = a;
        const out = new Float32Array(frames * dims);
        for (let f = 0; f < frames; f++) {
          const o = f * dims;
          const alpha = block.param("alpha", f);
          for (let d = 0; d < dims; d++) {
            // Written so that α = 0 and α = 1 reproduce a and b bit for bit.
            out[o + d] = (1 - alpha) * a.data[o + d]! + alpha * b.data[o + d]!;
          }
        }
        return { out: latent(out, frames, dims, a.frameRate, a.modelId) };
      },
    };
  },
});
