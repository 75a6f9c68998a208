/**
 * What a patch means, for comparing a patch with its text round trip: params with defaults
 * filled in, nodes and connections in a fixed order, positions left out.
 */
import { resolveParams } from "../../src/engine/params";
import type { NodeRegistry } from "../../src/engine/patch/registry";
import type { Patch } from "../../src/engine/patch/schema";
import { patchRegistry } from "../../src/engine/patch/subpatch";

export function meaning(patch: Patch, registry: NodeRegistry): unknown {
  const types = patchRegistry(registry, patch.subpatches);
  const nodes = patch.nodes
    .map((n) => {
      const def = types.get(n.type);
      return { id: n.id, type: n.type, params: def ? resolveParams(def, n.params) : n.params };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const connections = patch.connections.map((c) => `${c.from}->${c.to}`).sort();
  return {
    name: patch.name,
    description: patch.description,
    model: patch.model,
    transport: patch.transport,
    assets: Object.keys(patch.assets ?? {}).length ? patch.assets : undefined,
    subpatches: patch.subpatches?.length ? patch.subpatches : undefined,
    nodes,
    connections,
  };
}
