/**
 * The FiLMR rotation tested against its definition (STYLE.md: a rotation is orthogonal, has
 * determinant 1, leaves the complement of its plane alone and turns by twice the angle), and
 * against the explicit Aguilera–Pérez construction cited by seed 001.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  aguileraPerezMatrix,
  angleBetween,
  applyRotation,
  determinant,
  dot,
  filmrRotation,
  identity,
  matMul,
  maxAbsDiff,
  norm,
  reflect,
  rotationInPlane,
  rotationMatrix,
  rowTimesMatrix,
  transpose,
} from "../../src/engine/latentMath";

/** Random vectors of D dims with entries in [-1, 1], away from zero length. */
const vec = (d: number) =>
  fc
    .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d })
    .filter((v) => norm(v) > 0.1);

/** u, v that are far from parallel (|sin| > 0.05), and an x, in D ∈ [2, 12] dims. */
const pairAndX = fc
  .integer({ min: 2, max: 12 })
  .chain((d) =>
    fc
      .tuple(vec(d), vec(d), vec(d))
      .filter(([u, v]) => Math.abs(Math.sin(angleBetween(u, v))) > 0.05),
  );

function projectOut(x: number[], basis: Float64Array[]): number[] {
  const y = [...x];
  for (const b of basis) {
    const k = dot(b, y);
    for (let i = 0; i < y.length; i++) y[i] = y[i]! - k * b[i]!;
  }
  return y;
}

/** Orthonormal basis of span(u, v). */
function planeBasis(u: number[], v: number[]): Float64Array[] {
  const a = Float64Array.from(u, (x) => x / norm(u));
  const w = projectOut(v, [a]);
  return [a, Float64Array.from(w, (x) => x / norm(w))];
}

describe("Householder reflection", () => {
  it("maps u to −u and fixes vectors orthogonal to u", () => {
    const u = [0.6, 0.8, 0];
    const out = new Float64Array(3);
    expect(maxAbsDiff(reflect(u, u, out), [-0.6, -0.8, 0])).toBeLessThan(1e-12);
    expect(maxAbsDiff(reflect(u, [0.8, -0.6, 2], out), [0.8, -0.6, 2])).toBeLessThan(1e-12);
  });
});

describe("FiLMR rotation M = H_v H_u", () => {
  it("is orthogonal (MᵀM = I) with determinant +1", () => {
    fc.assert(
      fc.property(pairAndX, ([u, v]) => {
        const n = u.length;
        const m = rotationMatrix(filmrRotation(u, v));
        expect(maxAbsDiff(matMul(transpose(m, n), m, n), identity(n))).toBeLessThan(1e-5);
        expect(determinant(m, n)).toBeCloseTo(1, 6);
      }),
    );
  });

  it("leaves the orthogonal complement of span(u, v) unchanged", () => {
    fc.assert(
      fc.property(pairAndX, ([u, v, x]) => {
        const y = projectOut(x, planeBasis(u, v));
        const out = applyRotation(filmrRotation(u, v), y, new Float64Array(y.length));
        expect(maxAbsDiff(out, y)).toBeLessThan(1e-9);
      }),
    );
  });

  it("turns u by exactly twice the angle between u and v, toward v, staying in the plane", () => {
    fc.assert(
      fc.property(pairAndX, ([u, v]) => {
        const theta = angleBetween(u, v);
        const basis = planeBasis(u, v);
        const turned = applyRotation(filmrRotation(u, v), u, new Float64Array(u.length));
        expect(norm(turned)).toBeCloseTo(norm(u), 9);
        expect(norm(projectOut(Array.from(turned), basis))).toBeLessThan(1e-9);
        // Signed angle in the plane, measured from u toward v's orthogonal part.
        const a = dot(turned, basis[0]!);
        const b = dot(turned, basis[1]!);
        const signed = Math.atan2(b, a);
        const expected = 2 * theta;
        const diff = Math.atan2(Math.sin(signed - expected), Math.cos(signed - expected));
        expect(Math.abs(diff)).toBeLessThan(1e-9);
      }),
    );
  });

  it("acts as x M in the row-vector convention", () => {
    fc.assert(
      fc.property(pairAndX, ([u, v, x]) => {
        const rot = filmrRotation(u, v);
        const m = rotationMatrix(rot);
        const direct = applyRotation(rot, x, new Float64Array(x.length));
        expect(maxAbsDiff(rowTimesMatrix(x, m, x.length), direct)).toBeLessThan(1e-12);
      }),
    );
  });

  it("equals the explicit Aguilera–Pérez construction", () => {
    fc.assert(
      fc.property(pairAndX, ([u, v]) => {
        const m = rotationMatrix(filmrRotation(u, v));
        expect(maxAbsDiff(aguileraPerezMatrix(u, v), m)).toBeLessThan(1e-9);
      }),
    );
  });

  it("matches a hand-computed 2-D case: u = e1, v at 30° gives a 60° rotation", () => {
    const v = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const m = rotationMatrix(filmrRotation([1, 0], v));
    const c = Math.cos(Math.PI / 3);
    const s = Math.sin(Math.PI / 3);
    // Rows are the images of e1 and e2.
    expect(maxAbsDiff(m, [c, s, -s, c])).toBeLessThan(1e-12);
    expect(maxAbsDiff(aguileraPerezMatrix([1, 0], v), [c, s, -s, c])).toBeLessThan(1e-12);
  });

  it("refuses parallel, zero and mismatched vectors with a clear message", () => {
    expect(() => filmrRotation([1, 2, 3], [2, 4, 6])).toThrow(/parallel/);
    expect(() => filmrRotation([1, 2, 3], [-1, -2, -3])).toThrow(/parallel/);
    expect(() => filmrRotation([0, 0, 0], [1, 0, 0])).toThrow(/u has length 0/);
    expect(() => filmrRotation([1, 0], [0, 1, 0])).toThrow(/u has 2 numbers but v has 3/);
  });
});

describe("rotationInPlane(p, q, angle)", () => {
  it("turns p toward q by the angle and fixes the complement", () => {
    fc.assert(
      fc.property(
        pairAndX,
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        ([p, q, x], angle) => {
          const rot = rotationInPlane(p, q, angle);
          const [e1, e2] = planeBasis(p, q);
          const turned = applyRotation(rot, e1!, new Float64Array(p.length));
          expect(dot(turned, e1!)).toBeCloseTo(Math.cos(angle), 9);
          expect(dot(turned, e2!)).toBeCloseTo(Math.sin(angle), 9);
          const y = projectOut(x, [e1!, e2!]);
          expect(maxAbsDiff(applyRotation(rot, y, new Float64Array(y.length)), y)).toBeLessThan(
            1e-9,
          );
          const n = p.length;
          expect(determinant(rotationMatrix(rot), n)).toBeCloseTo(1, 6);
        },
      ),
    );
  });

  it("is the identity at angle 0", () => {
    const m = rotationMatrix(rotationInPlane([1, 2, 3], [0, 1, 0], 0));
    expect(maxAbsDiff(m, identity(3))).toBeLessThan(1e-12);
  });
});
