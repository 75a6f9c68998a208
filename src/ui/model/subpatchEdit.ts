/**
 * Grouping nodes into a subpatch and back, the pure part: Group turns a selection into a new
 * subpatch definition and one instance in its place, exposing the cables that cross the
 * selection's boundary as ports; Ungroup puts an instance's inner nodes back (its overrides
 * applied). Both return a new Patch; the PatchModel commits it as one undo step. No DOM.
 */
import { splitEndpoint } from "../../engine/patch/endpoint";
import type {
  ExposedInput,
  ExposedOutput,
  Patch,
  PatchConnection,
  PatchNode,
  Subpatch,
} from "../../engine/patch/schema";
import { paramsOfInner, subpatchIdOf, subpatchType } from "../../engine/patch/subpatch";
import { freshNodeId, type Position } from "./ids";

export type Edit<T> = ({ ok: true } & T) | { ok: false; message: string };

/** A name not in `taken`: `stem`, else `alt`, else `stem_2`, `stem_3`… */
function freshName(stem: string, alt: string, taken: Set<string>): string {
  let name = stem;
  if (taken.has(name)) name = alt;
  for (let i = 2; taken.has(name); i++) name = `${stem}_${i}`;
  taken.add(name);
  return name;
}

/** The centre of the nodes' positions (top-left corners); [0, 0] when none has one. */
function centreOf(nodes: readonly PatchNode[]): Position {
  const placed = nodes.flatMap((n) => (n.position ? [n.position] : []));
  if (placed.length === 0) return [0, 0];
  const xs = placed.map((p) => p[0]);
  const ys = placed.map((p) => p[1]);
  return [
    Math.round((Math.min(...xs) + Math.max(...xs)) / 2),
    Math.round((Math.min(...ys) + Math.max(...ys)) / 2),
  ];
}

/** The subpatch ids the nodes use, directly or through the definitions they use. */
export function subpatchesUsed(patch: Patch, nodes: readonly PatchNode[]): Set<string> {
  const byId = new Map((patch.subpatches ?? []).map((s) => [s.id, s]));
  const used = new Set<string>();
  const visit = (ns: readonly PatchNode[]) => {
    for (const n of ns) {
      const id = subpatchIdOf(n.type);
      if (id === undefined || used.has(id)) continue;
      used.add(id);
      visit(byId.get(id)?.nodes ?? []);
    }
  };
  visit(nodes);
  return used;
}

export interface Grouped {
  readonly patch: Patch;
  /** The new instance node's id. */
  readonly instanceId: string;
  readonly subpatchId: string;
}

/**
 * Groups the nodes `ids` of `patch` into a new subpatch and puts one instance of it at their
 * centre. Cables inside the selection become the subpatch's; each outside output feeding the
 * selection becomes one input of it (feeding every inner input it fed), each inner output read
 * outside becomes one output; the cables are reconnected to the instance.
 */
export function groupNodes(patch: Patch, ids: readonly string[]): Edit<Grouped> {
  const inside = new Set(ids);
  const chosen = patch.nodes.filter((n) => inside.has(n.id));
  if (chosen.length === 0) return { ok: false, message: "select the nodes to group first" };
  const isIn = (end: string) => inside.has(splitEndpoint(end).node);
  const centre = centreOf(chosen);

  const taken = new Set((patch.subpatches ?? []).map((s) => s.id));
  let n = 1;
  while (taken.has(`group${n}`)) n++;
  const subpatchId = `group${n}`;
  const instanceId = freshNodeId("group", new Set(patch.nodes.map((x) => x.id)));

  const feeds = new Map<string, string[]>(); // outside output → inner inputs
  const reads = new Map<string, string[]>(); // inner output → outside inputs
  const innerCables: PatchConnection[] = [];
  const outerCables: PatchConnection[] = [];
  for (const c of patch.connections) {
    if (isIn(c.from) && isIn(c.to)) innerCables.push(c);
    else if (isIn(c.to)) feeds.set(c.from, [...(feeds.get(c.from) ?? []), c.to]);
    else if (isIn(c.from)) reads.set(c.from, [...(reads.get(c.from) ?? []), c.to]);
    else outerCables.push(c);
  }
  const portName = (end: string, taken: Set<string>) => {
    const { node, port } = splitEndpoint(end);
    return freshName(port, `${node}_${port}`, taken);
  };
  const inputNames = new Set<string>();
  const inputs: ExposedInput[] = [...feeds].map(([, to]) => ({
    name: portName(to[0]!, inputNames),
    to,
  }));
  const outputNames = new Set<string>();
  const outputs: ExposedOutput[] = [...reads].map(([from]) => ({
    name: portName(from, outputNames),
    from,
  }));
  const sub: Subpatch = {
    id: subpatchId,
    name: `group ${n}`,
    nodes: chosen.map((node) => {
      const inner: PatchNode = { id: node.id, type: node.type, params: node.params };
      if (node.position) {
        inner.position = [node.position[0] - centre[0], node.position[1] - centre[1]];
      }
      return inner;
    }),
    connections: innerCables,
    inputs,
    outputs,
  };
  const instance: PatchNode = {
    id: instanceId,
    type: subpatchType(subpatchId),
    params: {},
    position: [centre[0], centre[1]],
  };
  const connections = [
    ...outerCables,
    ...[...feeds.keys()].map((from, i) => ({ from, to: `${instanceId}.${inputs[i]!.name}` })),
    ...[...reads].flatMap(([, to], i) =>
      to.map((end) => ({ from: `${instanceId}.${outputs[i]!.name}`, to: end })),
    ),
  ];
  const first = patch.nodes.findIndex((x) => inside.has(x.id));
  const nodes = patch.nodes.filter((x) => !inside.has(x.id));
  nodes.splice(first, 0, instance);
  return {
    ok: true,
    patch: { ...patch, nodes, connections, subpatches: [...(patch.subpatches ?? []), sub] },
    instanceId,
    subpatchId,
  };
}

