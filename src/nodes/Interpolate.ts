/**
 * Interpolate: (1 − α)·a + α·b frame by frame, the time-aligned latent interpolation of seed 004
 * (Fig. 3). Both series start at frame 0 of the patch clock. Where one has ended the engine pads
 * it with all-zero frames; with `pastEnd` = "other" (the default) such a frame counts as "ended"
 * and the other series passes through unchanged, with "zero" the padding is blended like any
 * latent (fading toward the zero latent). Exactly-zero frames do not occur in encoder output, so
 * the test is frame-local and streams identically in any block size.
 */
import { readLatent, requireSameModel } from "../engine/latentMath";
import { defineNode, type Params } from "../engine/nodeDefinition";
import { latent } from "../engine/values";

export interface InterpolateParams extends Params {
  readonly alpha: number;
  readonly pastEnd: string;
}

function isZeroFrame(data: Float32Array, offset: number, dims: number): boolean {
  for (let d = 0; d < dims; d++) if (data[offset + d] !== 0) return false;
  return true;
}

export const InterpolateNode = defineNode<InterpolateParams>({
  type: "Interpolate",
  category: "transform",
  description: "Blends two latent series frame by frame: (1 − α)·a + α·b.",
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
    {
      name: "pastEnd",
      kind: "enum",
      default: "other",
      options: ["other", "zero"],
      description: "Where one series has ended: pass the other through, or blend with zeros.",
    },
  ],
  create(params) {
    const passOther = params.pastEnd !== "zero";
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
          const aEnded = passOther && isZeroFrame(a.data, o, dims);
          const bEnded = passOther && isZeroFrame(b.data, o, dims);
          if (aEnded || bEnded) {
            out.set((aEnded ? b : a).data.subarray(o, o + dims), o);
            continue;
          }
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
