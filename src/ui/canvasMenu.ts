/**
 * What the right-click menu offers where the user clicked: the canvas, a node, a comment or a
 * cable. Pure: the app passes its actions in, so what is offered is unit-tested.
 */
import type { NodeDefinition } from "../engine/nodeDefinition";
import { nodeTitle } from "../engine/patch/subpatch";
import { RETRIGGER_PARAM } from "../engine/patch/performSchema";
import type { MenuEntry, MenuTarget } from "./canvas/contextMenu";
import { byCategory } from "./model/nodeSearch";
import { shortcutOf, type ShortcutActions } from "./shortcuts";

type Position = readonly [number, number];

export interface MenuActions {
  /** Where the right-click was, in patch coordinates. */
  readonly at: Position;
  readonly nodeTypes: readonly NodeDefinition[];
  readonly minimapShown: boolean;
  readonly isSubpatch: (nodeId: string) => boolean;
  readonly quickAdd: () => void;
  readonly addNode: (type: string, at: Position) => void;
  readonly paste: (at: Position) => unknown;
  readonly selectAll: () => unknown;
  readonly comment: (at: Position) => unknown;
  readonly arrange: () => unknown;
  readonly toggleMinimap: () => void;
  readonly help: () => void;
  /** The help of the node's type (description, ports, parameters, examples). */
  readonly nodeHelp?: (nodeId: string) => void;
  readonly inspect: (nodeId: string) => void;
  readonly copy: () => unknown;
  readonly cut: () => unknown;
  readonly duplicate: () => unknown;
  readonly group: () => unknown;
  readonly ungroup: () => unknown;
  /** Opens the subpatch instance in place, and renames its subpatch. */
  readonly openSubpatch?: (nodeId: string) => unknown;
  readonly renameSubpatch?: (nodeId: string) => unknown;
  /** The keyboard wiring list of the node. */
  readonly wire?: (nodeId: string) => unknown;
  /** The sound browser: for an AudioIn node, else Use adds an AudioIn. */
  readonly browseSounds?: (nodeId?: string) => unknown;
  /** The node's type, to offer what fits it (Sounds… on an AudioIn). */
  readonly typeOf?: (nodeId: string) => string | undefined;
  /** Deletes the selection (the clicked node or comment is in it). */
  readonly remove: () => void;
  readonly editComment: (commentId: string) => unknown;
  readonly removeCable: (from: string, to: string) => void;
  /** The node's number parameters as `"node.param"` refs (MIDI learn, performance view). */
  readonly numberParams?: (nodeId: string) => readonly string[];
  readonly learn?: (ref: string) => void;
  readonly favourite?: (ref: string) => void;
  /** Whether a MIDI note can start the node again (an AudioIn on a file or test signal, a Curve). */
  readonly canRetrigger?: (nodeId: string) => boolean;
}

const item = (label: string, run: () => unknown, action?: keyof ShortcutActions): MenuEntry => ({
  label,
  run: () => void run(),
  ...(action ? { keys: shortcutOf(action) } : {}),
});

/** MIDI learn and "show in the performance view" for each number parameter of a node. */
function performEntries(nodeId: string, a: MenuActions): MenuEntry[] {
  const { learn, favourite } = a;
  const retrigger =
    learn && a.canRetrigger?.(nodeId)
      ? [item("Retrigger from MIDI note…", () => learn(`${nodeId}.${RETRIGGER_PARAM}`))]
      : [];
  const refs = a.numberParams?.(nodeId) ?? [];
  if (refs.length === 0) return retrigger;
  const param = (ref: string) => ref.slice(ref.indexOf(".") + 1);
  return [
    ...retrigger,
    ...(learn
      ? [{ label: "MIDI learn", entries: refs.map((r) => item(param(r), () => learn(r))) }]
      : []),
    ...(favourite
      ? [
          {
            label: "Show in performance view",
            entries: refs.map((r) => item(param(r), () => favourite(r))),
          },
        ]
      : []),
  ];
}

/** Open, rename and ungroup, for a subpatch instance. */
function subpatchEntries(nodeId: string, a: MenuActions): MenuEntry[] {
  const { openSubpatch, renameSubpatch } = a;
  return [
    ...(openSubpatch ? [item("Open subpatch", () => openSubpatch(nodeId))] : []),
    ...(renameSubpatch
      ? [item("Rename subpatch", () => renameSubpatch(nodeId), "renameSubpatch")]
      : []),
    item("Ungroup", a.ungroup, "ungroup"),
  ];
}

export function menuEntries(target: MenuTarget, a: MenuActions): MenuEntry[] {
  const copyCut = [item("Copy", a.copy, "copy"), item("Cut", a.cut, "cut")];
  const remove = item("Delete", a.remove, "remove");
  switch (target.kind) {
    case "canvas":
      return [
        item("Add node…", a.quickAdd, "quickAdd"),
        ...byCategory(a.nodeTypes).map(([category, defs]) => ({
          label: `${category[0]!.toUpperCase()}${category.slice(1)}`,
          entries: defs.map((d) => item(nodeTitle(d), () => a.addNode(d.type, a.at))),
        })),
        item("Paste", () => a.paste(a.at), "paste"),
        item("Select all", a.selectAll, "selectAll"),
        item("Add comment", () => a.comment(a.at), "comment"),
        ...(a.browseSounds ? [item("Sounds…", () => a.browseSounds?.(), "browseSounds")] : []),
        item("Arrange", a.arrange, "arrange"),
        item(a.minimapShown ? "Hide minimap" : "Show minimap", a.toggleMinimap, "toggleMinimap"),
        item("Keyboard shortcuts", a.help, "help"),
      ];
    case "node":
      return [
        item("Inspect", () => a.inspect(target.id)),
        ...copyCut,
        item("Duplicate", a.duplicate, "duplicate"),
        item("Group into subpatch", a.group, "group"),
        ...(a.isSubpatch(target.id) ? subpatchEntries(target.id, a) : []),
        ...(a.wire ? [item("Wire…", () => a.wire?.(target.id), "wire")] : []),
        ...(a.browseSounds && a.typeOf?.(target.id) === "AudioIn"
          ? [item("Sounds…", () => a.browseSounds?.(target.id), "browseSounds")]
          : []),
        ...performEntries(target.id, a),
        remove,
        ...(a.nodeHelp ? [item("Help", () => a.nodeHelp?.(target.id), "help")] : []),
      ];
    case "comment":
      return [item("Edit text", () => a.editComment(target.id)), ...copyCut, remove];
    case "cable": {
      // Rete ids of cables are "<from>><to>" (cableId); ports hold no ">".
      const [from = "", to = ""] = target.id.split(">");
      return [item("Delete cable", () => a.removeCable(from, to), "remove")];
    }
  }
}
