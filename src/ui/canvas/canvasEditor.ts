/**
 * The rete v2 canvas over a PatchModel. The model is the source of truth: the canvas is synced
 * from it after every change (a diff of nodes, positions and cables), and what the user does on
 * the canvas (drag a cable, pick one off an input, move nodes) becomes a model edit.
 */
import { NodeEditor } from "rete";
import { AreaExtensions, AreaPlugin } from "rete-area-plugin";
import { ClassicFlow, ConnectionPlugin, getSourceTarget } from "rete-connection-plugin";
import { Presets, ReactPlugin } from "rete-react-plugin";
import { createRoot } from "react-dom/client";
import { splitEndpoint } from "../../engine/patch/endpoint";
import type { PatchModel, Position } from "../model/patchModel";
import { Cable, CanvasNode, cableId, type AreaExtra, type Schemes } from "./CanvasNode";
import { cableViewFor } from "./CableView";
import { NodeCard, SocketDot } from "./NodeCard";
import { viewOfNode } from "./patchView";

export interface CanvasEditor {
  /** The pointer's last position in patch coordinates. */
  pointer(): Position;
  /** Patch coordinates of a point given in client (page) coordinates. */
  toPatch(clientX: number, clientY: number): Position;
  selectedIds(): string[];
  /** Makes the nodes `ids` the selection (after the canvas has caught up with the model). */
  select(ids: readonly string[]): Promise<void>;
  /** Resolves when the canvas shows the model's current patch. */
  synced(): Promise<void>;
  zoomToFit(): Promise<void>;
  destroy(): void;
}

export interface CanvasOptions {
  /** A cable was refused; `message` says why. */
  onRefused(message: string): void;
  /** The user picked node `id` (a click or the start of a drag). */
  onPick?(id: string): void;
}

export async function createCanvasEditor(
  container: HTMLElement,
  model: PatchModel,
  opts: CanvasOptions,
): Promise<CanvasEditor> {
  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const connection = new ConnectionPlugin<Schemes, AreaExtra>();
  const render = new ReactPlugin<Schemes, AreaExtra>({ createRoot });
  const selector = AreaExtensions.selector();
  const selectable = AreaExtensions.selectableNodes(area, selector, {
    accumulating: AreaExtensions.accumulateOnCtrl(),
  });
  render.addPreset(
    Presets.classic.setup({
      customize: {
        node: () => NodeCard,
        socket: () => SocketDot,
        connection: () => cableViewFor(model),
      },
    }),
  );
  connection.addPreset(
    () =>
      new ClassicFlow({
        canMakeConnection: (initial, socket) => getSourceTarget(initial, socket) !== undefined,
        makeConnection(initial, socket) {
          const [from, to] = getSourceTarget(initial, socket) ?? [];
          if (!from || !to) return false;
          const outcome = model.connect(
            { node: from.nodeId, port: from.key },
            { node: to.nodeId, port: to.key },
          );
          if (!outcome.ok) opts.onRefused(outcome.message);
          return outcome.ok; // the model holds the cable; the sync draws it
        },
      }),
  );
  editor.use(area);
  area.use(connection);
  area.use(render);
  AreaExtensions.simpleNodesOrder(area);

  const syncRemovals = new Set<string>();
  editor.addPipe((ctx) => {
    if (ctx.type === "connectionremove" && !syncRemovals.delete(ctx.data.id)) {
      const c = ctx.data;
      model.disconnect(
        { node: c.source, port: c.sourceOutput },
        { node: c.target, port: c.targetInput },
      );
    }
    return ctx;
  });
  area.addPipe((ctx) => {
    if (ctx.type === "zoom" && ctx.data.source === "dblclick") return undefined; // double-click adds a node
    if (ctx.type === "nodepicked") opts.onPick?.(ctx.data.id);
    if (ctx.type === "nodedragged") {
      const moves = new Map<string, Position>();
      for (const [id, view] of area.nodeViews)
        moves.set(id, [Math.round(view.position.x), Math.round(view.position.y)]);
      model.move(moves);
    }
    return ctx;
  });

  async function sync(): Promise<void> {
    const patch = model.patch;
    const wantedCables = new Set(patch.connections.map((c) => cableId(c.from, c.to)));
    for (const c of editor.getConnections()) {
      if (wantedCables.has(c.id)) continue;
      syncRemovals.add(c.id);
      await editor.removeConnection(c.id);
    }
    const wantedNodes = new Set(patch.nodes.map((n) => n.id));
    for (const n of editor.getNodes()) if (!wantedNodes.has(n.id)) await editor.removeNode(n.id);
    for (const [i, pn] of patch.nodes.entries()) {
      if (!editor.getNode(pn.id)) {
        const view = viewOfNode(patch, pn.id);
        if (!view) continue;
        await editor.addNode(new CanvasNode(pn.id, view, model));
      }
      const [x, y] = pn.position ?? [40 + 220 * (i % 6), 40 + 200 * Math.floor(i / 6)];
      const at = area.nodeViews.get(pn.id)?.position;
      if (at && (at.x !== x || at.y !== y)) await area.translate(pn.id, { x, y });
    }
    for (const c of patch.connections) {
      const id = cableId(c.from, c.to);
      if (editor.getConnection(id)) continue;
      const from = splitEndpoint(c.from);
      const to = splitEndpoint(c.to);
      const [source, target] = [editor.getNode(from.node), editor.getNode(to.node)];
      if (!source || !target) continue;
      const cable = new Cable(source, from.port, target, to.port);
      cable.id = id;
      await editor.addConnection(cable);
    }
  }

  let syncing: Promise<void> = Promise.resolve();
  const schedule = () => {
    syncing = syncing.then(sync).catch((err: unknown) => console.error("canvas sync failed", err));
  };
  const unsubscribe = model.subscribe(schedule);
  schedule();
  await syncing;

  return {
    pointer: () => [Math.round(area.area.pointer.x), Math.round(area.area.pointer.y)],
    toPatch: (clientX, clientY) => {
      const box = container.getBoundingClientRect();
      const { x, y, k } = area.area.transform;
      return [Math.round((clientX - box.left - x) / k), Math.round((clientY - box.top - y) / k)];
    },
    selectedIds: () =>
      editor
        .getNodes()
        .filter((n) => n.selected)
        .map((n) => n.id),
    select: async (ids) => {
      await syncing;
      await selector.unselectAll();
      for (const id of ids) if (editor.getNode(id)) await selectable.select(id, true);
    },
    synced: async () => {
      await syncing;
    },
    zoomToFit: () => AreaExtensions.zoomAt(area, editor.getNodes()),
    destroy: () => {
      unsubscribe();
      area.destroy();
    },
  };
}
