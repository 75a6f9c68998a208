/**
 * Keyboard shortcuts of the canvas; ignored while typing in a field. One table drives both the
 * key handler and the help screen (`?`), so what the help lists is what the keys do.
 */
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
  /** ? or F1: the selected node's help, or the list of shortcuts. */
  help(): void;
  /** Ctrl/Cmd+A: select every node and comment. */
  selectAll(): void;
  /** Ctrl/Cmd+Shift+S: copy a link that carries the patch. */
  share(): void;
  /** P: show or hide the performance view. */
  perform(): void;
  /** Alt+N: a new, empty patch (the open one stays in undo and in Recent). */
  newPatch(): void;
  /** + or =: zoom in a step. */
  zoomIn(): void;
  /** −: zoom out a step. */
  zoomOut(): void;
  /** 0: zoom to 100 %. */
  zoomActual(): void;
  /** F: zoom to fit the whole patch. */
  zoomFit(): void;
  /** Esc: leave the subpatch open in place, one level up. */
  leaveSubpatch(): void;
  /** F2: rename the selected subpatch. */
  renameSubpatch(): void;
  /** W: wire the selected node from a searchable list of cables it can take or give. */
  wire(): void;
  /** S: the sound browser (for the selected AudioIn, else Use adds one). */
  browseSounds(): void;
}

export interface Shortcut {
  readonly action: keyof ShortcutActions;
  /** What it does, for the help screen. */
  readonly label: string;
  /** `KeyboardEvent.key`s that trigger it (compared lower-case). */
  readonly keys: readonly string[];
  /** Ctrl (Cmd on a Mac) held. */
  readonly mod?: boolean;
  /** Shift held; undefined: either. */
  readonly shift?: boolean;
  /** Alt (Option) held. Browsers keep Ctrl+N for a new window, so New is Alt+N. */
  readonly alt?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: "quickAdd", label: "Add a node at the pointer (quick-add box)", keys: ["n"] },
  { action: "comment", label: "Add a comment at the pointer", keys: ["c"] },
  { action: "undo", label: "Undo", keys: ["z"], mod: true, shift: false },
  { action: "redo", label: "Redo", keys: ["z"], mod: true, shift: true },
  { action: "redo", label: "Redo", keys: ["y"], mod: true, shift: false },
  {
    action: "selectAll",
    label: "Select every node and comment",
    keys: ["a"],
    mod: true,
    shift: false,
  },
  {
    action: "copy",
    label: "Copy the selection (as patch JSON)",
    keys: ["c"],
    mod: true,
    shift: false,
  },
  { action: "cut", label: "Cut the selection", keys: ["x"], mod: true, shift: false },
  { action: "paste", label: "Paste at the pointer", keys: ["v"], mod: true, shift: false },
  { action: "duplicate", label: "Duplicate the selection", keys: ["d"], mod: true, shift: false },
  {
    action: "group",
    label: "Group the selection into a subpatch",
    keys: ["g"],
    mod: true,
    shift: false,
  },
  {
    action: "ungroup",
    label: "Ungroup the selected subpatch",
    keys: ["g"],
    mod: true,
    shift: true,
  },
  {
    action: "remove",
    label: "Delete the selected nodes, comments or cable",
    keys: ["delete", "backspace"],
  },
  {
    action: "share",
    label: "Share: copy a link that carries the patch",
    keys: ["s"],
    mod: true,
    shift: true,
  },
  { action: "arrange", label: "Arrange the nodes by depth", keys: ["l"] },
  { action: "toggleMinimap", label: "Show or hide the minimap", keys: ["m"] },
  {
    action: "help",
    label: "Help: the selected node's (ports, parameters, examples), else this list",
    keys: ["?", "f1"],
  },
  {
    action: "perform",
    label:
      "Show or hide the performance view (snapshots, morph, MIDI, big controls, retriggers, meter, text)",
    keys: ["p"],
  },
  {
    action: "newPatch",
    label: "New, empty patch (the open one stays in undo and in Recent)",
    keys: ["n"],
    alt: true,
  },
  { action: "zoomIn", label: "Zoom in", keys: ["+", "="] },
  { action: "zoomOut", label: "Zoom out", keys: ["-"] },
  { action: "zoomActual", label: "Zoom to 100 %", keys: ["0"] },
  { action: "zoomFit", label: "Zoom to fit the whole patch", keys: ["f"] },
  {
    action: "wire",
    label: "Wire the selected node: pick a cable to add or remove from a list (Enter)",
    keys: ["w"],
  },
  {
    action: "browseSounds",
    label: "Sounds: builtin and the patch's, with a preview; Use sets the selected AudioIn's",
    keys: ["s"],
    shift: false,
  },
  { action: "renameSubpatch", label: "Rename the selected subpatch", keys: ["f2"] },
  {
    action: "leaveSubpatch",
    label: "Leave the subpatch open in place (one level up)",
    keys: ["escape"],
  },
];

