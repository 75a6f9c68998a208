/**
 * The element the rete canvas lives in: creates the editor over the model, opens the quick-add
 * box on double-click, and takes the files and folders dropped on it, saying while one is
 * dragged over what its drop will do.
 */
import { useEffect, useRef, useState } from "react";
import type { PatchModel } from "./model/patchModel";
import { createCanvasEditor, type CanvasEditor } from "./canvas/canvasEditor";
import { reportCanvasReady } from "./testHook";
import type { DroppedDirectory } from "./bundle/droppedFolder";
import type { MenuEntry, MenuTarget } from "./canvas/contextMenu";
import { dropCueOf } from "./canvas/dropCue";
import { DropOverlay, type DropOverlayProps } from "./canvas/DropOverlay";
import "./canvas/feedback.css";

export interface CanvasHostProps {
  readonly model: PatchModel;
  onReady(editor: CanvasEditor): void;
  onRefused(message: string): void;
  /** Double-click on empty canvas at these client coordinates. */
  onQuickAdd(): void;
  /** A file was dropped at these client coordinates. */
  onDropFile(file: File, x: number, y: number): void;
  /** A folder was dropped (a model pack). */
  onDropFolder(dir: DroppedDirectory): void;
  onPick(id: string): void;
  /** A cable was clicked: from output `from` to input `to` (`"node.port"`). */
  onPickCable?(from: string, to: string): void;
  /** What the right-click menu offers on a target. */
  menu?(target: MenuTarget): readonly MenuEntry[];
  /** The pointer moved to these client coordinates. */
  onPointer(x: number, y: number): void;
  /** The pointer left the canvas. */
  onPointerLeave?(): void;
  /** A double-click on a subpatch instance's title. */
  onOpenSubpatch?(id: string): void;
  /** The ♪ of an AudioIn's sound picker. */
  onBrowseSounds?(id: string): void;
}

export function CanvasHost(props: CanvasHostProps) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  const [drag, setDrag] = useState<DropOverlayProps | undefined>(undefined);
  latest.current = props;
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    let editor: CanvasEditor | undefined;
    let gone = false;
    void createCanvasEditor(container, props.model, {
      onRefused: (m) => latest.current.onRefused(m),
      onPick: (id) => latest.current.onPick(id),
      onPickCable: (from, to) => latest.current.onPickCable?.(from, to),
      menu: (target) => latest.current.menu?.(target) ?? [],
      onOpenSubpatch: (id) => latest.current.onOpenSubpatch?.(id),
      onBrowseSounds: (id) => latest.current.onBrowseSounds?.(id),
    }).then(async (e) => {
      if (gone) return e.destroy();
      editor = e;
      await e.showReadable();
      latest.current.onReady(e);
      reportCanvasReady();
    });
    return () => {
      gone = true;
      editor?.destroy();
    };
  }, [props.model]);
  return (
    <>
      <div
        className="lp-canvas"
        ref={ref}
        data-testid="canvas"
        onPointerMove={(e) => props.onPointer(e.clientX, e.clientY)}
        onPointerLeave={() => props.onPointerLeave?.()}
        onDoubleClick={(e) => {
          const on = (e.target as HTMLElement).closest(
            ".lp-node, .lp-comment, [data-testid=minimap]",
          );
          if (!on) props.onQuickAdd();
        }}
        onDragOver={(e) => {
          e.preventDefault();
          const what = dropCueOf([...e.dataTransfer.items]);
          const frame = ref.current?.getBoundingClientRect();
          setDrag(what && frame && { cue: what, frame, x: e.clientX, y: e.clientY });
        }}
        onDragLeave={(e) => {
          // Leaving for a child of the canvas is not leaving the canvas.
          if (!ref.current?.contains(e.relatedTarget as Node | null)) setDrag(undefined);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDrag(undefined);
          // A folder shows up as a File that cannot be read; its entry says what it is.
          const entry = e.dataTransfer.items[0]?.webkitGetAsEntry?.();
          if (entry?.isDirectory) return props.onDropFolder(entry as FileSystemDirectoryEntry);
          const file = e.dataTransfer.files[0];
          if (file) props.onDropFile(file, e.clientX, e.clientY);
        }}
      />
      {drag && <DropOverlay {...drag} />}
    </>
  );
}
