/** Finding node types by what a composer types: name first, then words of the description. */
import type { NodeCategory, NodeDefinition } from "../../engine/nodeDefinition";

export const CATEGORY_ORDER: readonly NodeCategory[] = [
  "source",
  "model",
  "algebra",
  "transform",
  "codebook",
  "output",
];

/** Definitions matching `query`, best first: name prefix, name substring, then description. */
export function searchNodeTypes(query: string, defs: readonly NodeDefinition[]): NodeDefinition[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [...defs];
  const rank = (d: NodeDefinition): number => {
    const type = d.type.toLowerCase();
    if (type.startsWith(q)) return 0;
    if (type.includes(q)) return 1;
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
