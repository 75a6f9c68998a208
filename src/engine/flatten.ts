/**
 * Subpatch instances flattened into their inner nodes before a patch is compiled: inner node
 * `enc` of instance `fx` becomes node `fx/enc` (ids in patches cannot contain "/", so none
 * collide), with the instance's overrides (`"enc.gain"`) on its params, and the cables on the
 * instance's ports rewired to the inner ports they expose. Nested instances flatten level by
 * level (`fx/inner/enc`). Every node, the streaming renderer and latency compensation then work
 * on plain nodes, unchanged.
 */
import { splitEndpoint, type Endpoint } from "./patch/endpoint";
import type { Patch, PatchConnection, PatchNode, Subpatch } from "./patch/schema";
import { MAX_SUBPATCH_DEPTH } from "./patch/limits";
import { MAX_LISTED_ISSUES } from "./patch/errors";
import { escapeControlChars, listProblems } from "./patch/path";
import { paramsOfInner, subpatchIdOf, subpatchLoop } from "./patch/subpatch";

/** Where a flattened node came from, for messages. */
interface Origin {
  /** The top-level instance id. */
  readonly instance: string;
  /** The name of the subpatch the node is directly in. */
  readonly subpatch: string;
}

export interface FlatPatch {
  /** The patch with every instance replaced by its inner nodes; no `subpatches`. */
  readonly patch: Patch;
  /** `node "fx/enc"`, with the instance and subpatch it is in when it came from one. */
  readonly describeNode: (id: string) => string;
  /** `"fx/enc.audio"`, or for a rewired inner input `"fx.in" (input "in" of subpatch "…")`. */
  readonly describeInput: (endpoint: string) => string;
  /** Instance output (`"fx.out"`) → the flattened output that carries it. */
  readonly instanceOutputs: ReadonlyMap<string, Endpoint>;
}

/**
 * Thrown when an instance cannot be flattened; the graph compiler reports it as a GraphError.
 * The message is bounded as a GraphError's is: the first problems, each on one cut line.
 */
export class FlattenError extends Error {
  constructor(readonly problems: string[]) {
    super(listProblems(problems, MAX_LISTED_ISSUES, escapeControlChars));
    this.name = "FlattenError";
  }
}

const instanceLabel = (node: PatchNode, sub: Subpatch | undefined): string =>
  `instance "${node.id}" of subpatch "${sub?.name ?? subpatchIdOf(node.type)}"`;

/** Flattens `patch`; returns it as it is when it has no instances. */
export function flattenSubpatches(patch: Patch): FlatPatch {
  const subs = new Map((patch.subpatches ?? []).map((s) => [s.id, s]));
  const origins = new Map<string, Origin>();
  const via = new Map<string, string>();
  const outputsOf = new Map<string, string>();
  const problems: string[] = [];
  const loop = subpatchLoop(patch.subpatches ?? []);
  let nodes = patch.nodes;
  let connections = patch.connections;
  for (let depth = 0; nodes.some((n) => subpatchIdOf(n.type) !== undefined); depth++) {
    if (loop || depth >= MAX_SUBPATCH_DEPTH) {
      throw new FlattenError([
        `subpatch "${loop?.[0] ?? "?"}" contains itself (${loop?.join(" → ") ?? `over ${MAX_SUBPATCH_DEPTH} levels`})`,
      ]);
    }
    const level = flattenLevel(nodes, connections, subs, problems);
    for (const [id, origin] of level.origins) {
      const parent = origins.get(id.slice(0, id.lastIndexOf("/")));
      origins.set(id, parent ? { ...origin, instance: parent.instance } : origin);
    }
    for (const [inner, outer] of level.via) via.set(inner, via.get(outer) ?? outer);
    for (const [outer, inner] of level.outputs) {
      for (const [top, at] of outputsOf) if (at === outer) outputsOf.set(top, inner);
      if (depth === 0) outputsOf.set(outer, inner);
    }
    if (problems.length > 0) throw new FlattenError(problems);
    nodes = level.nodes;
    connections = level.connections;
  }
  const flat: Patch = { ...patch, nodes, connections };
  delete flat.subpatches;
  return {
    patch: nodes === patch.nodes ? patch : flat,
    describeNode: (id) => {
      const origin = origins.get(id);
      return origin
        ? `node "${id}" (in subpatch "${origin.subpatch}", instance "${origin.instance}")`
        : `node "${id}"`;
    },
    describeInput: (endpoint) => {
      const outer = via.get(endpoint);
      if (!outer) return endpoint;
      const node = patch.nodes.find((n) => n.id === splitEndpoint(outer).node);
      const sub = subs.get(subpatchIdOf(node?.type ?? "") ?? "");
      return `${outer} (input "${splitEndpoint(outer).port}" of subpatch "${sub?.name ?? "?"}", feeding ${endpoint})`;
    },
    instanceOutputs: new Map([...outputsOf].map(([k, v]) => [k, splitEndpoint(v)])),
  };
}

