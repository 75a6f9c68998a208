/**
 * Brings the rete editor in line with the model's patch: a diff of nodes, comments, positions
 * and cables. Removals the sync makes are recorded in `syncRemovals` so that the editor's
 * "connection removed" pipe can tell them from the user's.
 */
import type { NodeEditor } from "rete";
import type { AreaPlugin } from "rete-area-plugin";
import { splitEndpoint } from "../../engine/patch/endpoint";
import type { PatchModel } from "../model/patchModel";
import type { CanvasState } from "./canvasState";
import {
  Cable,
  CanvasNode,
  CommentNode,
  cableId,
  commentKey,
  portsKeyOf,
  type AreaExtra,
  type Schemes,
} from "./CanvasNode";
import { viewOfNode } from "./patchView";
import { compactAt, fitZoom } from "./levelOfDetail";
import type { Patch } from "../../engine/patch/schema";
import { subpatchIdOf } from "../../engine/patch/subpatch";

export interface SyncTarget {
  readonly editor: NodeEditor<Schemes>;
  readonly area: AreaPlugin<Schemes, AreaExtra>;
  readonly model: PatchModel;
  readonly state: CanvasState;
  readonly syncRemovals: Set<string>;
  /** `model.opens` when the canvas last caught up with it (-1 before the first sync). */
  opensSeen: number;
}

async function place(
  { area, editor }: SyncTarget,
  key: string,
  [x, y]: readonly [number, number],
): Promise<void> {
  const view = area.nodeViews.get(key);
  const node = editor.getNode(key);
  if (node && view) node.element = view.element;
  if (view && (view.position.x !== x || view.position.y !== y)) await area.translate(key, { x, y });
}

/**
 * Whether patch node `n` now has other ports than it was drawn with: another type under its id,
 * or a subpatch instance whose definition changed (a file opened with another "group1").
 */
function portsChanged(patch: Patch, n: CanvasNode | CommentNode): boolean {
  if (!(n instanceof CanvasNode)) return false;
  const node = patch.nodes.find((pn) => pn.id === n.id);
  if (!node || (node.type === n.nodeType && subpatchIdOf(node.type) === undefined)) return false;
  const view = viewOfNode(patch, n.id);
  return !view || portsKeyOf(view) !== n.portsKey;
}

export async function syncCanvas(target: SyncTarget): Promise<void> {
  const { editor, model, state, syncRemovals } = target;
  const patch = model.patch;
  if (model.opens !== target.opensSeen) {
    // A patch was opened (or the canvas is new): the app is about to zoom it to fit. Cards are
    // drawn at the detail of that zoom right away, not in full first and compact a moment later.
    target.opensSeen = model.opens;
    const { clientWidth: width, clientHeight: height } = target.area.container;
    const positions = [...patch.nodes.flatMap((n) => (n.position ? [n.position] : []))];
    state.compact.set(compactAt(fitZoom(positions, { width, height }), state.compact.get()));
  }
  const wantedCables = new Set(patch.connections.map((c) => cableId(c.from, c.to)));
  for (const c of editor.getConnections()) {
    if (wantedCables.has(c.id)) continue;
    syncRemovals.add(c.id);
    await editor.removeConnection(c.id);
  }
  const selected = state.selectedCable.get();
  if (selected !== undefined && !wantedCables.has(selected)) state.selectedCable.set(undefined);

  const comments = patch.comments ?? [];
  const wantedNodes = new Set([
    ...patch.nodes.map((n) => n.id),
    ...comments.map((c) => commentKey(c.id)),
  ]);
  for (const n of editor.getNodes()) {
    if (wantedNodes.has(n.id) && !portsChanged(patch, n)) continue;
    for (const c of editor.getConnections().filter((c) => c.source === n.id || c.target === n.id)) {
      syncRemovals.add(c.id);
      await editor.removeConnection(c.id);
    }
    await editor.removeNode(n.id);
  }
  for (const [i, pn] of patch.nodes.entries()) {
    if (!editor.getNode(pn.id)) {
      const view = viewOfNode(patch, pn.id);
      if (!view) continue;
      await editor.addNode(new CanvasNode(pn.id, view, model, target.state));
    }
    await place(target, pn.id, pn.position ?? [40 + 220 * (i % 6), 40 + 200 * Math.floor(i / 6)]);
  }
  for (const c of comments) {
    const key = commentKey(c.id);
    if (!editor.getNode(key)) await editor.addNode(new CommentNode(c.id, model, state));
    await place(target, key, c.position);
  }

  for (const c of patch.connections) {
    const id = cableId(c.from, c.to);
    if (editor.getConnection(id)) continue;
    const from = splitEndpoint(c.from);
    const to = splitEndpoint(c.to);
    const [source, sink] = [editor.getNode(from.node), editor.getNode(to.node)];
    if (!source || !sink) continue;
    const cable = new Cable(source, from.port, sink, to.port);
    cable.id = id;
    await editor.addConnection(cable);
  }
}
