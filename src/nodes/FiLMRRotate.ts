/**
 * FiLMRRotate: the FiLMR layer of OpLaS (seed 001, Algorithm 1), x ← (γx + β)M, applied to every
 * frame. M is a simple rotation computed in O(D) per frame as two Householder reflections,
 * x ↦ H_v(H_u x) (see `latentMath/householder.ts` for the row-vector convention).
 * - mode "angle": M rotates by `angle` degrees in the plane of the model's principal directions
 *   `planeA` and `planeB`, turning the first toward the second.
 * - mode "vectors": M = H_v H_u from raw vectors u, v (length = latent dims, not parallel); it
 *   rotates in span(u, v) by twice the angle between them.
 * γ multiplies and β is added to every dim before the rotation; all three numbers can follow a
 * curve. A vector input uses the parameters at its block's first frame.
 * - space "standardized" (default): the formula runs on (x − mean) / std with the model's latent
 *   statistics and the result is mapped back, so turning one direction into another keeps each at
 *   its natural scale (a raw rotation of a loudness-like direction into a spectral-tilt one can
 *   push the decoder far outside what it was trained on). "raw" applies the formula as written.
 * - level "keep" (default): each output frame is moved along the model's loudness direction
 *   (fitted to its codebook, `latentMath/loudness.ts`) until its predicted loudness is the input
 *   frame's, so a rotation changes timbre, not level; "free" leaves the result as the formula
 *   gives it. A pack without a codebook has no loudness direction: there "keep" changes nothing.
 */
import {
  applyRotation,
  dimsOf,
  filmrRotation,
  readOperand,
  rotationInPlane,
  type PlaneRotation,
} from "../engine/latentMath";
import {
  fitLoudness,
  keepLoudness,
  predictLoudness,
  type LoudnessFit,
} from "../engine/latentMath/loudness";
import { defineNode, type NodeEnv, type Params } from "../engine/nodeDefinition";
import { latent, vector } from "../engine/values";

export interface FiLMRRotateParams extends Params {
  readonly gamma: number;
  readonly beta: number;
  readonly mode: string;
  readonly angle: number;
  readonly planeA: number;
  readonly planeB: number;
  readonly u: readonly number[];
  readonly v: readonly number[];
  readonly space: string;
  readonly level: string;
}

const NODE = "FiLMRRotate";

