/**
 * Snapshots: the values of a patch's parameters stored under a name, recalled at once or over a
 * crossfade time, and the morph between two of them. Numbers interpolate (a parameter whose
 * slider is logarithmic interpolates in log space, a whole-number one rounds); choices and
 * switches change at the middle. Pure functions on patches, no DOM.
 */
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch, PatchParamValue } from "../../engine/patch/schema";
import type { Snapshot } from "../../engine/patch/performSchema";
import { splitParamRef } from "../../engine/patch/performChecks";
import { patchRegistry } from "../../engine/patch/subpatch";
import type { NumberParam, ParamSpec } from "../../engine/nodeDefinition";

export type SnapshotValue = number | string | boolean;
export type SnapshotValues = Readonly<Record<string, SnapshotValue>>;

/** Whether a number parameter's slider is logarithmic (the rule the canvas uses, nodeView.ts). */
export const isLogScale = (spec: NumberParam): boolean =>
  spec.min > 0 && spec.max / spec.min >= 1000 && !spec.integer;

const isScalar = (spec: ParamSpec): boolean =>
  spec.kind === "number" || spec.kind === "enum" || spec.kind === "boolean";

/** The spec of `"node.param"` in `patch`, if it names a node's parameter. */
export function specOf(patch: Patch, registry: NodeRegistry, ref: string): ParamSpec | undefined {
  const { node, param } = splitParamRef(ref);
  const type = patch.nodes.find((n) => n.id === node)?.type;
  const def = type === undefined ? undefined : patchRegistry(registry, patch.subpatches).get(type);
  return def?.params.find((p) => p.name === param);
}

/**
 * The current values of every number, choice and switch parameter (defaults filled in), of the
 * nodes in `nodeIds` or of all nodes; keyed `"node.param"`. A Bang's beat is an event, not a
 * setting: it is left out, so recalling or morphing a snapshot never replays an old click.
 */
export function captureValues(
  patch: Patch,
  registry: NodeRegistry,
  nodeIds?: readonly string[],
): Record<string, SnapshotValue> {
  const defs = patchRegistry(registry, patch.subpatches);
  const values: Record<string, SnapshotValue> = {};
  for (const node of patch.nodes) {
    if (nodeIds && !nodeIds.includes(node.id)) continue;
    const def = defs.get(node.type);
    const event = def?.face?.kind === "bang" ? def.face.param : undefined;
    for (const spec of def?.params ?? []) {
      if (!isScalar(spec) || spec.name === event) continue;
      values[`${node.id}.${spec.name}`] = (node.params[spec.name] ?? spec.default) as SnapshotValue;
    }
  }
  return values;
}

/** `patch` with `values` set on their nodes; refs naming no node are skipped. */
export function withValues(patch: Patch, values: SnapshotValues): Patch {
  const byNode = new Map<string, Record<string, PatchParamValue>>();
  for (const [ref, value] of Object.entries(values)) {
    const { node, param } = splitParamRef(ref);
    byNode.set(node, { ...byNode.get(node), [param]: value });
  }
  let changed = false;
  const nodes = patch.nodes.map((n) => {
    const set = byNode.get(n.id);
    if (!set || Object.entries(set).every(([k, v]) => n.params[k] === v)) return n;
    changed = true;
    return { ...n, params: { ...n.params, ...set } };
  });
  return changed ? { ...patch, nodes } : patch;
}

/** One parameter between `a` (t = 0) and `b` (t = 1). */
function between(spec: ParamSpec | undefined, a: SnapshotValue, b: SnapshotValue, t: number) {
  if (typeof a !== "number" || typeof b !== "number" || spec?.kind !== "number")
    return t < 0.5 ? a : b;
  let v =
    isLogScale(spec) && a > 0 && b > 0
      ? Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)))
      : a + t * (b - a);
  if (spec.integer) v = Math.round(v);
  return Math.min(spec.max, Math.max(spec.min, v));
}

/**
 * The values at `t` (0–1) of the way from `from` to `to`. A parameter in only one of them keeps
 * that value; refs no longer in the patch are left out.
 */
export function morphValues(
  patch: Patch,
  registry: NodeRegistry,
  from: SnapshotValues,
  to: SnapshotValues,
  t: number,
): Record<string, SnapshotValue> {
  const out: Record<string, SnapshotValue> = {};
  const amount = Math.min(1, Math.max(0, t));
  for (const ref of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const spec = specOf(patch, registry, ref);
    if (!spec) continue;
    const a = from[ref] ?? to[ref]!;
    const b = to[ref] ?? a;
    out[ref] = between(spec, a, b, amount);
  }
  return out;
}

/** A name not yet used by `snapshots`: "A", "B", … then "S27", "S28", … */
export function freshSnapshotName(snapshots: readonly Snapshot[]): string {
  const used = new Set(snapshots.map((s) => s.name));
  for (let i = 0; ; i++) {
    const name = i < 26 ? String.fromCharCode(65 + i) : `S${i + 1}`;
    if (!used.has(name)) return name;
  }
}
