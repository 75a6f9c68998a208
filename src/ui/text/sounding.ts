/**
 * Which nodes sound (their output reaches an AudioOut, through any chain of cables) and on which
 * lines of the text each node is written.
 */
import { splitEndpoint } from "../../engine/patch/endpoint";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch } from "../../engine/patch/schema";
import { patchRegistry } from "../../engine/patch/subpatch";

/** The ids of the nodes whose output reaches an output node (the outputs included). */
export function soundingNodes(patch: Patch, registry: NodeRegistry): Set<string> {
  const types = patchRegistry(registry, patch.subpatches);
  const feeders = new Map<string, string[]>();
  for (const c of patch.connections) {
    const to = splitEndpoint(c.to).node;
    feeders.set(to, [...(feeders.get(to) ?? []), splitEndpoint(c.from).node]);
  }
  const sounding = new Set<string>();
  const stack = patch.nodes
    .filter((n) => types.get(n.type)?.category === "output")
    .map((n) => n.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (sounding.has(id)) continue;
    sounding.add(id);
    stack.push(...(feeders.get(id) ?? []));
  }
  return sounding;
}

const NODE_LINE = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=/;

/** The node id each line of `text` defines (1-based line numbers). */
export function nodeLines(text: string): Map<number, string> {
  const lines = new Map<number, string>();
  text.split("\n").forEach((line, i) => {
    const id = NODE_LINE.exec(line)?.[1];
    if (id) lines.set(i + 1, id);
  });
  return lines;
}

/** The lines of `text` whose nodes are in `ids`. */
export function linesOf(text: string, ids: ReadonlySet<string>): number[] {
  return [...nodeLines(text)].filter(([, id]) => ids.has(id)).map(([line]) => line);
}
