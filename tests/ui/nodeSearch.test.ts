import { describe, expect, it } from "vitest";
import { allNodes } from "../../src/nodes";
import { byCategory, searchNodeTypes } from "../../src/ui/model/nodeSearch";

describe("node search", () => {
  it("ranks name prefixes first, then names, then descriptions", () => {
    expect(searchNodeTypes("dec", allNodes)[0]?.type).toBe("Decode");
    expect(searchNodeTypes("rotate", allNodes)[0]?.type).toBe("FiLMRRotate");
    expect(searchNodeTypes("style", allNodes).map((d) => d.type)).toContain("TimeAverage");
    expect(searchNodeTypes("zzzz", allNodes)).toEqual([]);
    expect(searchNodeTypes("  ", allNodes)).toHaveLength(allNodes.length);
  });

  it("groups the palette by category, sources first and outputs last", () => {
    const groups = byCategory(allNodes);
    expect(groups[0]?.[0]).toBe("source");
    expect(groups[groups.length - 1]?.[0]).toBe("output");
    expect(groups.flatMap(([, ds]) => ds)).toHaveLength(allNodes.length);
  });
});
