/**
 * The element the rete canvas lives in: creates the editor over the model, opens the quick-add
 * box on double-click, and takes the files and folders dropped on it.
 */
import { useEffect, useRef } from "react";
import type { PatchModel } from "./model/patchModel";
import { createCanvasEditor, type CanvasEditor } from "./canvas/canvasEditor";
import { reportCanvasReady } from "./testHook";
import type { DroppedDirectory } from "./bundle/droppedFolder";
import type { MenuEntry, MenuTarget } from "./canvas/contextMenu";

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
  latest.current = props;
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    let editor: CanvasEditor | undefined;
    let gone = false;
    void createCanvasEditor(container, props.model, {
      onRefused: (m) => latest.current.onRefused(m),
      onPick: (id) => latest.current.onPick(id),
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
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        // A folder shows up as a File that cannot be read; its entry says what it is.
        const entry = e.dataTransfer.items[0]?.webkitGetAsEntry?.();
        if (entry?.isDirectory) return props.onDropFolder(entry as FileSystemDirectoryEntry);
        const file = e.dataTransfer.files[0];
        if (file) props.onDropFile(file, e.clientX, e.clientY);
      }}
    />
  );
}
