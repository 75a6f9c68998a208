/** Keyboard shortcuts of the canvas; ignored while typing in a field. */
import { useEffect, useRef } from "react";

export interface ShortcutActions {
  undo(): void;
  redo(): void;
  remove(): void;
  quickAdd(): void;
  copy(): void;
  cut(): void;
  paste(): void;
  duplicate(): void;
  /** Ctrl/Cmd+G: group the selected nodes into a subpatch. */
  group(): void;
  /** Ctrl/Cmd+Shift+G: expand the selected subpatch instances back into their nodes. */
  ungroup(): void;
  /** C: a comment box at the pointer (Max's habit). */
  comment(): void;
  /** L: auto-arrange (layout). */
  arrange(): void;
  /** M: show or hide the minimap. */
  toggleMinimap(): void;
}

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));

export function useShortcuts(actions: ShortcutActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const a = latest.current;
      if (mod && key === "z" && !e.shiftKey) a.undo();
      else if (mod && ((key === "z" && e.shiftKey) || key === "y")) a.redo();
      else if (mod && !e.shiftKey && !e.altKey && key === "c") a.copy();
      else if (mod && !e.shiftKey && !e.altKey && key === "x") a.cut();
      else if (mod && !e.shiftKey && !e.altKey && key === "v") a.paste();
      else if (mod && !e.shiftKey && !e.altKey && key === "d") a.duplicate();
      else if (mod && !e.shiftKey && !e.altKey && key === "g") a.group();
      else if (mod && e.shiftKey && !e.altKey && key === "g") a.ungroup();
      else if (!mod && (e.key === "Delete" || e.key === "Backspace")) a.remove();
      else if (!mod && !e.altKey && key === "n") a.quickAdd();
      else if (!mod && !e.altKey && key === "c") a.comment();
      else if (!mod && !e.altKey && key === "l") a.arrange();
      else if (!mod && !e.altKey && key === "m") a.toggleMinimap();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
