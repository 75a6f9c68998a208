/** Nearest-neighbour search against brute force. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entryDistances, nearestEntry, squaredDistance } from "../../src/engine/latentMath";
import { DIMS, makeCodebook } from "../nodes/fakeModel";

describe("nearestEntry", () => {
  const book = makeCodebook();

  it("returns an entry no farther than any other (brute force)", () => {
    const point = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
      minLength: DIMS,
      maxLength: DIMS,
    });
    fc.assert(
      fc.property(point, (x) => {
        const k = nearestEntry(book, x);
        const dk = squaredDistance(book.entries, k * DIMS, x, 0, DIMS);
        for (let j = 0; j < book.size; j++) {
          expect(dk).toBeLessThanOrEqual(squaredDistance(book.entries, j * DIMS, x, 0, DIMS));
        }
      }),
    );
  });

  it("finds an entry itself, reading at an offset", () => {
    const padded = new Float32Array(DIMS + book.entries.length);
    padded.set(book.entries, DIMS);
    for (let k = 0; k < book.size; k++) expect(nearestEntry(book, padded, (k + 1) * DIMS)).toBe(k);
  });

  it("entryDistances is symmetric with a zero diagonal", () => {
    const d = entryDistances(book);
    const K = book.size;
    for (let i = 0; i < K; i++) {
      expect(d[i * K + i]).toBe(0);
      for (let j = 0; j < K; j++) expect(d[i * K + j]).toBe(d[j * K + i]);
    }
    expect(d[1]).toBeCloseTo(
      Math.sqrt(squaredDistance(book.entries, 0, book.entries, DIMS, DIMS)),
      6,
    );
  });
});