/** `patch` without the definitions no node and no other kept definition uses. */
function withoutUnused(patch: Patch, candidates: ReadonlySet<string>): Patch {
  const used = subpatchesUsed(patch, patch.nodes);
  const kept = (patch.subpatches ?? []).filter((s) => !candidates.has(s.id) || used.has(s.id));
  const next: Patch = { ...patch, subpatches: kept };
  if (kept.length === 0) delete next.subpatches;
  return next;
}

/**
 * Expands the instance `id` back into its inner nodes, each with the instance's overrides on
 * its params, placed around the instance, with the instance's cables rewired to the inner ports
 * its ports expose. Inner ids already taken get fresh ones. A definition no longer used is
 * dropped.
 */
export function ungroupNode(patch: Patch, id: string): Edit<{ patch: Patch; ids: string[] }> {
  const node = patch.nodes.find((x) => x.id === id);
  const subId = subpatchIdOf(node?.type ?? "");
  const sub = patch.subpatches?.find((s) => s.id === subId);
  if (!node || subId === undefined) return { ok: false, message: `"${id}" is not a subpatch` };
  if (!sub) return { ok: false, message: `no subpatch "${subId}" in the patch` };
  const taken = new Set(patch.nodes.filter((x) => x.id !== id).map((x) => x.id));
  const renamed = new Map<string, string>();
  for (const inner of sub.nodes) {
    const fresh = taken.has(inner.id) ? freshNodeId(inner.type, taken) : inner.id;
    taken.add(fresh);
    renamed.set(inner.id, fresh);
  }
  const rename = (end: string) => {
    const { node: n, port } = splitEndpoint(end);
    return `${renamed.get(n) ?? n}.${port}`;
  };
  const [x, y] = node.position ?? [0, 0];
  const inner = sub.nodes.map((n): PatchNode => {
    const [dx, dy] = n.position ?? [0, 0];
    return {
      id: renamed.get(n.id)!,
      type: n.type,
      params: { ...n.params, ...paramsOfInner(node.params, n.id) },
      position: [x + dx, y + dy],
    };
  });
  const connections: PatchConnection[] = [];
  for (const c of patch.connections) {
    const from = splitEndpoint(c.from);
    const to = splitEndpoint(c.to);
    let source = c.from;
    if (from.node === id) {
      const output = sub.outputs.find((o) => o.name === from.port);
      if (!output) continue;
      source = rename(output.from);
    }
    if (to.node !== id) {
      connections.push({ from: source, to: c.to });
      continue;
    }
    const input = sub.inputs.find((i) => i.name === to.port);
    for (const end of input?.to ?? []) connections.push({ from: source, to: rename(end) });
  }
  for (const c of sub.connections) connections.push({ from: rename(c.from), to: rename(c.to) });
  const at = patch.nodes.indexOf(node);
  const nodes = [...patch.nodes.slice(0, at), ...inner, ...patch.nodes.slice(at + 1)];
  const next = withoutUnused({ ...patch, nodes, connections }, new Set([subId]));
  return { ok: true, patch: next, ids: inner.map((n) => n.id) };
}

/** Renames subpatch `id` (its title on every instance and in the palette). */
export function renameSubpatch(patch: Patch, id: string, name: string): Edit<{ patch: Patch }> {
  const trimmed = name.trim();
  if (trimmed === "") return { ok: false, message: "a subpatch name cannot be empty" };
  const sub = patch.subpatches?.find((s) => s.id === id);
  if (!sub) return { ok: false, message: `no subpatch "${id}" in the patch` };
  if (sub.name === trimmed) return { ok: true, patch };
  const subpatches = patch.subpatches!.map((s) => (s.id === id ? { ...s, name: trimmed } : s));
  return { ok: true, patch: { ...patch, subpatches } };
}