/** One level: every instance in `nodes` replaced by its inner nodes. */
function flattenLevel(
  nodes: readonly PatchNode[],
  connections: readonly PatchConnection[],
  subs: ReadonlyMap<string, Subpatch>,
  problems: string[],
) {
  const origins = new Map<string, Origin>();
  /** Rewired inner input → the instance input it was wired to. */
  const via = new Map<string, string>();
  /** Instance output → the inner output it reads. */
  const outputs = new Map<string, string>();
  const instances = new Map<string, { node: PatchNode; sub: Subpatch }>();
  const flatNodes: PatchNode[] = [];
  const inner: PatchConnection[] = [];
  for (const node of nodes) {
    const subId = subpatchIdOf(node.type);
    if (subId === undefined) {
      flatNodes.push(node);
      continue;
    }
    const sub = subs.get(subId);
    if (!sub) {
      const known = [...subs.keys()];
      problems.push(
        `node "${node.id}": no subpatch "${subId}" in patch.subpatches${known.length ? `; subpatches: ${known.join(", ")}` : "; the patch has none"}`,
      );
      continue;
    }
    instances.set(node.id, { node, sub });
    const prefix = `${node.id}/`;
    for (const n of sub.nodes) {
      flatNodes.push({
        id: prefix + n.id,
        type: n.type,
        params: { ...n.params, ...paramsOfInner(node.params, n.id) },
      });
      origins.set(prefix + n.id, { instance: node.id, subpatch: sub.name });
    }
    const rename = (end: string) => prefix + end;
    for (const c of sub.connections) inner.push({ from: rename(c.from), to: rename(c.to) });
    for (const o of sub.outputs) outputs.set(`${node.id}.${o.name}`, rename(o.from));
  }
  const rewired: PatchConnection[] = [];
  for (const c of connections) {
    const from = splitEndpoint(c.from);
    const to = splitEndpoint(c.to);
    let source = c.from;
    const producer = instances.get(from.node);
    if (producer) {
      const found = outputs.get(c.from);
      if (found === undefined) {
        const names = producer.sub.outputs.map((o) => o.name);
        problems.push(
          `cable ${c.from} → ${c.to}: ${instanceLabel(producer.node, producer.sub)} has no output "${from.port}"${names.length ? `; outputs: ${names.join(", ")}` : "; it has no outputs"}`,
        );
        continue;
      }
      source = found;
    }
    const consumer = instances.get(to.node);
    if (!consumer) {
      rewired.push({ from: source, to: c.to });
      continue;
    }
    const input = consumer.sub.inputs.find((i) => i.name === to.port);
    if (!input) {
      const names = consumer.sub.inputs.map((i) => i.name);
      problems.push(
        `cable ${c.from} → ${c.to}: ${instanceLabel(consumer.node, consumer.sub)} has no input "${to.port}"${names.length ? `; inputs: ${names.join(", ")}` : "; it has no inputs"}`,
      );
      continue;
    }
    for (const target of input.to) {
      const end = `${to.node}/${target}`;
      via.set(end, c.to);
      rewired.push({ from: source, to: end });
    }
  }
  return { nodes: flatNodes, connections: [...rewired, ...inner], origins, via, outputs };
}
