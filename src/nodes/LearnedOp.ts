/**
 * LearnedOp: applies a latent operation fitted from dry/wet example pairs (issue 18; seed 001's
 * "latent plugins") — mean shift, affine or FiLMR — to every frame, blended by `amount`. The fit
 * is data in the patch (`operation`: the JSON `latent-patcher learn` writes, docs/learn.md), so a
 * saved patch plays without fitting again. Until it holds an operation the node passes its input
 * through unchanged.
 */
import { dimsOf, readOperand } from "../engine/latentMath";
import { operationApplier, type OperationApplier } from "../engine/learn/operation";
import { parseOperation } from "../engine/learn/operationFile";
import { defineNode, type InputSpec, type Params } from "../engine/nodeDefinition";
import { OPERATION_KINDS } from "../engine/learn/operation";
import { latent, vector } from "../engine/values";

export interface LearnedOpParams extends Params {
  readonly operation: string;
  readonly amount: number;
  readonly kind: string;
  readonly steps: number;
  readonly shrink: string;
}

const NODE = "LearnedOp";

/** How many dry/wet example pairs a node takes (`dry1`/`wet1` … `dry3`/`wet3`). */
export const LEARNED_OP_PAIRS = 3;

/** The example inputs, read only by a fit (never while playing: `fitOnly`). */
const exampleInputs: InputSpec[] = Array.from({ length: LEARNED_OP_PAIRS }, (_, i) =>
  (["dry", "wet"] as const).map((side) => ({
    name: `${side}${i + 1}`,
    types: ["latent" as const],
    optional: true,
    fitOnly: true,
    description:
      side === "dry"
        ? `Example ${i + 1}: a sound without the effect (read by Fit only, never while playing).`
        : `Example ${i + 1}: the same sound through the effect (read by Fit only).`,
  })),
).flat();

function validate(p: LearnedOpParams): string | undefined {
  if (p.operation.trim() === "") return undefined;
  try {
    parseOperation(p.operation);
    return undefined;
  } catch (e) {
    return `operation: ${(e as Error).message.split("\n").join("; ")}`;
  }
}

export const LearnedOpNode = defineNode<LearnedOpParams>({
  type: NODE,
  category: "transform",
  description:
    "Applies an operation learned from dry/wet examples (mean shift, affine or FiLMR) to a latent.",
  reference:
    'Seed 001: Hawley & Tackett, "Operational Latent Spaces" (AES 2024): latent plugins, FiLMR layers trained on examples; seed 000 for the mean-shift baseline.',
  inputs: [
    { name: "in", types: ["latent", "vector"], description: "The latent to transform." },
    ...exampleInputs,
  ],
  outputs: [
    {
      name: "out",
      type: (types) => (types.in === "vector" ? "vector" : "latent"),
      description: "in + amount · (op(in) − in), of the input's type.",
    },
  ],
  params: [
    {
      name: "operation",
      kind: "string",
      default: "",
      description:
        "The fitted operation as JSON (an op file from `latent-patcher learn`, docs/learn.md); empty: the input passes through.",
    },
    {
      name: "amount",
      kind: "number",
      default: 1,
      min: 0,
      max: 2,
      step: 0.01,
      modulatable: true,
      description:
        "How much of the operation: 0 leaves the latent, 1 applies the fit, 2 doubles its change.",
    },
    {
      name: "kind",
      kind: "enum",
      default: "filmr",
      options: OPERATION_KINDS,
      description:
        "What Fit learns from the example pairs: mean (shift), affine (ridge) or filmr (docs/learn.md).",
    },
    {
      name: "steps",
      kind: "number",
      default: 1500,
      min: 100,
      max: 20000,
      step: 100,
      integer: true,
      description: "FiLMR only: the gradient steps Fit takes (more: slower, sometimes closer).",
    },
    {
      name: "shrink",
      kind: "enum",
      default: "none",
      options: ["none", "auto"],
      description:
        "How Fit treats the examples (kind = affine or filmr): none fits them as they are; auto pulls the fit towards mean shift as far as leaving each pair out shows it generalises (steadier on other sounds, see bench/results/learn.md; needs two pairs, takes longer).",
    },
  ],
  validate,
  create(params) {
    const problem = validate(params);
    if (problem) throw new Error(`${NODE}: ${problem}`);
    const op = params.operation.trim() === "" ? undefined : parseOperation(params.operation);
    const applier: OperationApplier | undefined = op && operationApplier(op);
    return {
      process(inputs, block) {
        const x = readOperand(NODE, inputs, "in", block)!;
        if (!op || !applier) return { out: x };
        const dims = dimsOf(x);
        if (x.modelId !== op.model)
          throw new Error(
            `${NODE}: the operation was fitted on model "${op.model}", but this latent comes from "${x.modelId}": encode with "${op.model}" (the patch's or the Encode node's model) or fit it again`,
          );
        if (dims !== op.dims)
          throw new Error(`${NODE}: the operation has ${op.dims} dims, the latent ${dims}`);
        const frames = x.type === "latent" ? x.frames : 1;
        const out = new Float32Array(frames * dims);
        const y = new Float64Array(dims);
        for (let f = 0; f < frames; f++) {
          applier.apply(x.data, f * dims, y);
          const a = block.param("amount", f);
          for (let i = 0; i < dims; i++) {
            const v = x.data[f * dims + i]!;
            out[f * dims + i] = v + a * (y[i]! - v);
          }
        }
        return {
          out:
            x.type === "latent"
              ? latent(out, frames, dims, x.frameRate, x.modelId)
              : vector(out, x.modelId),
        };
      },
    };
  },
});
