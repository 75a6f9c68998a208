/**
 * The node types a patch may use, looked up by type name.
 */
import type { NodeDefinition } from "../nodeDefinition";
import { inputPorts } from "../params";
import { ID_PATTERN } from "./schema";

/** Node definitions by type name. */
export interface NodeRegistry {
  get(type: string): NodeDefinition | undefined;
  all(): readonly NodeDefinition[];
}

/**
 * A registry of `defs`. Throws on a programmer error in the definitions: two with the same type
 * name, a port name that is not an id (it could not be written as `"node.port"`), or a
 * modulatable param colliding with an input.
 */
export function createRegistry(defs: readonly NodeDefinition[]): NodeRegistry {
  const byType = new Map<string, NodeDefinition>();
  for (const def of defs) {
    if (byType.has(def.type)) throw new Error(`node type "${def.type}" is defined twice`);
    const ports = [...inputPorts(def), ...def.outputs];
    const bad = ports.find((p) => !ID_PATTERN.test(p.name));
    if (bad) throw new Error(`${def.type}: port name "${bad.name}" is not an id`);
    const outputs = new Set<string>();
    for (const out of def.outputs) {
      if (outputs.has(out.name))
        throw new Error(`${def.type}: two outputs are named "${out.name}"`);
      outputs.add(out.name);
    }
    byType.set(def.type, def);
  }
  const all = [...byType.values()];
  return { get: (type) => byType.get(type), all: () => all };
}
