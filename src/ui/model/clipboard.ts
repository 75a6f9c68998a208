/**
 * Copy and paste as patch JSON, the pure part: the selection becomes a patch of its own (the
 * selected nodes, the cables between them, the subpatch definitions and the assets they use),
 * and a pasted patch is merged into the open one with colliding node, subpatch and asset ids
 * renamed. No DOM.
 */
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch, PatchAsset, PatchNode, Subpatch } from "../../engine/patch/schema";
import { patchRegistry, subpatchIdOf, subpatchType } from "../../engine/patch/subpatch";
import { splitEndpoint } from "../../engine/patch/endpoint";
import { PatchError } from "../../engine/patch/errors";
import { parsePatch } from "../../engine/patch/parse";
import { freshNodeId, type Position } from "./ids";
import { subpatchesUsed } from "./subpatchEdit";

/** How far a paste without a known cursor (or a duplicate) lands from the original. */
export const PASTE_OFFSET = 40;

/** The names of `type`'s parameters that name an asset. */
function assetParams(registry: NodeRegistry, type: string): string[] {
  return (registry.get(type)?.params ?? [])
    .filter((p) => p.kind === "string" && p.refers === "asset")
    .map((p) => p.name);
}

/** The asset ids `node` refers to. */
function assetsOf(registry: NodeRegistry, node: PatchNode): string[] {
  return assetParams(registry, node.type)
    .map((name) => node.params[name])
    .filter((v): v is string => typeof v === "string" && v !== "");
}

/**
 * The patch to put on the clipboard for the nodes `ids` and the comments `commentIds` of
 * `patch`: those nodes and comments, the cables between the nodes, the subpatch definitions
 * their instances need and the assets they use; undefined when none of them is in the patch.
 */
export function copyToPatch(
  patch: Patch,
  ids: readonly string[],
  registry: NodeRegistry,
  commentIds: readonly string[] = [],
): Patch | undefined {
  const wanted = new Set(ids);
  const nodes = patch.nodes.filter((n) => wanted.has(n.id));
  const pickedComments = new Set(commentIds);
  const comments = (patch.comments ?? []).filter((c) => pickedComments.has(c.id));
  if (nodes.length === 0 && comments.length === 0) return undefined;
  const inside = (end: string) => wanted.has(splitEndpoint(end).node);
  const connections = patch.connections.filter((c) => inside(c.from) && inside(c.to));
  const needed = subpatchesUsed(patch, nodes);
  const subpatches = (patch.subpatches ?? []).filter((s) => needed.has(s.id));
  const defs = patchRegistry(registry, patch.subpatches);
  const used = new Set(
    [...nodes, ...subpatches.flatMap((s) => s.nodes)].flatMap((n) => assetsOf(defs, n)),
  );
  const assets: Record<string, PatchAsset> = {};
  for (const id of [...used].sort()) {
    const entry = patch.assets?.[id];
    if (entry) assets[id] = entry;
  }
  const clip: Patch = {
    format: patch.format,
    version: patch.version,
    name: `${nodes.length} node${nodes.length === 1 ? "" : "s"} from ${patch.name}`,
    nodes,
    connections,
  };
  if (comments.length > 0) clip.comments = comments;
  if (subpatches.length > 0) clip.subpatches = subpatches;
  if (patch.model !== undefined) clip.model = patch.model;
  if (Object.keys(assets).length > 0) clip.assets = assets;
  return clip;
}

const sameAsset = (a: PatchAsset, b: PatchAsset) => JSON.stringify(a) === JSON.stringify(b);

/** The definition without its id, to find one already in the patch. */
const sameSubpatch = (a: Subpatch, b: Subpatch) =>
  JSON.stringify({ ...a, id: "" }) === JSON.stringify({ ...b, id: "" });

/** A fresh asset id from `id`: "take" → "take_2", then 3, 4… */
function freshAssetId(id: string, taken: ReadonlySet<string>): string {
  for (let i = 2; ; i++) if (!taken.has(`${id}_${i}`)) return `${id}_${i}`;
}

export interface PasteResult {
  /** The open patch with the clipboard's nodes, cables, comments and assets merged in. */
  readonly patch: Patch;
  /** The ids the pasted nodes got, in the clipboard's order. */
  readonly ids: string[];
  /** The ids the pasted comments got, in the clipboard's order. */
  readonly commentIds: string[];
}

/**
 * Merges `clip` into `patch`. Node ids already taken get fresh ones (cables follow); an asset id
 * already taken by a different asset gets a fresh one (params follow), an identical asset is
 * shared. Positions move so the clip's top-left corner lands at `at` when given, otherwise
 * PASTE_OFFSET right and down of where they were.
 */
