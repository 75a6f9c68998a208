/**
 * A subpatch definition seen as a patch of its own, so that the canvas and every PatchModel edit
 * work on it unchanged: its inner nodes and cables, plus one node per exposed input ("inlet:in",
 * whose output feeds the inner inputs it exposes) and per exposed output ("outlet:out"). An edited
 * view is written back into the definition, and so into every instance. Pure, no DOM.
 */
import { splitEndpoint } from "../../engine/patch/endpoint";
import { checkPatch } from "../../engine/patch/checks";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch, PatchNode, Subpatch } from "../../engine/patch/schema";
import {
  patchRegistry,
  subpatchIdOf,
  subpatchLoop,
  subpatchType,
} from "../../engine/patch/subpatch";
import type { NodeDefinition } from "../../engine/nodeDefinition";
import { VALUE_TYPES, type ValueType } from "../../engine/values";

export const INLET = "inlet:";
export const OUTLET = "outlet:";
/** How far left (right) of the inner nodes the inlets (outlets) are drawn. */
const PORT_MARGIN = 260;
const PORT_STEP = 160;

/** Whether `type` is the type of a view's inlet or outlet node. */
export const isPortNodeType = (type: string): boolean =>
  type.startsWith(INLET) || type.startsWith(OUTLET);

const views = new WeakMap<Patch, NodeRegistry>();

/** The node types of a patch the canvas shows: a view's own (ports included), else the patch's. */
export function registryOf(patch: Patch, base: NodeRegistry): NodeRegistry {
  return views.get(patch) ?? patchRegistry(base, patch.subpatches);
}

function portDefinition(type: string, sub: Subpatch, outer: NodeRegistry): NodeDefinition {
  const instance = outer.get(subpatchType(sub.id));
  const create = () => {
    throw new Error(`${type} stands for a subpatch port; it never runs`);
  };
  if (type.startsWith(INLET)) {
    const name = type.slice(INLET.length);
    const spec = instance?.inputs.find((i) => i.name === name);
    const carried: ValueType = spec?.types[0] ?? "latent";
    return {
      type,
      category: "subpatch",
      description: `the subpatch's input "${name}": what each instance receives there`,
      inputs: [],
      outputs: [{ name: "out", type: carried, description: spec?.description ?? name }],
      params: [],
      create,
    };
  }
  const name = type.slice(OUTLET.length);
  return {
    type,
    category: "subpatch",
    description: `the subpatch's output "${name}": what each instance sends on`,
    inputs: [{ name: "in", types: VALUE_TYPES, description: name }],
    outputs: [],
    params: [],
    create,
  };
}

/** The node types inside `sub`: the outer patch's, plus its inlets and outlets. */
function viewRegistry(top: Patch, sub: Subpatch, base: NodeRegistry): NodeRegistry {
  const outer = patchRegistry(base, top.subpatches);
  const ports = new Map<string, NodeDefinition>();
  return {
    get(type) {
      if (!isPortNodeType(type)) return outer.get(type);
      const known = ports.get(type) ?? portDefinition(type, sub, outer);
      ports.set(type, known);
      return known;
    },
    all: () => outer.all(),
  };
}

/** The positions' horizontal extent, [0, 0] when none is placed. */
function extent(nodes: readonly PatchNode[]): [number, number, number] {
  const placed = nodes.flatMap((n) => (n.position ? [n.position] : []));
  if (placed.length === 0) return [0, 0, 0];
  const xs = placed.map((p) => p[0]);
  return [Math.min(...xs), Math.max(...xs), Math.min(...placed.map((p) => p[1]))];
}

/**
 * The definition `subId` of `top` as a patch (undefined if there is none). The same `top` gives
 * the same view object, so views can be compared and cached.
 */
export function graphView(top: Patch, subId: string, base: NodeRegistry): Patch | undefined {
  const sub = top.subpatches?.find((s) => s.id === subId);
  if (!sub) return undefined;
  const [left, right, y0] = extent(sub.nodes);
  const ports = (prefix: string, names: readonly string[], x: number) =>
    names.map((name, i): PatchNode => ({
      id: `${prefix}${name}`,
      type: `${prefix}${name}`,
      params: {},
      position: [x, y0 + i * PORT_STEP],
    }));
  const nodes = [
    ...ports(
      INLET,
      sub.inputs.map((i) => i.name),
      left - PORT_MARGIN,
    ),
    ...sub.nodes,
    ...ports(
      OUTLET,
      sub.outputs.map((o) => o.name),
      right + PORT_MARGIN,
    ),
  ];
  const connections = [
    ...sub.inputs.flatMap((i) => i.to.map((to) => ({ from: `${INLET}${i.name}.out`, to }))),
    ...sub.connections,
    ...sub.outputs.map((o) => ({ from: o.from, to: `${OUTLET}${o.name}.in` })),
  ];
  const { comments: _c, perform: _p, ...rest } = top;
  const view: Patch = { ...rest, name: sub.name, nodes, connections };
  views.set(view, viewRegistry(top, sub, base));
  return view;
}

