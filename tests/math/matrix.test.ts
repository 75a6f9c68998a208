/** The small dense-matrix helpers used to check the rotations. */
import { describe, expect, it } from "vitest";
import { determinant, identity, matMul, transpose } from "../../src/engine/latentMath";

describe("determinant (LU with partial pivoting)", () => {
  it("matches hand-computed values", () => {
    expect(determinant(Float64Array.from([1, 2, 3, 4]), 2)).toBeCloseTo(-2, 12);
    expect(determinant(Float64Array.from([0, 1, 1, 0]), 2)).toBeCloseTo(-1, 12);
    const a = Float64Array.from([2, -3, 1, 2, 0, -1, 1, 4, 5]);
    expect(determinant(a, 3)).toBeCloseTo(49, 10);
    expect(determinant(Float64Array.from([1, 2, 2, 4]), 2)).toBe(0);
    expect(determinant(identity(5), 5)).toBe(1);
  });

  it("is multiplicative and unchanged by transposition", () => {
    const a = Float64Array.from([1, 2, 0, -1, 3, 1, 2, 0, 4]);
    const b = Float64Array.from([0, 1, 2, 1, 0, 1, 3, 2, 1]);
    expect(determinant(matMul(a, b, 3), 3)).toBeCloseTo(determinant(a, 3) * determinant(b, 3), 9);
    expect(determinant(transpose(a, 3), 3)).toBeCloseTo(determinant(a, 3), 12);
  });
});