export function pasteInto(
  patch: Patch,
  clip: Patch,
  registry: NodeRegistry,
  at?: Position,
): PasteResult {
  // Assets: reuse identical ones, rename colliding different ones.
  const assets: Record<string, PatchAsset> = { ...patch.assets };
  const assetIds = new Map<string, string>();
  for (const [id, entry] of Object.entries(clip.assets ?? {})) {
    const mine = assets[id];
    let to = id;
    if (mine && !sameAsset(mine, entry)) {
      to = Object.entries(assets).find(([, a]) => sameAsset(a, entry))?.[0] ?? "";
      if (!to) to = freshAssetId(id, new Set(Object.keys(assets)));
    }
    assets[to] = entry;
    assetIds.set(id, to);
  }

  // Subpatches: reuse identical ones, rename colliding different ones (instances follow).
  const subpatches = [...(patch.subpatches ?? [])];
  const subIds = new Map<string, string>();
  const added: Subpatch[] = [];
  for (const sub of clip.subpatches ?? []) {
    const same = subpatches.find((s) => sameSubpatch(s, sub));
    let to = same?.id ?? sub.id;
    if (!same) {
      const takenSubs = new Set(subpatches.map((s) => s.id));
      if (takenSubs.has(to)) to = freshAssetId(sub.id, takenSubs);
      const placeholder = { ...sub, id: to };
      subpatches.push(placeholder);
      added.push(placeholder);
    }
    subIds.set(sub.id, to);
  }
  const retype = (type: string) => {
    const id = subpatchIdOf(type);
    return id !== undefined && subIds.has(id) ? subpatchType(subIds.get(id)!) : type;
  };
  const clipDefs = patchRegistry(registry, clip.subpatches);
  const withAssets = (n: PatchNode, type: string): PatchNode["params"] => {
    const params = { ...n.params };
    for (const name of assetParams(clipDefs, type)) {
      const v = params[name];
      if (typeof v === "string" && assetIds.has(v)) params[name] = assetIds.get(v)!;
    }
    return params;
  };
  for (const sub of added) {
    const nodes = sub.nodes.map((n) => ({
      ...n,
      type: retype(n.type),
      params: withAssets(n, n.type),
    }));
    subpatches[subpatches.indexOf(sub)] = { ...sub, nodes };
  }

  // Node ids: keep free ones, rename taken ones.
  const taken = new Set(patch.nodes.map((n) => n.id));
  const nodeIds = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = taken.has(n.id) ? freshNodeId(n.type, taken) : n.id;
    taken.add(id);
    nodeIds.set(n.id, id);
  }

  // Comment ids: the same.
  const takenComments = new Set((patch.comments ?? []).map((c) => c.id));
  const comments = (clip.comments ?? []).map((c) => {
    const id = takenComments.has(c.id) ? freshNodeId("comment", takenComments) : c.id;
    takenComments.add(id);
    return { ...c, id };
  });

  // Positions: the clip's top-left corner (nodes and comments) to `at`, or a fixed offset.
  const placed = [
    ...clip.nodes.flatMap((n) => (n.position ? [n.position] : [])),
    ...comments.map((c) => c.position),
  ];
  const left = Math.min(...placed.map((p) => p[0]));
  const top = Math.min(...placed.map((p) => p[1]));
  const [dx, dy] =
    at && placed.length > 0 ? [at[0] - left, at[1] - top] : [PASTE_OFFSET, PASTE_OFFSET];

  const nodes = clip.nodes.map((n): PatchNode => {
    const params = withAssets(n, n.type);
    const node: PatchNode = { id: nodeIds.get(n.id)!, type: retype(n.type), params };
    if (n.position) node.position = [n.position[0] + dx, n.position[1] + dy];
    return node;
  });
  const rename = (end: string) => {
    const { node, port } = splitEndpoint(end);
    return `${nodeIds.get(node) ?? node}.${port}`;
  };
  const connections = clip.connections
    .filter((c) => nodeIds.has(splitEndpoint(c.from).node) && nodeIds.has(splitEndpoint(c.to).node))
    .map((c) => ({ from: rename(c.from), to: rename(c.to) }));

  const next: Patch = {
    ...patch,
    nodes: [...patch.nodes, ...nodes],
    connections: [...patch.connections, ...connections],
  };
  if (comments.length > 0) {
    const moved = comments.map((c) => ({
      ...c,
      position: [c.position[0] + dx, c.position[1] + dy] as [number, number],
    }));
    next.comments = [...(patch.comments ?? []), ...moved];
  }
  if (Object.keys(assets).length > 0) next.assets = assets;
  if (subpatches.length > 0) next.subpatches = subpatches;
  return { patch: next, ids: nodes.map((n) => n.id), commentIds: comments.map((c) => c.id) };
}

/**
 * The clipboard's text as a patch to paste, or why it cannot be pasted (the PatchError's
 * message for text that is not a valid patch).
 */
export function clipboardPatch(
  text: string | undefined,
  registry: NodeRegistry,
): { ok: true; patch: Patch } | { ok: false; message: string } {
  if (text === undefined || text.trim() === "")
    return { ok: false, message: "the clipboard is empty" };
  try {
    const patch = parsePatch(text, registry);
    if (patch.nodes.length === 0) return { ok: false, message: "the copied patch has no nodes" };
    return { ok: true, patch };
  } catch (err) {
    if (err instanceof PatchError) return { ok: false, message: err.message };
    throw err;
  }
}
