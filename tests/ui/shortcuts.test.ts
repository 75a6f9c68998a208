import { describe, expect, it } from "vitest";
import { SHORTCUTS, keysText, shortcutFor, shortcutOf } from "../../src/ui/shortcuts";
import { toItems } from "../../src/ui/canvas/contextMenu";
import { boxHits, boxOf } from "../../src/ui/canvas/boxSelect";

const press = (
  key: string,
  mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {},
) =>
  shortcutFor({
    key,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    shiftKey: mods.shift ?? false,
    altKey: mods.alt ?? false,
  });

describe("keyboard shortcuts", () => {
  it("maps key presses to actions, modifiers included", () => {
    expect(press("z", { ctrl: true })).toBe("undo");
    expect(press("Z", { ctrl: true, shift: true })).toBe("redo");
    expect(press("y", { meta: true })).toBe("redo");
    expect(press("c", { ctrl: true })).toBe("copy");
    expect(press("c")).toBe("comment");
    expect(press("C", { shift: true })).toBe("comment");
    expect(press("g", { ctrl: true })).toBe("group");
    expect(press("G", { ctrl: true, shift: true })).toBe("ungroup");
    expect(press("Delete")).toBe("remove");
    expect(press("Backspace")).toBe("remove");
    expect(press("w")).toBe("wire");
    expect(press("F2")).toBe("renameSubpatch");
    expect(press("Escape")).toBe("leaveSubpatch");
    expect(press("s")).toBe("browseSounds");
    expect(press("S", { ctrl: true, shift: true })).toBe("share");
    expect(press("?", { shift: true })).toBe("help");
    expect(press("F1")).toBe("help");
    expect(press("n")).toBe("quickAdd");
    expect(press("S", { ctrl: true, shift: true })).toBe("share");
    expect(press("s", { meta: true, shift: true })).toBe("share");
  });

  it("ignores presses that are no shortcut", () => {
    expect(press("n", { alt: true, ctrl: true })).toBeUndefined();
    expect(press("n", { ctrl: true })).toBeUndefined();
    expect(press("p", { alt: true })).toBeUndefined();
    expect(press("q")).toBeUndefined();
    expect(press("Delete", { ctrl: true })).toBeUndefined();
  });

  it("makes a new patch on Alt+N, also where Alt turns N into another character (a Mac)", () => {
    expect(press("n", { alt: true })).toBe("newPatch");
    const mac = { key: "˜", code: "KeyN", ctrlKey: false, metaKey: false, shiftKey: false };
    expect(shortcutFor({ ...mac, altKey: true })).toBe("newPatch");
    expect(press("0")).toBe("zoomActual");
    expect(press("f")).toBe("zoomFit");
    expect(press("+", { shift: true })).toBe("zoomIn");
    expect(press("-")).toBe("zoomOut");
  });

  it("no two shortcuts claim the same keys", () => {
    const combos = SHORTCUTS.flatMap((s) =>
      s.keys.flatMap((k) =>
        (s.shift === undefined ? [false, true] : [s.shift]).map(
          (sh) => `${s.mod}|${s.alt}|${sh}|${k}`,
        ),
      ),
    );
    expect(new Set(combos).size).toBe(combos.length);
  });

  it("reads as Ctrl+… elsewhere and with ⌘ on a Mac", () => {
    const ungroup = SHORTCUTS.find((s) => s.action === "ungroup")!;
    expect(keysText(ungroup, false)).toBe("Ctrl+Shift+G");
    expect(keysText(ungroup, true)).toBe("⌘⇧G");
    expect(shortcutOf("remove", false)).toBe("Delete");
    expect(shortcutOf("undo", false)).toBe("Ctrl+Z");
  });
});

describe("context menu entries", () => {
  it("carry their shortcut and submenus to the plugin's items, and run on click", () => {
    const ran: string[] = [];
    const items = toItems([
      { label: "Copy", keys: "Ctrl+C", run: () => ran.push("copy") },
      { label: "Transform", entries: [{ label: "FiLMRRotate", run: () => ran.push("rotate") }] },
    ]);
    expect(items.map((i) => i.label)).toEqual(["Copy\tCtrl+C", "Transform"]);
    expect(items.map((i) => i.key)).toEqual(["0", "1"]);
    expect(items[1]!.subitems!.map((i) => [i.key, i.label])).toEqual([["1.0", "FiLMRRotate"]]);
    void items[0]!.handler();
    void items[1]!.subitems![0]!.handler();
    void items[1]!.handler(); // a submenu's own entry does nothing
    expect(ran).toEqual(["copy", "rotate"]);
  });
});

describe("box selection", () => {
  it("hits the boxes the drag rectangle touches, whichever way it was dragged", () => {
    const box = boxOf(300, 200, 100, 50); // dragged up and left
    expect(box).toEqual({ left: 100, top: 50, right: 300, bottom: 200 });
    const items: [string, ReturnType<typeof boxOf>][] = [
      ["inside", boxOf(120, 60, 180, 100)],
      ["overlapping", boxOf(280, 190, 400, 260)],
      ["right of it", boxOf(301, 60, 350, 100)],
      ["below it", boxOf(120, 201, 180, 260)],
      ["around it", boxOf(0, 0, 500, 500)],
    ];
    expect(boxHits(box, items)).toEqual(["inside", "overlapping", "around it"]);
    expect(boxHits(boxOf(10, 10, 10, 10), items)).toEqual(["around it"]);
  });
});
