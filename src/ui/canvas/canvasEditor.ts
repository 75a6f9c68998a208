/**
 * The rete v2 canvas over a PatchModel. The model is the source of truth: the canvas is synced
 * from it after every change (see canvasSync), and what the user does on the canvas (drag a
 * cable, pick one off an input, move nodes and comments) becomes a model edit.
 */
import { NodeEditor } from "rete";
import { AreaExtensions, AreaPlugin } from "rete-area-plugin";
import { ClassicFlow, ConnectionPlugin, getSourceTarget } from "rete-connection-plugin";
import { MinimapPlugin } from "rete-minimap-plugin";
import { Presets, ReactPlugin } from "rete-react-plugin";
import { createRoot } from "react-dom/client";
import type { PatchModel, Position, Removal } from "../model/patchModel";
import type { Size } from "../model/arrange";
import {
  CanvasNode,
  CommentNode,
  commentIdOf,
  commentKey,
  type AreaExtra,
  type Schemes,
} from "./CanvasNode";
import { CommentCard } from "./CommentCard";
import { NodeCard } from "./NodeCard";
import { createCanvasState, type Watched } from "./canvasState";
import { syncCanvas } from "./canvasSync";
import { installCableLayer, noSocketWatcher } from "./cableLayer";
import { cableType } from "./patchView";
import { createContextMenu, menuPreset, type MenuEntry, type MenuTarget } from "./contextMenu";
import { installBoxSelect } from "./boxSelect";
import { zoomCommands } from "./canvasZoom";
import { compactAt } from "./levelOfDetail";
import { arrangeSizeOf } from "./arrangeSizes";

export interface CanvasEditor {
  /** The pointer's last position in patch coordinates. */
  pointer(): Position;
  /** Patch coordinates of a point given in client (page) coordinates. */
  toPatch(clientX: number, clientY: number): Position;
  /** The ids of the selected patch nodes (comments and cables are not nodes). */
  selectedIds(): string[];
  /** Everything selected: nodes, comments and the selected cable, for Delete. */
  selection(): Removal;
  /** Makes the nodes `ids` the selection (after the canvas has caught up with the model). */
  select(ids: readonly string[]): Promise<void>;
  /** Selects every node and comment. */
  selectAll(): Promise<void>;
  /** Outlines the cards of the nodes at fault, each with its message (empty: clears them). */
  showFaults(faults: ReadonlyMap<string, string>): void;
  /** Opens comment `id` for editing (after the canvas has caught up with the model). */
  editComment(id: string): Promise<void>;
  /** Turns subpatch instance `id`'s title into a name field. */
  renameSubpatch(id: string): void;
  /** The drawn size of each patch node, by id. */
  nodeSizes(): Map<string, Size>;
  /** Shows or hides the minimap. */
  showMinimap(shown: boolean): void;
  /** Resolves when the canvas shows the model's current patch. */
  synced(): Promise<void>;
  zoomToFit(): Promise<void>;
  /** The zoom, watched by the readout. */
  readonly zoom: Watched<number>;
  /** Zooms one step in (1) or out (−1) around the view's centre. */
  zoomStep(dir: 1 | -1): Promise<void>;
  /** Zooms to `k` (1 = 100 %) around the view's centre. */
  zoomTo(k: number): Promise<void>;
  /**
   * Shows the whole patch if its text stays readable so, else at a readable zoom from its
   * top-left corner (an opened demo, a new patch: zoom.ts).
   */
  showReadable(): Promise<void>;
  destroy(): void;
}

