/**
 * The patcher's editing tools beyond the canvas itself, as one hook for the App: the graph the
 * canvas edits (the patch or a subpatch opened in place, with its path bar), the keyboard wiring
 * list (W) and the sound browser (S, an AudioIn's ♪). It returns what the shortcuts, the
 * right-click menu and the canvas call, and the overlays to draw.
 */
import { useMemo, useState, type ReactNode, type RefObject } from "react";
import type { CanvasEditor } from "../canvas/canvasEditor";
import type { PatchModel } from "../model/patchModel";
import { ScopedModel } from "../model/scopedModel";
import { subpatchIdOf } from "../../engine/patch/subpatch";
import { SoundBrowser } from "../sounds/SoundBrowser";
import { WireList } from "../wiring/WireList";
import { SubpatchBreadcrumb, useScopeView } from "./Breadcrumb";

export interface CanvasToolsOptions {
  readonly model: PatchModel;
  readonly editor: RefObject<CanvasEditor | undefined>;
  /** The pointer's last position in client coordinates (where lists open). */
  readonly pointer: RefObject<{ x: number; y: number }>;
  readonly say: (text: string, error?: boolean) => void;
  /** Shows the graph at a readable zoom (after entering or leaving a subpatch). */
  readonly readable: () => unknown;
}

export function useCanvasTools({ model, editor, pointer, say, readable }: CanvasToolsOptions) {
  /** What the canvas edits: the patch, or a subpatch opened in place (model/scopedModel.ts). */
  const graph = useMemo(() => new ScopedModel(model), [model]);
  graph.onRefused = (message) => say(message, true);
  useScopeView(graph, readable);
  const [wire, setWire] = useState<{ nodeId: string; x: number; y: number }>();
  const [sounds, setSounds] = useState<{ nodeId?: string; at: readonly [number, number] }>();
  const selected = () => editor.current?.selectedIds() ?? [];
  const browseSounds = (nodeId?: string) =>
    setSounds({ nodeId, at: editor.current?.pointer() ?? [0, 0] });
  const wireNode = (nodeId: string) => setWire({ nodeId, ...pointer.current });

  const shortcuts = {
    leaveSubpatch: () => {
      // Esc with a right-click menu open closes the menu only (canvasEditor.ts).
      if (!document.querySelector('[data-testid="context-menu"]')) graph.leave();
    },
    renameSubpatch: () => {
      const [id] = selected();
      if (id && subpatchIdOf(graph.node(id)?.type ?? "")) editor.current?.renameSubpatch(id);
      else say("select a subpatch to rename it (F2)", true);
    },
    browseSounds: () => {
      const [id] = selected();
      browseSounds(id !== undefined && graph.node(id)?.type === "AudioIn" ? id : undefined);
    },
    wire: () => {
      const ids = selected();
      if (ids.length === 1) wireNode(ids[0]!);
      else say("select one node to wire it (W)", true);
    },
  };
  const menu = {
    openSubpatch: (id: string) => graph.enterInstance(id),
    renameSubpatch: (id: string) => editor.current?.renameSubpatch(id),
    wire: wireNode,
    browseSounds,
    typeOf: (id: string) => graph.node(id)?.type,
  };
  const canvas = {
    onOpenSubpatch: (id: string) => void graph.enterInstance(id),
    onBrowseSounds: browseSounds,
  };
  const overlays: ReactNode = (
    <>
      <SubpatchBreadcrumb graph={graph} />
      {sounds && (
        <SoundBrowser
          model={graph}
          nodeId={sounds.nodeId}
          at={sounds.at}
          say={say}
          onClose={() => setSounds(undefined)}
        />
      )}
      {wire && (
        <WireList
          model={graph}
          nodeId={wire.nodeId}
          at={wire}
          say={say}
          onClose={() => setWire(undefined)}
        />
      )}
    </>
  );
  return { graph, shortcuts, menu, canvas, overlays };
}
