/** Subpatch knob labels: the inner node elided in the middle, the parameter kept whole. */
import { describe, expect, it } from "vitest";
import { elideMiddle, paramLabel, SUBPATCH_LABEL_CHARS } from "../../src/ui/model/paramLabel";

describe("subpatch knob labels", () => {
  it("keep short names and plain parameters whole", () => {
    expect(paramLabel("rotate.angle")).toBe("rotate.angle");
    expect(paramLabel("frequencyOfTheLongestParameterName")).toBe(
      "frequencyOfTheLongestParameterName",
    );
  });

  it("elide the inner node in the middle so the parameters of one node stay distinct", () => {
    const a = paramLabel("filmrrotate1.angle");
    const p1 = paramLabel("filmrrotate1.planeA");
    const p2 = paramLabel("filmrrotate1.planeB");
    expect(a).toBe("film…ate1.angle");
    expect(new Set([a, p1, p2]).size).toBe(3);
    for (const label of [a, p1, p2]) expect(label.length).toBeLessThanOrEqual(SUBPATCH_LABEL_CHARS);
    expect(p1.endsWith(".planeA")).toBe(true);
  });

  it("elide the whole name when the parameter alone is too long", () => {
    const label = paramLabel("node.aVeryLongParameterName");
    expect(label).toHaveLength(SUBPATCH_LABEL_CHARS);
    expect(label).toBe("node.aV…terName");
    expect(elideMiddle("abcdef", 4)).toBe("ab…f");
  });
});
