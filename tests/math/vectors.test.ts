/** Vector helpers against their definitions. */
import { describe, expect, it } from "vitest";
import { angleBetween, dot, norm, normalize, squaredDistance } from "../../src/engine/latentMath";

describe("vector helpers", () => {
  it("compute dot, norm, normalize, distance and angle", () => {
    expect(dot([1, 2, 3], [4, -5, 6])).toBe(12);
    expect(norm([3, 4])).toBe(5);
    expect(Array.from(normalize([3, 4]))).toEqual([0.6, 0.8]);
    expect(squaredDistance([0, 1, 2, 3], 2, [5, 1, 1], 1, 2)).toBe(5);
    expect(angleBetween([1, 0], [0, 2])).toBeCloseTo(Math.PI / 2, 12);
    expect(angleBetween([1, 0], [-1, 0])).toBeCloseTo(Math.PI, 12);
  });

  it("refuse mismatched lengths and zero directions", () => {
    expect(() => dot([1], [1, 2])).toThrow(/lengths differ/);
    expect(() => normalize([0, 0], "p")).toThrow(/p has length 0/);
  });
});