export interface CanvasOptions {
  /** A cable was refused; `message` says why. */
  onRefused(message: string): void;
  /** The user picked node `id` (a click or the start of a drag). */
  onPick?(id: string): void;
  /** The user clicked the cable from output `from` to input `to` (`"node.port"` each). */
  onPickCable?(from: string, to: string): void;
  /** What the right-click menu offers on `target` (the node or cable is selected first). */
  menu?(target: MenuTarget): readonly MenuEntry[];
  /** A double-click on subpatch instance `id`'s title: open it in place. */
  onOpenSubpatch?(id: string): void;
  /** The ♪ of AudioIn `id`'s sound picker: open the sound browser for it. */
  onBrowseSounds?(id: string): void;
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
  const minimap = new MinimapPlugin<Schemes>({ boundViewport: true });
  const state = createCanvasState({
    openSubpatch: (id) => opts.onOpenSubpatch?.(id),
    browseSounds: (id) => opts.onBrowseSounds?.(id),
  });
  const selector = AreaExtensions.selector();
  const selectable = AreaExtensions.selectableNodes(area, selector, {
    accumulating: AreaExtensions.accumulateOnCtrl(),
  });
  render.addPreset(
    Presets.classic.setup({
      // Cables are drawn by the cable layer (cableLayer.ts), which measures the sockets itself.
      socketPositionWatcher: noSocketWatcher,
      customize: {
        node: (ctx) => (ctx.payload instanceof CommentNode ? CommentCard : NodeCard),
      },
    }),
  );
  render.addPreset(Presets.minimap.setup({ size: 160 }));
  render.addPreset(menuPreset());
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
  // A right-click acts on what it hits: a node outside the selection becomes the selection.
  const contextMenu = createContextMenu((target) => {
    if (target.kind === "node" || target.kind === "comment") {
      const key = target.kind === "node" ? target.id : commentKey(target.id);
      if (!editor.getNode(key)?.selected) {
        void selector.unselectAll().then(() => selectable.select(key, false));
      }
      state.selectedCable.set(undefined);
    } else if (target.kind === "cable") {
      void selector.unselectAll();
      state.selectedCable.set(target.id);
    }
    return opts.menu?.(target) ?? [];
  });
  editor.use(area);
  // Before the React plugin: the layer draws every cable itself, so React never mounts one.
  const uninstallCables = installCableLayer(area, {
    typeOf: (source, output) => cableType(model.patch, source, output),
    selected: state.selectedCable,
    onSelect: () => {
      void selector.unselectAll();
      const c = editor.getConnection(state.selectedCable.get() ?? "");
      if (c) opts.onPickCable?.(`${c.source}.${c.sourceOutput}`, `${c.target}.${c.targetInput}`);
    },
    subscribe: model.subscribe,
  });
  area.use(connection);
  area.use(render);
  area.use(contextMenu);
  // A right-button press is only the menu's: it must not pan, pick a node up, or (on release)
  // clear the selection the menu's entries act on.
  container.addEventListener(
    "pointerdown",
    (e) => {
      if (e.button === 2) e.stopPropagation();
    },
    { capture: true },
  );
  // Escape closes the right-click menu (the plugin closes it on a press elsewhere only).
  const closeMenu = (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    // The plugin's own element: the child of the canvas the menu is drawn in.
    const menu = container.querySelector('[data-testid="context-menu"]');
    const element = menu && [...container.children].find((el) => el.contains(menu));
    if (element instanceof HTMLElement) void area.emit({ type: "unmount", data: { element } });
  };
  window.addEventListener("keydown", closeMenu);
  const selectKeys = async (keys: readonly string[], add: boolean) => {
    state.selectedCable.set(undefined);
    if (!add) await selector.unselectAll();
    for (const key of keys) if (editor.getNode(key)) await selectable.select(key, true);
  };
  const uninstallBoxSelect = installBoxSelect(container, {
    items: () => [...area.nodeViews].map(([key, view]) => [key, view.element] as const),
    select: selectKeys,
  });
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
    if (ctx.type === "pointerdown" || ctx.type === "nodepicked") state.selectedCable.set(undefined);
    if (ctx.type === "nodepicked" && commentIdOf(ctx.data.id) === undefined) {
      opts.onPick?.(ctx.data.id);
    }
    if (ctx.type === "zoomed") {
      state.compact.set(compactAt(area.area.transform.k, state.compact.get()));
      state.zoom.set(area.area.transform.k);
    }
    if (ctx.type === "nodedragged") {
      const moves = new Map<string, Position>();
      const commentMoves = new Map<string, Position>();
      for (const [key, view] of area.nodeViews) {
        const at: Position = [Math.round(view.position.x), Math.round(view.position.y)];
        const comment = commentIdOf(key);
        if (comment === undefined) moves.set(key, at);
        else commentMoves.set(comment, at);
      }
      model.move(moves, commentMoves);
    }
    return ctx;
  });

  // Hidden until asked for (M): it would cover the canvas's bottom-right corner.
  container.classList.add("lp-minimap-hidden");
  let minimapUsed = false;
  const target = { editor, area, model, state, syncRemovals, opensSeen: -1 };
  let syncing: Promise<void> = Promise.resolve();
  const schedule = () => {
    syncing = syncing
      .then(() => syncCanvas(target))
      .catch((err: unknown) => console.error("canvas sync failed", err));
  };
  const unsubscribe = model.subscribe(schedule);
  schedule();
  await syncing;

  const selectedKeys = () =>
    editor
      .getNodes()
      .filter((n) => n.selected)
      .map((n) => n.id);
  return {
    pointer: () => [Math.round(area.area.pointer.x), Math.round(area.area.pointer.y)],
    toPatch: (clientX, clientY) => {
      const box = container.getBoundingClientRect();
      const { x, y, k } = area.area.transform;
      return [Math.round((clientX - box.left - x) / k), Math.round((clientY - box.top - y) / k)];
    },
    selectedIds: () => selectedKeys().filter((key) => commentIdOf(key) === undefined),
    selection: () => {
      const keys = selectedKeys();
      const cable = editor.getConnection(state.selectedCable.get() ?? "");
      const cables = cable
        ? [
            {
              from: `${cable.source}.${cable.sourceOutput}`,
              to: `${cable.target}.${cable.targetInput}`,
            },
          ]
        : [];
      return {
        nodes: keys.filter((key) => commentIdOf(key) === undefined),
        comments: keys.flatMap((key) => commentIdOf(key) ?? []),
        cables,
      };
    },
    select: async (ids) => {
      await syncing;
      await selector.unselectAll();
      for (const id of ids) if (editor.getNode(id)) await selectable.select(id, true);
    },
    selectAll: async () => {
      await syncing;
      await selectKeys(
        editor.getNodes().map((n) => n.id),
        false,
      );
    },
    showFaults: (faults) => state.faults.set(faults),
    editComment: async (id) => {
      await syncing;
      state.editingComment.set(id);
    },
    renameSubpatch: (id) => state.renaming.set(id),
    nodeSizes: () => {
      const compact = state.compact.get();
      return new Map(
        editor
          .getNodes()
          .filter((n): n is CanvasNode => n instanceof CanvasNode)
          .map((n) => [n.id, arrangeSizeOf(n, model.patch, compact)]),
      );
    },
    showMinimap: (shown) => {
      // The minimap redraws on every node added or moved and reads every node's size (a layout),
      // which made opening a large patch quadratic: it joins the area when first shown.
      if (shown && !minimapUsed) {
        minimapUsed = true;
        area.use(minimap);
        void area.emit({ type: "resized", data: { event: new Event("resize") } });
      }
      container.classList.toggle("lp-minimap-hidden", !shown);
    },
    synced: async () => {
      await syncing;
    },
    zoomToFit: () => AreaExtensions.zoomAt(area, editor.getNodes()),
    zoom: state.zoom,
    ...zoomCommands(area, container, () => editor.getNodes()),
    destroy: () => {
      unsubscribe();
      uninstallBoxSelect();
      uninstallCables();
      window.removeEventListener("keydown", closeMenu);
      area.destroy();
    },
  };
}
