import { describe, expect, it } from "vitest";
import { menuEntries, type MenuActions } from "../../src/ui/canvasMenu";
import type { MenuEntry } from "../../src/ui/canvas/contextMenu";
import { nodeRegistry } from "../../src/nodes";

function actions(calls: string[], subpatch = false): MenuActions {
  const log =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args.map((a) => JSON.stringify(a))].join(" "));
    };
  return {
    at: [120, 80],
    nodeTypes: nodeRegistry.all(),
    minimapShown: false,
    isSubpatch: () => subpatch,
    quickAdd: log("quickAdd"),
    addNode: log("addNode"),
    paste: log("paste"),
    selectAll: log("selectAll"),
    comment: log("comment"),
    arrange: log("arrange"),
    toggleMinimap: log("toggleMinimap"),
    help: log("help"),
    inspect: log("inspect"),
    copy: log("copy"),
    cut: log("cut"),
    duplicate: log("duplicate"),
    group: log("group"),
    ungroup: log("ungroup"),
    remove: log("remove"),
    editComment: log("editComment"),
    removeCable: log("removeCable"),
  };
}

const labels = (entries: readonly MenuEntry[]) => entries.map((e) => e.label);
const pick = (entries: readonly MenuEntry[], label: string) =>
  entries.find((e) => e.label === label)!;

describe("the right-click menu's entries", () => {
  it("on the canvas: node types by category, added where the click was; paste and comment there too", () => {
    const calls: string[] = [];
    const entries = menuEntries({ kind: "canvas" }, actions(calls));
    expect(labels(entries)).toEqual([
      "Add node…",
      "Source",
      "Control",
      "Model",
      "Algebra",
      "Transform",
      "Codebook",
      "Effect",
      "Output",
      "Paste",
      "Select all",
      "Add comment",
      "Arrange",
      "Show minimap",
      "Keyboard shortcuts",
    ]);
    expect(pick(entries, "Paste").keys).toBe("Ctrl+V");
    pick(pick(entries, "Transform").entries!, "FiLMRRotate").run!();
    pick(entries, "Paste").run!();
    pick(entries, "Add comment").run!();
    expect(calls).toEqual(['addNode "FiLMRRotate" [120,80]', "paste [120,80]", "comment [120,80]"]);
  });

  it("on a node: Ungroup only for a subpatch instance; Inspect names the node", () => {
    const calls: string[] = [];
    const plain = menuEntries({ kind: "node", id: "rot" }, actions(calls));
    expect(labels(plain)).toEqual([
      "Inspect",
      "Copy",
      "Cut",
      "Duplicate",
      "Group into subpatch",
      "Delete",
    ]);
    const sub = menuEntries({ kind: "node", id: "g" }, actions(calls, true));
    expect(labels(sub)).toContain("Ungroup");
    pick(plain, "Inspect").run!();
    pick(sub, "Ungroup").run!();
    expect(calls).toEqual(['inspect "rot"', "ungroup"]);
  });

  it("on a node: Help, last, opens the node's help with the help key shown", () => {
    const calls: string[] = [];
    const a = { ...actions(calls), nodeHelp: (id: string) => calls.push(`nodeHelp ${id}`) };
    const entries = menuEntries({ kind: "node", id: "rot" }, a);
    expect(labels(entries).at(-1)).toBe("Help");
    expect(pick(entries, "Help").keys).toBe("?");
    pick(entries, "Help").run!();
    expect(calls).toEqual(["nodeHelp rot"]);
  });

  it("on a sound source: Retrigger from MIDI note… learns the next key for it", () => {
    const calls: string[] = [];
    const a = {
      ...actions(calls),
      learn: (ref: string) => calls.push(`learn ${ref}`),
      numberParams: (id: string) => (id === "src" ? ["src.gain"] : []),
      canRetrigger: (id: string) => id === "src",
    };
    const src = menuEntries({ kind: "node", id: "src" }, a);
    expect(labels(src).slice(5, 8)).toEqual(["Retrigger from MIDI note…", "MIDI learn", "Delete"]);
    pick(src, "Retrigger from MIDI note…").run!();
    expect(calls).toEqual(["learn src.@retrigger"]);
    expect(labels(menuEntries({ kind: "node", id: "rot" }, a))).not.toContain(
      "Retrigger from MIDI note…",
    );
  });

  it("on a comment and on a cable: edit, delete the cable by its endpoints", () => {
    const calls: string[] = [];
    const comment = menuEntries({ kind: "comment", id: "c1" }, actions(calls));
    expect(labels(comment)).toEqual(["Edit text", "Copy", "Cut", "Delete"]);
    pick(comment, "Edit text").run!();
    const cable = menuEntries({ kind: "cable", id: "dec.audio>out.audio" }, actions(calls));
    expect(labels(cable)).toEqual(["Delete cable"]);
    pick(cable, "Delete cable").run!();
    expect(calls).toEqual(['editComment "c1"', 'removeCable "dec.audio" "out.audio"']);
  });
});
