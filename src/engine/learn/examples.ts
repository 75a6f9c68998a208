/**
 * A LearnedOp node's example pairs as wired in a patch: which outputs feed `dry1`/`wet1` …, the
 * patch of just what makes them (rendered for a fit, never while playing), and a fingerprint of
 * that subgraph, kept in the fit's record so a change to the examples marks the fit stale.
 */
import { splitEndpoint, type Endpoint } from "../patch/endpoint";
import type { NodeRegistry } from "../patch/registry";
import type { Patch, PatchNode } from "../patch/schema";
import { patchRegistry, subpatchIdOf } from "../patch/subpatch";
import { resolveParams } from "../params";

/** Example pairs a LearnedOp takes (`dry1`/`wet1` … `dry3`/`wet3`). */
export const EXAMPLE_PAIRS = 3;

/** One wired pair: its number (1-based) and the outputs feeding its two inputs. */
export interface WiredPair {
  readonly index: number;
  readonly dry: Endpoint;
  readonly wet: Endpoint;
}

/** How a node is named in fit messages: `LearnedOp learn1`. */
export const fitLabel = (nodeId: string): string => `LearnedOp ${nodeId}`;

/** The top-level LearnedOp `nodeId` of `patch`. @throws Error when there is none */
export function learnedOpNode(patch: Patch, nodeId: string): PatchNode {
  const node = patch.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`${fitLabel(nodeId)}: no such node in the patch`);
  if (node.type !== "LearnedOp")
    throw new Error(`node "${nodeId}" is a ${node.type}, not a LearnedOp: only a LearnedOp fits`);
  return node;
}

/** The cables into each input of `nodeId`: port → source. */
function incoming(patch: Patch, nodeId: string): Map<string, Endpoint> {
  const out = new Map<string, Endpoint>();
  for (const c of patch.connections) {
    const to = splitEndpoint(c.to);
    if (to.node === nodeId) out.set(to.port, splitEndpoint(c.from));
  }
  return out;
}

/**
 * The pairs wired into LearnedOp `nodeId`, in order.
 * @throws Error naming the input when a pair is half wired, or when none is
 */
export function wiredPairs(patch: Patch, nodeId: string): WiredPair[] {
  learnedOpNode(patch, nodeId);
  const wires = incoming(patch, nodeId);
  const pairs: WiredPair[] = [];
  for (let i = 1; i <= EXAMPLE_PAIRS; i++) {
    const dry = wires.get(`dry${i}`);
    const wet = wires.get(`wet${i}`);
    if (!dry && !wet) continue;
    if (!dry || !wet)
      throw new Error(
        `${fitLabel(nodeId)}: ${dry ? "wet" : "dry"}${i} is not connected (dry${i} and wet${i} make a pair: the same sound without and with the effect)`,
      );
    pairs.push({ index: i, dry, wet });
  }
  if (pairs.length === 0)
    throw new Error(
      `${fitLabel(nodeId)}: no example pairs are wired: connect a dry latent to dry1 and the same sound through the effect to wet1`,
    );
  return pairs;
}

/** Ids of `starts` and every node upstream of them. */
function upstreamOf(patch: Patch, starts: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const src of incoming(patch, id).values()) stack.push(src.node);
  }
  return seen;
}

/**
 * The part of `patch` that makes the examples of LearnedOp `nodeId` (the nodes upstream of its
 * wired example inputs, not the node itself): what a fit renders.
 */
export function examplePatch(patch: Patch, nodeId: string): Patch {
  const pairs = wiredPairs(patch, nodeId);
  const keep = upstreamOf(
    patch,
    pairs.flatMap((p) => [p.dry.node, p.wet.node]),
  );
  keep.delete(nodeId);
  return {
    ...patch,
    nodes: patch.nodes.filter((n) => keep.has(n.id)),
    connections: patch.connections.filter(
      (c) => keep.has(splitEndpoint(c.from).node) && keep.has(splitEndpoint(c.to).node),
    ),
  };
}

/** cyrb53: a fast 53-bit string hash (not cryptographic; a change detector). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/**
 * A hash of what the examples of LearnedOp `nodeId` are made from: for each wired pair, the tree
 * of nodes upstream of its two inputs — types, parameters (defaults filled in), the assets they
 * name and the subpatches they instance — without node ids or positions, so moving or renaming
 * nodes keeps it, and any change that alters an example's sound changes it. Undefined when no
 * complete pair is wired.
 */
export function exampleFingerprint(
  patch: Patch,
  nodeId: string,
  registry: NodeRegistry,
): string | undefined {
  let pairs: WiredPair[];
  try {
    pairs = wiredPairs(patch, nodeId);
  } catch {
    return undefined;
  }
  const types = patchRegistry(registry, patch.subpatches);
  const nodes = new Map(patch.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, unknown>();
  const describe = (id: string, trail: ReadonlySet<string>): unknown => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    if (!node || trail.has(id)) return null; // a dangling or cyclic cable: the compiler's to say
    const def = types.get(node.type);
    const params = def ? resolveParams(def, node.params) : node.params;
    const assets = (def?.params ?? [])
      .filter((p) => p.kind === "string" && p.refers === "asset")
      .map((p) => patch.assets?.[String(params[p.name])] ?? null);
    const sub = subpatchIdOf(node.type);
    const inner = new Set([...trail, id]);
    const inputs = [...incoming(patch, id)]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([port, src]) => [port, src.port, describe(src.node, inner)]);
    const out = {
      type: node.type,
      params: Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)),
      assets,
      subpatch: sub === undefined ? null : (patch.subpatches?.find((s) => s.id === sub) ?? null),
      inputs,
    };
    memo.set(id, out);
    return out;
  };
  const tree = pairs.map((p) => [
    p.index,
    [p.dry.port, describe(p.dry.node, new Set([nodeId]))],
    [p.wet.port, describe(p.wet.node, new Set([nodeId]))],
  ]);
  return hash53(JSON.stringify({ model: patch.model ?? "", tree }));
}