function validate(p: FiLMRRotateParams): string | undefined {
  if (p.mode === "angle") {
    if (p.planeA === p.planeB) return `planeA and planeB are both ${p.planeA}; pick two directions`;
    return undefined;
  }
  if (p.u.length === 0 || p.v.length === 0) {
    return "mode 'vectors' needs u and v, each a list of latent-dims numbers";
  }
  try {
    filmrRotation(p.u, p.v);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** The rotation for one frame, given the latent's model and dims. */
type RotationFor = (modelId: string, dims: number, angleDeg: number) => PlaneRotation;

/** Per-dim std used to standardize (floored), or undefined in the raw space. */
function standardizer(
  p: FiLMRRotateParams,
  env: NodeEnv,
  modelId: string,
): { mean: Float32Array; std: Float32Array } | undefined {
  if (p.space !== "standardized") return undefined;
  const { mean, std } = env.models.get(modelId).stats;
  return { mean, std: std.map((x) => Math.max(x, 1e-6)) };
}

/** The model's loudness direction in the node's space, or undefined (no codebook, level free). */
function loudnessFit(
  p: FiLMRRotateParams,
  env: NodeEnv,
  modelId: string,
  st: ReturnType<typeof standardizer>,
): LoudnessFit | undefined {
  if (p.level !== "keep") return undefined;
  const codebook = env.models.get(modelId).codebook;
  if (!codebook) return undefined;
  return fitLoudness(
    codebook,
    st ? (e) => e.map((v, d) => (v - st.mean[d]!) / st.std[d]!) : undefined,
  );
}

function angleMode(p: FiLMRRotateParams, env: NodeEnv): RotationFor {
  let cached: { key: string; rot: PlaneRotation } | undefined;
  return (modelId, dims, angleDeg) => {
    const key = `${modelId}|${angleDeg}`;
    if (cached?.key === key) return cached.rot;
    const { components } = env.models.get(modelId).stats;
    const std = standardizer(p, env, modelId)?.std;
    const pa = components[p.planeA];
    const pb = components[p.planeB];
    if (!pa || !pb) {
      const which = pa ? `planeB ${p.planeB}` : `planeA ${p.planeA}`;
      throw new Error(
        `${NODE}: ${which} is out of range; model '${modelId}' has ${components.length} principal directions`,
      );
    }
    if (pa.length !== dims) {
      throw new Error(
        `${NODE}: model '${modelId}' directions have ${pa.length} dims, latent ${dims}`,
      );
    }
    const toSpace = (c: Float32Array) => (std ? c.map((x, i) => x / std[i]!) : c);
    cached = { key, rot: rotationInPlane(toSpace(pa), toSpace(pb), (angleDeg * Math.PI) / 180) };
    return cached.rot;
  };
}

function vectorsMode(p: FiLMRRotateParams): RotationFor {
  const rot = filmrRotation(p.u, p.v);
  return (_modelId, dims) => {
    if (rot.u.length !== dims) {
      throw new Error(
        `${NODE}: u and v have ${rot.u.length} numbers but the latent has ${dims} dims`,
      );
    }
    return rot;
  };
}

export const FiLMRRotateNode = defineNode<FiLMRRotateParams>({
  type: NODE,
  category: "transform",
  description: "FiLM scale/shift then a rotation in a plane of the latent space (OpLaS FiLMR).",
  reference:
    'Seed 001: Hawley & Tackett, "Operational Latent Spaces" (AES 2024), Algorithm 1 (FiLMR: FiLM, then a rotation by twice the angle of u, v, after Aguilera–Pérez).',
  inputs: [{ name: "in", types: ["latent", "vector"], description: "The latent to transform." }],
  outputs: [
    {
      name: "out",
      type: (types) => (types.in === "vector" ? "vector" : "latent"),
      description: "(γ·in + β)M, of the input's type.",
    },
  ],
  params: [
    {
      name: "gamma",
      kind: "number",
      default: 1,
      min: -4,
      max: 4,
      step: 0.01,
      modulatable: true,
      description: "FiLM scale γ.",
    },
    {
      name: "beta",
      kind: "number",
      default: 0,
      min: -4,
      max: 4,
      step: 0.01,
      modulatable: true,
      description: "FiLM shift β, added to every dim.",
    },
    {
      name: "mode",
      kind: "enum",
      default: "angle",
      options: ["angle", "vectors"],
      description:
        "Rotate by an angle in a principal plane, or by twice the angle between u and v.",
    },
    {
      name: "angle",
      kind: "number",
      default: 0,
      min: -180,
      max: 180,
      step: 0.1,
      unit: "°",
      modulatable: true,
      description: "Angle mode: rotation from planeA toward planeB.",
    },
    {
      name: "planeA",
      kind: "number",
      default: 0,
      min: 0,
      max: 4095,
      integer: true,
      description: "Angle mode: index of the first principal direction of the plane.",
    },
    {
      name: "planeB",
      kind: "number",
      default: 1,
      min: 0,
      max: 4095,
      integer: true,
      description: "Angle mode: index of the second principal direction of the plane.",
    },
    {
      name: "space",
      kind: "enum",
      default: "standardized",
      options: ["standardized", "raw"],
      description:
        "Standardized: transform (x − mean)/std with the model's statistics, then map back. Raw: as written.",
    },
    {
      name: "u",
      kind: "numbers",
      default: [],
      maxLength: 4096,
      description: "Vectors mode: first direction, one number per latent dim.",
    },
    {
      name: "v",
      kind: "numbers",
      default: [],
      maxLength: 4096,
      description: "Vectors mode: second direction; M turns u toward v by twice their angle.",
    },
    {
      name: "level",
      kind: "enum",
      default: "keep",
      options: ["keep", "free"],
      description:
        "Keep: hold each frame's predicted loudness at the input's (the model's codebook gives the loudness direction), so the rotation changes timbre, not level. Free: as the formula gives it.",
    },
  ],
  validate,
  create(params, env) {
    const problem = validate(params);
    if (problem) throw new Error(`${NODE}: ${problem}`);
    const rotationFor = params.mode === "vectors" ? vectorsMode(params) : angleMode(params, env);
    let scratch = new Float64Array(0);
    let rotated = new Float64Array(0);
    let norm:
      | { modelId: string; s: ReturnType<typeof standardizer>; fit: LoudnessFit | undefined }
      | undefined;
    return {
      process(inputs, block) {
        const x = readOperand(NODE, inputs, "in", block)!;
        const dims = dimsOf(x);
        if (scratch.length !== dims) {
          scratch = new Float64Array(dims);
          rotated = new Float64Array(dims);
        }
        if (norm?.modelId !== x.modelId) {
          const s = standardizer(params, env, x.modelId);
          norm = { modelId: x.modelId, s, fit: loudnessFit(params, env, x.modelId, s) };
        }
        const st = norm.s;
        const fit = norm.fit?.w.length === dims ? norm.fit : undefined;
        if (st && st.mean.length !== dims) {
          throw new Error(
            `${NODE}: model '${x.modelId}' statistics have ${st.mean.length} dims, latent ${dims}`,
          );
        }
        const frames = x.type === "latent" ? x.frames : 1;
        const out = new Float32Array(frames * dims);
        for (let f = 0; f < frames; f++) {
          const gamma = block.param("gamma", f);
          const beta = block.param("beta", f);
          const rot = rotationFor(x.modelId, dims, block.param("angle", f));
          const o = f * dims;
          for (let d = 0; d < dims; d++) {
            scratch[d] = st ? (x.data[o + d]! - st.mean[d]!) / st.std[d]! : x.data[o + d]!;
          }
          const inputDb = fit ? predictLoudness(fit, scratch) : 0;
          for (let d = 0; d < dims; d++) scratch[d] = gamma * scratch[d]! + beta;
          applyRotation(rot, scratch, rotated);
          if (fit) keepLoudness(fit, rotated, inputDb);
          for (let d = 0; d < dims; d++)
            out[o + d] = st ? st.mean[d]! + st.std[d]! * rotated[d]! : rotated[d]!;
        }
        if (x.type === "vector") return { out: vector(out, x.modelId) };
        return { out: latent(out, frames, dims, x.frameRate, x.modelId) };
      },
    };
  },
});
