/** Finding node types by what a composer types: name first, then words of the description. */
import type { NodeCategory, NodeDefinition } from "../../engine/nodeDefinition";
import { nodeTitle } from "../../engine/patch/subpatch";

export const CATEGORY_ORDER: readonly NodeCategory[] = [
  "source",
  "control",
  "model",
  "algebra",
  "transform",
  "codebook",
  "effect",
  "output",
  "subpatch",
];

/**
 * Definitions matching `query`, best first: name prefix, name substring, then description. A
 * subpatch is found by its name ("group 1") as well as its type ("subpatch:group1").
 */
export function searchNodeTypes(query: string, defs: readonly NodeDefinition[]): NodeDefinition[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [...defs];
  const rank = (d: NodeDefinition): number => {
    const names = [d.type.toLowerCase(), nodeTitle(d).toLowerCase()];
    if (names.some((n) => n.startsWith(q))) return 0;
    if (names.some((n) => n.includes(q))) return 1;
    if (d.category.startsWith(q)) return 2;
    return d.description.toLowerCase().includes(q) ? 3 : 4;
  };
  return defs
    .map((d, i) => ({ d, i, r: rank(d) }))
    .filter((x) => x.r < 4)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.d);
}

/** Definitions grouped by category, in palette order. */
export function byCategory(defs: readonly NodeDefinition[]): [NodeCategory, NodeDefinition[]][] {
  return CATEGORY_ORDER.map(
    (c) => [c, defs.filter((d) => d.category === c)] as [NodeCategory, NodeDefinition[]],
  ).filter(([, ds]) => ds.length > 0);
}
