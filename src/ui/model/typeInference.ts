/**
 * What each socket of a patch carries, inferred from the node definitions and the cables: the
 * canvas colours sockets and cables by it and the connection rules check against it. Outputs
 * whose type depends on their inputs (LatentAdd of two vectors is a vector) follow the cables.
 */
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { splitEndpoint, type Endpoint } from "../../engine/patch/endpoint";
import { inputPorts } from "../../engine/params";
import type { ValueType } from "../../engine/values";

export interface NodeTypes {
  /** The type arriving on each connected input that accepts it. */
  readonly inputs: Readonly<Record<string, ValueType | undefined>>;
  readonly outputs: Readonly<Record<string, ValueType>>;
}

/** Node id → the value types on its sockets. Unknown node types and cycles are skipped. */
export function inferTypes(patch: Patch, registry: NodeRegistry): Map<string, NodeTypes> {
  const feeds = new Map<string, { port: string; from: Endpoint }[]>();
  for (const c of patch.connections) {
    const to = splitEndpoint(c.to);
    feeds.set(to.node, [
      ...(feeds.get(to.node) ?? []),
      { port: to.port, from: splitEndpoint(c.from) },
    ]);
  }
  const byId = new Map(patch.nodes.map((n) => [n.id, n]));
  const result = new Map<string, NodeTypes>();
  const visiting = new Set<string>();
  const visit = (id: string): NodeTypes | undefined => {
    const done = result.get(id);
    if (done || visiting.has(id)) return done;
    const def = registry.get(byId.get(id)?.type ?? "");
    if (!def) return undefined;
    visiting.add(id);
    const ports = new Map(inputPorts(def).map((p) => [p.name, p]));
    const inputs: Record<string, ValueType | undefined> = {};
    for (const { port, from } of feeds.get(id) ?? []) {
      const t = visit(from.node)?.outputs[from.port];
      if (t !== undefined && ports.get(port)?.types.includes(t)) inputs[port] = t;
    }
    const outputs: Record<string, ValueType> = {};
    for (const out of def.outputs) {
      outputs[out.name] = typeof out.type === "function" ? out.type(inputs) : out.type;
    }
    visiting.delete(id);
    const types = { inputs, outputs };
    result.set(id, types);
    return types;
  };
  for (const n of patch.nodes) visit(n.id);
  return result;
}
