/**
 * Example inputs read only when fitting (ports marked `fitOnly`, a LearnedOp's dry/wet pairs):
 * playing a patch must not pay for them. Before a patch is compiled for playback the cables into
 * those ports are dropped, with every node whose outputs lead only there (the Encodes and effects
 * that make the examples). A node that feeds anything else, or nothing at all, is kept as before.
 */
import { splitEndpoint } from "./patch/endpoint";
import type { NodeRegistry } from "./patch/registry";
import type { Patch } from "./patch/schema";

/** `nodeId.port` of every fit-only input of the patch's (flat) nodes. */
function fitOnlyInputs(patch: Patch, registry: NodeRegistry): Set<string> {
  const out = new Set<string>();
  for (const node of patch.nodes)
    for (const port of registry.get(node.type)?.inputs ?? [])
      if (port.fitOnly) out.add(`${node.id}.${port.name}`);
  return out;
}

/**
 * The ids of the nodes that only feed fit-only inputs, directly or through other such nodes.
 * Works on a flat patch (no subpatch instances).
 */
export function fitOnlyNodes(patch: Patch, registry: NodeRegistry): Set<string> {
  const fitPorts = fitOnlyInputs(patch, registry);
  const pruned = new Set<string>();
  if (fitPorts.size === 0) return pruned;
  const readers = new Map<string, string[]>();
  for (const c of patch.connections) {
    const from = splitEndpoint(c.from).node;
    (readers.get(from) ?? readers.set(from, []).get(from)!).push(c.to);
  }
  // Grows to a fixpoint: a node is dropped once each of its cables ends in a fit-only port or a
  // dropped node. At most one pass per node.
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, targets] of readers) {
      if (pruned.has(id)) continue;
      const onlyFit = targets.every((t) => fitPorts.has(t) || pruned.has(splitEndpoint(t).node));
      if (onlyFit) {
        pruned.add(id);
        changed = true;
      }
    }
  }
  return pruned;
}

/** `patch` as it plays: without fit-only cables and the nodes that only feed them. */
export function withoutFitOnly(patch: Patch, registry: NodeRegistry): Patch {
  const fitPorts = fitOnlyInputs(patch, registry);
  if (fitPorts.size === 0) return patch;
  const pruned = fitOnlyNodes(patch, registry);
  return {
    ...patch,
    nodes: patch.nodes.filter((n) => !pruned.has(n.id)),
    connections: patch.connections.filter(
      (c) => !fitPorts.has(c.to) && !pruned.has(splitEndpoint(c.from).node),
    ),
  };
}
