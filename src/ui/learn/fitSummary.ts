/**
 * What a LearnedOp card says about its fit: the kind, the pairs, the error before → after, and
 * whether it is stale — fitted on examples that have changed since (their fingerprint differs), or
 * of another kind than the node's `kind` now asks for. A stale fit still plays.
 */
import { exampleFingerprint } from "../../engine/learn/examples";
import { parseOperation } from "../../engine/learn/operationFile";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch } from "../../engine/patch/schema";

export interface FitSummary {
  /** One line: `filmr · 2 pairs · 344 frames · error 41.2 → 9.7`. */
  readonly text: string;
  /** Why a refit is due, or undefined when the fit matches the examples and kind. */
  readonly stale: string | undefined;
  /** True when the operation came from a file (no record of the patch's examples). */
  readonly fromFile: boolean;
}

const figure = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/**
 * The summary of LearnedOp `nodeId`'s fit in `patch`: undefined when it holds none, a problem
 * line when its operation does not parse.
 */
export function fitSummary(
  patch: Patch,
  nodeId: string,
  registry: NodeRegistry,
): FitSummary | { readonly problem: string } | undefined {
  const node = patch.nodes.find((n) => n.id === nodeId);
  const text = String(node?.params.operation ?? "");
  if (!node || text.trim() === "") return undefined;
  let op;
  try {
    op = parseOperation(text);
  } catch (err) {
    return { problem: `operation: ${(err as Error).message.split("\n")[0]}` };
  }
  const record = op.fittedOn;
  const pairs = record.pairs.length;
  const line = [
    op.params.kind,
    `${pairs} pair${pairs === 1 ? "" : "s"}`,
    `${record.frames} frames`,
    `error ${figure(record.identityError)} → ${figure(record.fitError)}`,
  ].join(" · ");
  const kind = String(node.params.kind ?? "filmr");
  let stale: string | undefined;
  if (record.fingerprint !== undefined) {
    const now = exampleFingerprint(patch, nodeId, registry);
    if (now !== undefined && now !== record.fingerprint) stale = "the examples changed";
  }
  if (!stale && kind !== op.params.kind) stale = `kind is ${kind}, the fit ${op.params.kind}`;
  return { text: line, stale, fromFile: record.fingerprint === undefined };
}
