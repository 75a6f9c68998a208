/**
 * Auto-arrange: a layered layout, left to right by graph depth (Sugiyama's scheme, reduced to
 * what a patch needs). Written here rather than taken from rete-auto-arrange-plugin: that plugin
 * moves the canvas's views itself through elkjs (a 1.5 MB layout engine in a web worker), while
 * here the model owns positions, so the layout is a pure function whose result is one undo step.
 *
 * 1. Column = longest path from a source; a source that only feeds later columns moves up to
 *    the column before its first consumer. Cycles (which the engine refuses) cannot hang it.
 * 2. Order within a column: the current top-to-bottom order, then a few sweeps sorting each
 *    column by the mean row of its neighbours (barycentre), which removes most crossings.
 * 3. Place columns left to right, each as wide as its widest node, nodes stacked with a gap and
 *    columns centred on each other; the result starts at the patch's old top-left corner, and
 *    by construction no two boxes overlap.
 */
import { splitEndpoint } from "../../engine/patch/endpoint";
import type { Patch } from "../../engine/patch/schema";
import type { Position } from "./ids";

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface ArrangeOptions {
  /** Horizontal space between columns. */
  readonly columnGap?: number;
  /** Vertical space between nodes of a column. */
  readonly rowGap?: number;
  /** Size of a node not in `sizes`. */
  readonly defaultSize?: Size;
}

const SWEEPS = 4;

/** Column of each node: longest path from a source, ignoring edges that close a cycle. */
function columnsOf(ids: readonly string[], preds: Map<string, string[]>): Map<string, number> {
  const column = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    visiting.add(id);
    let d = 0;
    for (const p of preds.get(id) ?? []) if (!visiting.has(p)) d = Math.max(d, depth(p) + 1);
    visiting.delete(id);
    column.set(id, d);
    return d;
  };
  for (const id of ids) depth(id);
  return column;
}

/** Moves each source right, to just before its earliest consumer. */
function pullSources(
  column: Map<string, number>,
  preds: Map<string, string[]>,
  succs: Map<string, string[]>,
): void {
  for (const [id, c] of column) {
    const next = succs.get(id) ?? [];
    if ((preds.get(id) ?? []).length > 0 || next.length === 0) continue;
    const first = Math.min(...next.map((s) => column.get(s) ?? c + 1));
    if (first - 1 > c) column.set(id, first - 1);
  }
}

/** Reorders each column by the mean row of its neighbours in `neighbours`, sweeping `order`. */
function sweep(columns: string[][], neighbours: Map<string, string[]>, order: number[]): void {
  const row = new Map<string, number>();
  for (const col of columns) col.forEach((id, i) => row.set(id, i));
  for (const c of order) {
    const col = columns[c] ?? [];
    const key = new Map<string, number>();
    col.forEach((id, i) => {
      const rows = (neighbours.get(id) ?? []).flatMap((n) => row.get(n) ?? []);
      key.set(id, rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : i);
    });
    col.sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0));
    col.forEach((id, i) => row.set(id, i));
  }
}

/** New positions for every node of `patch`, by id; `sizes` are the nodes' drawn sizes. */
export function arrangeNodes(
  patch: Patch,
  sizes: ReadonlyMap<string, Size>,
  options: ArrangeOptions = {},
): Map<string, Position> {
  const { columnGap = 80, rowGap = 32, defaultSize = { width: 200, height: 120 } } = options;
  const ids = patch.nodes.map((n) => n.id);
  if (ids.length === 0) return new Map();
  const known = new Set(ids);
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const c of patch.connections) {
    const [from, to] = [splitEndpoint(c.from).node, splitEndpoint(c.to).node];
    if (!known.has(from) || !known.has(to) || from === to) continue;
    preds.set(to, [...(preds.get(to) ?? []), from]);
    succs.set(from, [...(succs.get(from) ?? []), to]);
  }
  const column = columnsOf(ids, preds);
  pullSources(column, preds, succs);

  const old = new Map(patch.nodes.map((n, i) => [n.id, n.position ?? [0, i]] as const));
  const byY = [...ids].sort((a, b) => (old.get(a)?.[1] ?? 0) - (old.get(b)?.[1] ?? 0));
  const sparse: string[][] = [];
  for (const id of byY) (sparse[column.get(id) ?? 0] ??= []).push(id);
  const columns = sparse.filter((col) => col !== undefined); // pulled sources may empty one
  const forward = columns.map((_, c) => c);
  for (let s = 0; s < SWEEPS; s++) {
    sweep(columns, preds, forward);
    sweep(columns, succs, [...forward].reverse());
  }

  const size = (id: string) => sizes.get(id) ?? defaultSize;
  const heights = columns.map(
    (col) => col.reduce((h, id) => h + size(id).height, 0) + rowGap * Math.max(0, col.length - 1),
  );
  const tallest = Math.max(...heights);
  const left = Math.min(...ids.map((id) => old.get(id)?.[0] ?? 0));
  const top = Math.min(...ids.map((id) => old.get(id)?.[1] ?? 0));
  const placed = new Map<string, Position>();
  let x = left;
  columns.forEach((col, c) => {
    let y = top + (tallest - (heights[c] ?? 0)) / 2;
    for (const id of col) {
      placed.set(id, [Math.round(x), Math.round(y)]);
      y += size(id).height + rowGap;
    }
    x += Math.max(0, ...col.map((id) => size(id).width)) + columnGap;
  });
  return placed;
}
