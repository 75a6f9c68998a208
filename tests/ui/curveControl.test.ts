/** Which controls open the drawn curve editor: every breakpoints parameter, inside subpatches too. */
import { describe, expect, it } from "vitest";
import { viewOfNode } from "../../src/ui/canvas/patchView";
import { groupNodes } from "../../src/ui/model/subpatchEdit";
import { example } from "./helpers";

describe("curve controls in node views", () => {
  const p = example("filmr-sweep");

  it("gives a Curve's points control its points, and no other list control any", () => {
    const points = viewOfNode(p, "sweep")!.controls.find((c) => c.name === "points")!;
    expect(points).toMatchObject({
      kind: "list",
      points: [
        [0, 0],
        [4, 90],
      ],
    });
    const rotate = viewOfNode(p, "rotate")!.controls.filter((c) => c.kind === "list");
    expect(rotate.length).toBeGreaterThan(0); // u and v: lists of numbers
    expect(rotate.every((c) => c.kind === "list" && c.points === undefined)).toBe(true);
  });

  it("offers the editor for a Curve grouped into a subpatch, under its inner name", () => {
    const grouped = groupNodes(p, ["sweep", "rotate"]);
    if (!grouped.ok) throw new Error(grouped.message);
    const view = viewOfNode(grouped.patch, grouped.instanceId)!;
    const points = view.controls.find((c) => c.name === "sweep.points");
    expect(points).toMatchObject({
      kind: "list",
      points: [
        [0, 0],
        [4, 90],
      ],
    });
  });
});
