/**
 * Whether a cable may be drawn, and if not, why — in words a composer reads at the cursor:
 * "Decode.latent accepts latent, but AudioIn.audio carries audio".
 */
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { splitEndpoint, type Endpoint } from "../../engine/patch/endpoint";
import { inputPorts } from "../../engine/params";
import { compileGraph, GraphError } from "../../engine/graph";
import { inferTypes } from "./typeInference";

export const endpointKey = (e: Endpoint): string => `${e.node}.${e.port}`;

/** Model-mismatch problems compileGraph reports for `patch` (other problems are ignored here). */
function modelProblems(patch: Patch, registry: NodeRegistry): string[] {
  try {
    compileGraph(patch, registry);
    return [];
  } catch (err) {
    if (!(err instanceof GraphError)) return [];
    return err.problems.filter((p) => p.includes("carries latents of model"));
  }
}

/** The path from `start` down to `target` along cables, or undefined if there is none. */
function pathDownstream(patch: Patch, start: string, target: string): string[] | undefined {
  const readers = new Map<string, string[]>();
  for (const c of patch.connections) {
    const from = splitEndpoint(c.from).node;
    readers.set(from, [...(readers.get(from) ?? []), splitEndpoint(c.to).node]);
  }
  const seen = new Set<string>();
  const walk = (id: string, trail: string[]): string[] | undefined => {
    if (id === target) return [...trail, id];
    if (seen.has(id)) return undefined;
    seen.add(id);
    for (const next of readers.get(id) ?? []) {
      const found = walk(next, [...trail, id]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, []);
}

/**
 * Why the cable `from → to` cannot be added to `patch`, or undefined when it can. Checks that
 * both ends exist, the input is free (an input takes one cable), the types match, the cable
 * closes no loop, and latents stay within one model.
 */
export function refuseConnection(
  patch: Patch,
  registry: NodeRegistry,
  from: Endpoint,
  to: Endpoint,
): string | undefined {
  const fromNode = patch.nodes.find((n) => n.id === from.node);
  const toNode = patch.nodes.find((n) => n.id === to.node);
  const fromDef = registry.get(fromNode?.type ?? "");
  const toDef = registry.get(toNode?.type ?? "");
  if (!fromDef) return `no node "${from.node}" to connect from`;
  if (!toDef) return `no node "${to.node}" to connect to`;
  if (!fromDef.outputs.some((o) => o.name === from.port)) {
    return `${fromDef.type} has no output "${from.port}"`;
  }
  const port = inputPorts(toDef).find((p) => p.name === to.port);
  if (!port) return `${toDef.type} has no input "${to.port}"`;
  if (from.node === to.node) return `${toDef.type} cannot feed its own input`;
  const taken = patch.connections.find((c) => c.to === endpointKey(to));
  if (taken) {
    return `${endpointKey(to)} already takes a cable from ${taken.from}; an input takes one cable`;
  }
  const carried = inferTypes(patch, registry).get(from.node)?.outputs[from.port];
  if (carried !== undefined && !port.types.includes(carried)) {
    return `${toDef.type}.${to.port} accepts ${port.types.join(" or ")}, but ${fromDef.type}.${from.port} carries ${carried}`;
  }
  const loop = pathDownstream(patch, to.node, from.node);
  if (loop) return `this cable would close a loop: ${[...loop, to.node].join(" → ")}`;
  const before = new Set(modelProblems(patch, registry));
  const next = {
    ...patch,
    connections: [...patch.connections, { from: endpointKey(from), to: endpointKey(to) }],
  };
  const added = modelProblems(next, registry).filter((p) => !before.has(p));
  return added[0];
}