/** Where the instances of `subId` are wired on their port `port`, as "node" ids (any graph). */
function portUses(patch: Patch, subId: string, port: string, side: "in" | "out"): string[] {
  const graphs = [patch, ...(patch.subpatches ?? []).filter((s) => s.id !== subId)];
  const found: string[] = [];
  for (const g of graphs) {
    const instances = new Set(
      g.nodes.filter((n) => subpatchIdOf(n.type) === subId).map((n) => n.id),
    );
    const ends = [
      ...g.connections.map((c) => (side === "in" ? c.to : c.from)),
      ...("inputs" in g && side === "in" ? g.inputs.flatMap((i) => i.to) : []),
      ...("outputs" in g && side === "out" ? g.outputs.map((o) => o.from) : []),
    ];
    for (const end of ends) {
      const { node, port: p } = splitEndpoint(end);
      if (p === port && instances.has(node)) found.push(node);
    }
  }
  return [...new Set(found)];
}

/** The instance `node`'s params without the overrides of inner nodes no longer in `sub`. */
function withoutGoneOverrides(node: PatchNode, sub: Subpatch): PatchNode {
  if (subpatchIdOf(node.type) !== sub.id) return node;
  const inner = new Set(sub.nodes.map((n) => n.id));
  const kept = Object.entries(node.params).filter(([key]) => inner.has(key.split(".")[0]!));
  if (kept.length === Object.keys(node.params).length) return node;
  return { ...node, params: Object.fromEntries(kept) };
}

export type WriteBack = { ok: true; patch: Patch } | { ok: false; message: string };

/**
 * `top` with definition `subId` made from the edited `view` (see graphView). Refused, with a
 * message, when the edit would remove a port an instance is wired on, feed an outlet straight
 * from an inlet, make a subpatch contain itself, keep a comment inside, or raise a new problem.
 */
export function writeBack(top: Patch, subId: string, view: Patch, base: NodeRegistry): WriteBack {
  const old = top.subpatches?.find((s) => s.id === subId);
  if (!old) return { ok: false, message: `no subpatch "${subId}" in the patch` };
  if ((view.comments ?? []).length > 0) {
    return { ok: false, message: "comments live on the top patch: leave the subpatch to add one" };
  }
  const feeds = new Map<string, string[]>();
  const reads = new Map<string, string>();
  const connections: Subpatch["connections"] = [];
  for (const c of view.connections) {
    const from = splitEndpoint(c.from).node;
    const to = splitEndpoint(c.to).node;
    if (from.startsWith(INLET) && to.startsWith(OUTLET)) {
      return { ok: false, message: "an inlet cannot feed an outlet directly: put a node between" };
    }
    if (from.startsWith(INLET)) {
      const name = from.slice(INLET.length);
      feeds.set(name, [...(feeds.get(name) ?? []), c.to]);
    } else if (to.startsWith(OUTLET)) reads.set(to.slice(OUTLET.length), c.from);
    else connections.push(c);
  }
  const inputs = old.inputs.flatMap((i) => {
    const to = feeds.get(i.name);
    return to ? [{ ...i, to }] : [];
  });
  const outputs = old.outputs.flatMap((o) => {
    const from = reads.get(o.name);
    return from ? [{ ...o, from }] : [];
  });
  const gone = [
    ...old.inputs.filter((i) => !feeds.has(i.name)).map((i) => ["in", i.name] as const),
    ...old.outputs.filter((o) => !reads.has(o.name)).map((o) => ["out", o.name] as const),
  ];
  for (const [side, name] of gone) {
    const users = portUses(top, subId, name, side);
    if (users.length > 0) {
      const kind = side === "in" ? "input" : "output";
      return {
        ok: false,
        message: `the ${kind} "${name}" of "${old.name}" is wired on ${users.join(", ")}: unwire it there first, or wire the ${side === "in" ? "inlet" : "outlet"} again`,
      };
    }
  }
  const sub: Subpatch = {
    ...old,
    nodes: view.nodes.filter((n) => !isPortNodeType(n.type)),
    connections,
    inputs,
    outputs,
  };
  // Definitions the view added (a paste, a group inside) join; none of the top's is dropped.
  const edited = new Map((view.subpatches ?? []).map((s) => [s.id, s]));
  const sameDefinitions = (top.subpatches ?? []).every(
    (s) => s.id === subId || (edited.get(s.id) ?? s) === s,
  );
  const same =
    JSON.stringify(sub) === JSON.stringify(old) &&
    view.assets === top.assets &&
    sameDefinitions &&
    (view.subpatches ?? []).length === (top.subpatches ?? []).length;
  // A port node moved, or an edit that changes nothing the definition keeps: no undo step.
  if (same) return { ok: true, patch: top };
  const kept = (top.subpatches ?? []).map((s) => (s.id === subId ? sub : (edited.get(s.id) ?? s)));
  const known = new Set(kept.map((s) => s.id));
  const subpatches = [...kept, ...(view.subpatches ?? []).filter((s) => !known.has(s.id))];
  const loop = subpatchLoop(subpatches);
  if (loop) {
    return { ok: false, message: `a subpatch cannot contain itself: ${loop.join(" › ")}` };
  }
  const next: Patch = {
    ...top,
    ...(view.assets ? { assets: view.assets } : {}),
    nodes: top.nodes.map((n) => withoutGoneOverrides(n, sub)),
    subpatches: subpatches.map((s) => ({
      ...s,
      nodes: s.nodes.map((n) => withoutGoneOverrides(n, sub)),
    })),
  };
  const before = new Set(checkPatch(top, base).map((i) => i.message));
  const added = checkPatch(next, base).find((i) => !before.has(i.message));
  if (added) return { ok: false, message: `${added.path}: ${added.message}` };
  return { ok: true, patch: next };
}
