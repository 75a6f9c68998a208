import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { arrangeNodes, type Size } from "../../src/ui/model/arrange";
import type { Position } from "../../src/ui/model/ids";
import { PatchModel } from "../../src/ui/model/patchModel";
import { empty, example } from "./helpers";

/** A patch of bare nodes `ids` wired by `edges` ([from, to] node ids, ports "out" → "in"). */
function graph(ids: readonly string[], edges: readonly (readonly [string, string])[]): Patch {
  return {
    ...empty,
    nodes: ids.map((id, i) => ({ id, type: "X", params: {}, position: [0, i * 10] })),
    connections: edges.map(([from, to], i) => ({ from: `${from}.out`, to: `${to}.in${i}` })),
  };
}

function overlaps(placed: Map<string, Position>, sizes: (id: string) => Size): string[] {
  const found: string[] = [];
  const boxes = [...placed];
  for (const [i, [a, pa]] of boxes.entries()) {
    for (const [b, pb] of boxes.slice(i + 1)) {
      const [sa, sb] = [sizes(a), sizes(b)];
      const apart =
        pa[0] + sa.width <= pb[0] ||
        pb[0] + sb.width <= pa[0] ||
        pa[1] + sa.height <= pb[1] ||
        pb[1] + sb.height <= pa[1];
      if (!apart) found.push(`${a}/${b}`);
    }
  }
  return found;
}

const x = (placed: Map<string, Position>, id: string) => placed.get(id)![0];
const y = (placed: Map<string, Position>, id: string) => placed.get(id)![1];

describe("arrangeNodes", () => {
  it("puts each node to the right of everything feeding it, sources just before their consumer", () => {
    // a → b → c → d, and a late source s that only feeds d.
    const patch = graph(
      ["d", "c", "s", "b", "a"],
      [
        ["a", "b"],
        ["b", "c"],
        ["c", "d"],
        ["s", "d"],
      ],
    );
    const placed = arrangeNodes(patch, new Map());
    expect(x(placed, "a")).toBeLessThan(x(placed, "b"));
    expect(x(placed, "b")).toBeLessThan(x(placed, "c"));
    expect(x(placed, "c")).toBeLessThan(x(placed, "d"));
    expect(x(placed, "s")).toBe(x(placed, "c"));
    expect(overlaps(placed, () => ({ width: 200, height: 120 }))).toEqual([]);
  });

  it("uses the drawn sizes: a column is as wide as its widest node", () => {
    const patch = graph(
      ["a", "b", "c"],
      [
        ["a", "c"],
        ["b", "c"],
      ],
    );
    const sizes = new Map<string, Size>([
      ["a", { width: 500, height: 300 }],
      ["b", { width: 100, height: 50 }],
    ]);
    const placed = arrangeNodes(patch, sizes, { columnGap: 40, rowGap: 10 });
    expect(x(placed, "a")).toBe(x(placed, "b"));
    expect(x(placed, "c")).toBe(x(placed, "a") + 500 + 40);
    expect(Math.abs(y(placed, "a") - y(placed, "b"))).toBeGreaterThanOrEqual(50 + 10);
  });

  it("orders a column after its inputs, so parallel chains do not cross", () => {
    // Two chains a1→a2 and b1→b2, with the second column listed in the crossing order.
    const patch: Patch = {
      ...graph(
        ["a1", "b1", "b2", "a2"],
        [
          ["a1", "a2"],
          ["b1", "b2"],
        ],
      ),
    };
    const placed = arrangeNodes(patch, new Map());
    expect(y(placed, "a1") < y(placed, "b1")).toBe(y(placed, "a2") < y(placed, "b2"));
  });

  it("starts at the patch's old top-left corner and terminates on cycles", () => {
    const patch = graph(
      ["a", "b", "c"],
      [
        ["a", "b"],
        ["b", "c"],
        ["c", "a"],
      ],
    );
    const moved = {
      ...patch,
      nodes: patch.nodes.map((n, i) => ({
        ...n,
        position: [300 + i, 400 + i] as [number, number],
      })),
    };
    const placed = arrangeNodes(moved, new Map());
    expect(placed.size).toBe(3);
    expect(Math.min(...[...placed.values()].map((p) => p[0]))).toBe(300);
    expect(Math.min(...[...placed.values()].map((p) => p[1]))).toBe(400);
    expect(arrangeNodes(empty, new Map())).toEqual(new Map());
  });

  it("never overlaps two nodes, whatever the graph and sizes (property)", () => {
    const arb = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 }),
        sizes: fc.array(
          fc.record({
            width: fc.integer({ min: 20, max: 400 }),
            height: fc.integer({ min: 20, max: 300 }),
          }),
          { minLength: n, maxLength: n },
        ),
      }),
    );
    fc.assert(
      fc.property(arb, ({ n, edges, sizes }) => {
        const ids = Array.from({ length: n }, (_, i) => `n${i}`);
        const patch = graph(
          ids,
          edges.map(([a, b]) => [`n${a}`, `n${b}`] as const),
        );
        const sizeOf = new Map(ids.map((id, i) => [id, sizes[i]!]));
        const placed = arrangeNodes(patch, sizeOf);
        expect([...placed.keys()].sort()).toEqual([...ids].sort());
        expect(overlaps(placed, (id) => sizeOf.get(id)!)).toEqual([]);
      }),
    );
  });

  it("draws every cable of an acyclic patch left to right (property)", () => {
    const dag = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.array(
          fc
            .tuple(fc.nat(n - 1), fc.nat(n - 1))
            .filter(([a, b]) => a !== b)
            .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
          { maxLength: 20 },
        ),
      }),
    );
    fc.assert(
      fc.property(dag, ({ n, edges }) => {
        const ids = Array.from({ length: n }, (_, i) => `n${i}`);
        const placed = arrangeNodes(
          graph(
            ids,
            edges.map(([a, b]) => [`n${a}`, `n${b}`] as const),
          ),
          new Map(),
        );
        for (const [a, b] of edges) expect(x(placed, `n${a}`)).toBeLessThan(x(placed, `n${b}`));
      }),
    );
  });

  it("is one undo step in the patch model", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    const before = model.patch;
    model.arrange(new Map());
    expect(model.patch).not.toBe(before);
    const dec = model.node("decode")?.position;
    const enc = model.patch.nodes.find((n) => n.type === "Encode")?.position;
    expect(enc![0]).toBeLessThan(dec![0]);
    model.undo();
    expect(model.patch).toBe(before);
  });
});
