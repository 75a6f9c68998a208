/**
 * A drawn curve edit on its way to the speakers: one undo step in the patch model, sent to the
 * patch playing live as a parameter change: the stream recomputes the Curve and what it drives,
 * crossfaded, without reloading the graph (tests/stream/curveEdit.test.ts).
 */
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import { liveChange } from "../../src/ui/live/liveChange";
import { addPoint, movePoint, type Points } from "../../src/ui/curve/curveEdit";
import { example } from "./helpers";

const pointsOf = (model: PatchModel) =>
  model.patch.nodes.find((n) => n.id === "sweep")!.params.points as Points;

describe("a drawn curve edit", () => {
  it("is one undo step (press and drag) and reaches the playing patch as a parameter change", () => {
    const model = new PatchModel(nodeRegistry, example("filmr-sweep"));
    const before = model.patch;
    const added = addPoint(pointsOf(model), [1, 30]);
    if (typeof added === "string") throw new Error(added);
    expect(model.setParam("sweep", "points", added.points, "curve-draw").ok).toBe(true);
    for (const t of [1.5, 2, 2.5]) {
      const moved = movePoint(pointsOf(model), added.index!, [t, 45]);
      expect(model.setParam("sweep", "points", moved.points, "curve-draw").ok).toBe(true);
    }
    model.endGesture();
    expect(pointsOf(model)).toEqual([
      [0, 0],
      [2.5, 45],
      [4, 90],
    ]);
    expect(liveChange(before, model.patch, nodeRegistry)).toEqual({
      kind: "params",
      nodes: [{ nodeId: "sweep", params: { points: pointsOf(model) } }],
    });
    model.undo();
    expect(pointsOf(model)).toEqual([
      [0, 0],
      [4, 90],
    ]);
  });
});