/** Mouse gestures, for the help screen (they are handled by the canvas and the controls). */
export const GESTURES: readonly (readonly [string, string])[] = [
  ["Double-click the canvas", "Add a node there (quick-add box)"],
  ["Right-click", "Menu of what can be done there: canvas, node, comment or cable"],
  ["Drag from an output to an input", "Connect (a refused cable says why at the pointer)"],
  ["Drag from a connected input", "Pick the cable up to move or drop it"],
  ["Click a cable", "Select it (Delete removes it)"],
  ["Ctrl+click a node", "Add it to the selection"],
  ["Shift+drag on the canvas", "Select the nodes in the box (with Ctrl too: add them)"],
  ["Drag the canvas / wheel", "Pan / zoom"],
  ["Drag a knob or slider; with Shift", "Change the value; finely"],
  ["Double-click a knob or slider", "Reset it to its default"],
  ["Hover a node's title", "What the node does (F1 or right-click › Help: all of it)"],
  [
    "Click a Curve's preview (✎)",
    "Draw its points: click adds, drag moves (snaps to the beat, Alt: free), arrows nudge, double-click, right-click or Delete removes",
  ],
  ["Double-click a comment", "Edit its text"],
  [
    "Double-click a subpatch's title",
    "Open it in place: edits change the definition, so every instance follows (Esc or the path bar goes back)",
  ],
  ["Drop a WAV, patch, bundle or model folder", "Make an AudioIn, open it, or load the model"],
  ["Keys 1 … 9 (anywhere but a text field)", "Recall snapshot 1 … 9 over the fade time"],
  ["Esc while MIDI learn waits", "Cancel MIDI learn"],
  ["Esc in the performance view's text", "Back to the view's keys (1 … 9 recall again)"],
];

const isMac = (): boolean =>
  typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** How a shortcut's keys read on this platform, e.g. "Ctrl+Shift+G" or "⌘⇧G". */
export function keysText(s: Shortcut, mac = isMac()): string {
  const name = (k: string) =>
    k === "delete"
      ? "Delete"
      : k === "backspace"
        ? "Backspace"
        : k === "escape"
          ? "Esc"
          : k.toUpperCase();
  const prefix =
    (s.mod ? (mac ? "⌘" : "Ctrl+") : "") +
    (s.alt ? (mac ? "⌥" : "Alt+") : "") +
    (s.shift ? (mac ? "⇧" : "Shift+") : "");
  return s.keys.map((k) => prefix + name(k)).join(" or ");
}

/** The shortcut of `action` as it reads here, for menus and tooltips ("" if it has none). */
export function shortcutOf(action: keyof ShortcutActions, mac = isMac()): string {
  const s = SHORTCUTS.find((x) => x.action === action);
  return s ? keysText({ ...s, keys: s.keys.slice(0, 1) }, mac) : "";
}

/** The action a key press triggers, if any. */
export function shortcutFor(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  code?: string;
}): keyof ShortcutActions | undefined {
  const mod = e.ctrlKey || e.metaKey;
  // With Alt, a Mac's e.key is the option character (Alt+N gives "˜"): read the key's letter.
  const key = (e.altKey && e.code?.startsWith("Key") ? e.code.slice(3) : e.key).toLowerCase();
  const hit = SHORTCUTS.find(
    (s) =>
      s.keys.includes(key) &&
      Boolean(s.mod) === mod &&
      Boolean(s.alt) === e.altKey &&
      (s.shift === undefined || s.shift === e.shiftKey),
  );
  return hit?.action;
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
      const action = shortcutFor(e);
      if (!action) return;
      latest.current[action]();
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
