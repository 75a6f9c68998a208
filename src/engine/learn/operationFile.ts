/**
 * The JSON of a learned operation (docs/learn.md), read back with every problem named by path:
 * what `latent-patcher learn` writes, `apply` and the LearnedOp node read.
 */
import { z } from "zod";
import {
  OPERATION_FORMAT,
  ringPseudoInverse,
  type LatentOperation,
  type OperationParams,
} from "./operation";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const list = z.array(finite).max(1 << 20);

const paramsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("mean"), shift: list }),
  z.object({ kind: z.literal("affine"), w: list, b: list }),
  z.object({ kind: z.literal("filmr"), gamma: list, beta: list, u: list, v: list }),
  z.object({
    kind: z.literal("ring"),
    projection: list,
    gamma: list,
    beta: list,
    u: list,
    v: list,
  }),
]);

const operationSchema = z.object({
  format: z.literal(OPERATION_FORMAT),
  version: z.literal(1),
  model: z.string().min(1),
  dims: z.number().int().min(1).max(4096),
  frameRate: z.number().positive(),
  center: list,
  scale: list,
  params: paramsSchema,
  fittedOn: z.object({
    pairs: z.array(
      z.object({ name: z.string(), frames: z.number().int(), dropped: z.number().int() }),
    ),
    frames: z.number().int(),
    shrink: z.number().min(0).max(1).optional(),
    identityError: z.number(),
    fitError: z.number(),
    seconds: z.number(),
    steps: z.number().int().optional(),
    fingerprint: z.string().max(64).optional(),
  }),
});

/** The lengths each kind's lists must have for `dims`. */
function lengthProblems(op: {
  dims: number;
  center: number[];
  scale: number[];
  params: OperationParams;
}) {
  const d = op.dims;
  const want: [string, number, number][] = [
    ["center", op.center.length, d],
    ["scale", op.scale.length, d],
  ];
  const p = op.params;
  if (p.kind === "mean") want.push(["params.shift", p.shift.length, d]);
  if (p.kind === "affine") want.push(["params.w", p.w.length, d * d], ["params.b", p.b.length, d]);
  if (p.kind === "filmr")
    for (const k of ["gamma", "beta", "u", "v"] as const)
      want.push([`params.${k}`, p[k].length, d]);
  if (p.kind === "ring") {
    want.push(["params.projection", p.projection.length, 2 * d]);
    for (const k of ["gamma", "beta", "u", "v"] as const)
      want.push([`params.${k}`, p[k].length, 2]);
  }
  const problems = want
    .filter(([, got, n]) => got !== n)
    .map(([path, got, n]) => `${path}: has ${got} numbers, expected ${n} (dims ${d})`);
  if (op.scale.some((s) => !(s > 0))) problems.push("scale: every number must be above 0");
  if (p.kind === "ring" && problems.length === 0)
    try {
      ringPseudoInverse(p.projection, d);
    } catch (e) {
      problems.push((e as Error).message);
    }
  return problems;
}

/**
 * Reads an operation from its JSON text (or parsed value).
 * @throws Error listing each problem as `path: message`, one a line
 */
export function parseOperation(input: unknown): LatentOperation {
  let json: unknown = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new Error(`not JSON: ${(e as Error).message}`);
    }
  }
  const result = operationSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.slice(0, 20).map((i) => {
      const path = i.path.join(".");
      return path ? `${path}: ${i.message}` : i.message;
    });
    if (
      typeof json === "object" &&
      json !== null &&
      (json as { format?: unknown }).format !== OPERATION_FORMAT
    )
      lines.unshift(`not a latent operation (its "format" is not "${OPERATION_FORMAT}")`);
    throw new Error(lines.join("\n"));
  }
  const problems = lengthProblems(result.data);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return result.data;
}
