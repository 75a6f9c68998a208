/**
 * Count before you build: how big a patch will be once its subpatch instances are expanded,
 * worked out on the raw JSON (after JSON.parse, before the schema, before any subpatch definition
 * is derived) by memoised multiplication over the subpatch graph. A file that would expand to
 * millions of nodes is judged in the time it takes to read its definitions once. Shapes that are
 * wrong are skipped here: the schema reports them.
 */
import { patchError } from "./errors";
import {
  MAX_DEFINITIONS_EXPANDED,
  MAX_FLAT_CONNECTIONS,
  MAX_FLAT_INSTANCES,
  MAX_FLAT_NODES,
  MAX_ASSETS,
  MAX_COMMENTS,
  MAX_SUBPATCHES,
  MAX_SUBPATCH_DEPTH,
  MAX_SUBPATCH_PARAMS,
  formatCount,
  saturating,
} from "./limits";
import type { NodeRegistry } from "./registry";
import { checkAssetSizes, checkListLengths } from "./valueSizes";
import { subpatchIdOf } from "./subpatch";

/** What a list of nodes (a patch's or a definition's) amounts to once expanded. */
export interface ExpandedSize {
  readonly nodes: number;
  readonly instances: number;
  readonly connections: number;
  /** Parameters derived from the nodes: what an instance of a definition shows as knobs. */
  readonly params: number;
  /** Levels of instances within instances (0 for none). */
  readonly depth: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const typeOf = (node: unknown): string =>
  isObject(node) && typeof node.type === "string" ? node.type : "";

const EMPTY: ExpandedSize = { nodes: 0, instances: 0, connections: 0, params: 0, depth: 0 };

/** The expanded sizes of a raw patch's definitions (by index) and of the patch itself. */
export function expandedSizes(
  json: Json,
  registry: NodeRegistry,
): { readonly subpatches: readonly ExpandedSize[]; readonly patch: ExpandedSize } {
  const subs = list(json.subpatches);
  const indexOf = new Map<string, number>();
  subs.forEach((s, i) => isObject(s) && typeof s.id === "string" && indexOf.set(s.id, i));
  const memo = new Map<number, ExpandedSize>();
  const stack: number[] = [];

  const sizeOf = (nodes: readonly unknown[], connections: readonly unknown[]): ExpandedSize => {
    let [count, instances, cables, params, depth] = [0, 0, connections.length, 0, 0];
    for (const node of nodes) {
      const type = typeOf(node);
      const id = subpatchIdOf(type);
      const index = id === undefined ? undefined : indexOf.get(id);
      if (index === undefined) {
        count += 1;
        params += registry.get(type)?.params.length ?? 0;
        continue;
      }
      const inner = definition(index);
      count = saturating(count + inner.nodes);
      instances = saturating(instances + 1 + inner.instances);
      cables = saturating(cables + inner.connections);
      params = saturating(params + inner.params);
      depth = Math.max(depth, inner.depth + 1);
    }
    return { nodes: count, instances, connections: cables, params, depth };
  };

  const definition = (index: number): ExpandedSize => {
    const known = memo.get(index);
    if (known) return known;
    if (stack.includes(index)) return EMPTY; // a loop: the checks report it
    if (stack.length > MAX_SUBPATCH_DEPTH) {
      throw patchError(
        `patch.subpatches[${stack[0]}]`,
        `nests subpatch instances more than ${MAX_SUBPATCH_DEPTH} levels deep (the limit is ${MAX_SUBPATCH_DEPTH})`,
      );
    }
    stack.push(index);
    const sub = subs[index];
    const size = isObject(sub) ? sizeOf(list(sub.nodes), list(sub.connections)) : EMPTY;
    stack.pop();
    memo.set(index, size);
    return size;
  };

  const subpatches = subs.map((_, i) => definition(i));
  return { subpatches, patch: sizeOf(list(json.nodes), list(json.connections)) };
}

interface Measure {
  readonly of: (size: ExpandedSize) => number;
  readonly limit: number;
  /** The refusal, given the count and the limit (both formatted). */
  readonly say: (n: string, limit: string) => string;
}

const flattened = (what: string) => (n: string, limit: string) =>
  `expands to ${n} ${what} when flattened (the limit is ${limit})`;

const MEASURES: readonly Measure[] = [
  {
    of: (s) => s.depth,
    limit: MAX_SUBPATCH_DEPTH,
    say: (n, limit) => `nests subpatch instances ${n} levels deep (the limit is ${limit})`,
  },
  { of: (s) => s.nodes, limit: MAX_FLAT_NODES, say: flattened("nodes") },
  { of: (s) => s.instances, limit: MAX_FLAT_INSTANCES, say: flattened("subpatch instances") },
  { of: (s) => s.connections, limit: MAX_FLAT_CONNECTIONS, say: flattened("connections") },
];

/** The definition or patch that is most over `m`'s limit, as a refusal; undefined if none is. */
function worst(
  sizes: readonly ExpandedSize[],
  patch: ExpandedSize,
  m: Measure,
): { path: string; message: string } | undefined {
  let at: { path: string; n: number } | undefined;
  const consider = (path: string, n: number) => {
    if (n > m.limit && (!at || n > at.n)) at = { path, n };
  };
  sizes.forEach((s, i) => consider(`patch.subpatches[${i}]`, m.of(s)));
  consider("patch.nodes", m.of(patch));
  if (!at) return undefined;
  return { path: at.path, message: m.say(formatCount(at.n), formatCount(m.limit)) };
}

const WRITTEN: readonly { key: string; limit: number; what: string }[] = [
  { key: "subpatches", limit: MAX_SUBPATCHES, what: "subpatch definitions" },
  { key: "comments", limit: MAX_COMMENTS, what: "comments" },
];

/** Refuses a list written in the file that is longer than its limit. */
function checkWrittenCounts(json: Json): void {
  for (const { key, limit, what } of WRITTEN) {
    const n = list(json[key]).length;
    if (n > limit) {
      throw patchError(
        `patch.${key}`,
        `${formatCount(n)} ${what} (the limit is ${formatCount(limit)})`,
      );
    }
  }
  const assets = json.assets;
  const n = isObject(assets) ? Object.keys(assets).length : 0;
  if (n > MAX_ASSETS) {
    throw patchError(
      "patch.assets",
      `${formatCount(n)} assets (the limit is ${formatCount(MAX_ASSETS)})`,
    );
  }
}

/**
 * Refuses raw patch JSON that passes a limit of ./limits.ts before anything is built from it:
 * how many definitions, comments and assets it writes, its expanded size and its definitions',
 * embedded sounds, list lengths.
 * @throws PatchError with one issue naming the JSON path and the limit
 */
export function checkPatchSize(json: unknown, registry: NodeRegistry): void {
  if (!isObject(json)) return;
  checkWrittenCounts(json);
  const { subpatches, patch } = expandedSizes(json, registry);
  for (const m of MEASURES) {
    const refusal = worst(subpatches, patch, m);
    if (refusal) throw patchError(refusal.path, refusal.message);
  }
  const expanded = subpatches.reduce((sum, s) => saturating(sum + s.nodes + s.instances), 0);
  if (expanded > MAX_DEFINITIONS_EXPANDED) {
    throw patchError(
      "patch.subpatches",
      `the definitions expand to ${formatCount(expanded)} nodes and instances in all (the limit is ${formatCount(MAX_DEFINITIONS_EXPANDED)})`,
    );
  }
  subpatches.forEach((s, i) => {
    if (s.params > MAX_SUBPATCH_PARAMS) {
      throw patchError(
        `patch.subpatches[${i}]`,
        `derives ${formatCount(s.params)} parameters from its inner nodes (the limit is ${formatCount(MAX_SUBPATCH_PARAMS)})`,
      );
    }
  });
  checkAssetSizes(json.assets);
  checkListLengths(json);
}
