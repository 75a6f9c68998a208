import { describe, expect, it } from "vitest";
import { CABLE_OFFSET, CableIndex, type CableEnds } from "../../src/ui/canvas/cableIndex";

const cable = (source: string, target: string, extra: Partial<CableEnds> = {}): CableEnds => ({
  source,
  output: "out",
  target,
  input: "in",
  ...extra,
});

describe("CableIndex", () => {
  const nodes = new Map([
    ["a", { x: 100, y: 50 }],
    ["b", { x: 400, y: 80 }],
  ]);
  const nodeAt = (id: string) => nodes.get(id);

  it("places a cable's ends at its sockets, offset outward, in patch coordinates", () => {
    const index = new CableIndex<CableEnds>();
    const c = cable("a", "b");
    index.add(c);
    expect(index.ends(c, nodeAt)).toBeUndefined(); // no socket measured yet
    index.setSocket("a", "output", "out", { x: 180, y: 30 });
    expect(index.ends(c, nodeAt)).toBeUndefined();
    index.setSocket("b", "input", "in", { x: 0, y: 40 });
    expect(index.ends(c, nodeAt)).toEqual([
      { x: 100 + 180 + CABLE_OFFSET, y: 80 },
      { x: 400 - CABLE_OFFSET, y: 120 },
    ]);
    // The node moved: the end follows without measuring again.
    nodes.set("b", { x: 500, y: 80 });
    expect(index.ends(c, nodeAt)?.[1]).toEqual({ x: 500 - CABLE_OFFSET, y: 120 });
    nodes.set("b", { x: 400, y: 80 });
  });

  it("does not mix sockets of the same name on the two sides, or of other nodes", () => {
    const index = new CableIndex<CableEnds>();
    index.setSocket("a", "input", "out", { x: 1, y: 1 });
    index.setSocket("b", "output", "out", { x: 2, y: 2 });
    expect(index.socketAt("a", "output", "out", { x: 0, y: 0 })).toBeUndefined();
    index.setSocket("a", "output", "out", { x: 5, y: 6 });
    expect(index.socketAt("a", "output", "out", { x: 0, y: 0 })).toEqual({
      x: 5 + CABLE_OFFSET,
      y: 6,
    });
    index.removeSocket("a", "output", "out");
    expect(index.socketAt("a", "output", "out", { x: 0, y: 0 })).toBeUndefined();
    expect(index.socketAt("a", "input", "out", { x: 0, y: 0 })).toEqual({
      x: 1 - CABLE_OFFSET,
      y: 1,
    });
  });

  it("knows which cables touch a node, and forgets removed ones", () => {
    const index = new CableIndex<CableEnds>();
    const ab = cable("a", "b");
    const bc = cable("b", "c");
    index.add(ab);
    index.add(bc);
    expect([...index.cablesOf("b")]).toEqual([ab, bc]);
    expect([...index.cablesOf("a")]).toEqual([ab]);
    index.remove(ab);
    expect([...index.cablesOf("a")]).toEqual([]);
    expect([...index.cablesOf("b")]).toEqual([bc]);
  });

  it("draws a cable being dragged from its socket to the pointer", () => {
    const index = new CableIndex<CableEnds>();
    index.setSocket("a", "output", "out", { x: 180, y: 30 });
    const dragged = cable("a", "", { end: { x: 250, y: 300 } });
    index.add(dragged);
    expect([...index.cablesOf("")]).toEqual([]);
    expect(index.ends(dragged, nodeAt)).toEqual([
      { x: 280 + CABLE_OFFSET, y: 80 },
      { x: 250, y: 300 },
    ]);
  });
});
