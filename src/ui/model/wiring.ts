/**
 * Wiring from the keyboard: the cables a selected node can give or take, by the rules the canvas
 * checks when a cable is dragged (connectionRules.ts), and the cables it has, to remove. Pure.
 */
import { splitEndpoint } from "../../engine/patch/endpoint";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch } from "../../engine/patch/schema";
import { inputPorts } from "../../engine/params";
import { refuseConnection } from "./connectionRules";
import { inferTypes } from "./typeInference";

/** One line of the wiring list: a cable to add, or one of the node's cables to remove. */
export interface WireChoice {
  readonly kind: "add" | "remove";
  /** "node.port" ends, as in the patch. */
  readonly from: string;
  readonly to: string;
  /** Whether adding it replaces the cable the input has now (an input takes one cable). */
  readonly replaces?: string;
}

/** The most candidate cables checked in full (each check compiles the graph). */
export const MAX_WIRE_CHECKS = 400;

/** What the wiring list shows for one choice: "a.out → b.in", with what it does. */
export function wireText(c: WireChoice): string {
  const cable = `${c.from} → ${c.to}`;
  if (c.kind === "remove") return `remove ${cable}`;
  return c.replaces ? `${cable} (instead of ${c.replaces})` : cable;
}

/**
 * The cables node `id` can take or give in `patch`, outputs first, each allowed by the canvas's
 * rules (a taken input is offered as a replacement, as a drop on it would do), then its own
 * cables to remove.
 */
export function wireChoices(patch: Patch, registry: NodeRegistry, id: string): WireChoice[] {
  const node = patch.nodes.find((n) => n.id === id);
  const def = registry.get(node?.type ?? "");
  if (!node || !def) return [];
  const types = inferTypes(patch, registry);
  const candidates: { from: string; to: string }[] = [];
  const portsOf = (type: string) => {
    const d = registry.get(type);
    return d ? inputPorts(d) : [];
  };
  const accepts = (nodeId: string, port: string, from: string) => {
    const target = patch.nodes.find((n) => n.id === nodeId);
    const spec = portsOf(target?.type ?? "").find((p) => p.name === port);
    const { node: src, port: out } = splitEndpoint(from);
    const carried = types.get(src)?.outputs[out];
    return spec !== undefined && (carried === undefined || spec.types.includes(carried));
  };
  const others = patch.nodes.filter((n) => n.id !== id);
  for (const out of def.outputs)
    for (const other of others)
      for (const port of portsOf(other.type))
        if (accepts(other.id, port.name, `${id}.${out.name}`))
          candidates.push({ from: `${id}.${out.name}`, to: `${other.id}.${port.name}` });
  for (const port of inputPorts(def))
    for (const other of others)
      for (const out of registry.get(other.type)?.outputs ?? [])
        if (accepts(id, port.name, `${other.id}.${out.name}`))
          candidates.push({ from: `${other.id}.${out.name}`, to: `${id}.${port.name}` });
  const existing = new Set(patch.connections.map((c) => `${c.from}>${c.to}`));
  const adds: WireChoice[] = [];
  for (const c of candidates.slice(0, MAX_WIRE_CHECKS)) {
    if (existing.has(`${c.from}>${c.to}`)) continue;
    const old = patch.connections.find((x) => x.to === c.to);
    const freed = { ...patch, connections: patch.connections.filter((x) => x.to !== c.to) };
    const why = refuseConnection(freed, registry, splitEndpoint(c.from), splitEndpoint(c.to));
    if (why === undefined) adds.push({ kind: "add", ...c, ...(old && { replaces: old.from }) });
  }
  const removes = patch.connections
    .filter((c) => splitEndpoint(c.from).node === id || splitEndpoint(c.to).node === id)
    .map((c): WireChoice => ({ kind: "remove", from: c.from, to: c.to }));
  return [...adds, ...removes];
}

/** The choices whose text has every word of `query` (case-insensitive), in order. */
export function searchWires(query: string, choices: readonly WireChoice[]): WireChoice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return choices.filter((c) => {
    const text = wireText(c).toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
