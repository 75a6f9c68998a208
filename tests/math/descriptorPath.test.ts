/**
 * Descriptor following (seed 004, Fig. 2) on a synthetic codebook whose centroids rise by 3
 * semitones per entry (200 Hz · 2^(k/4)), loudness by 1.5 dB per entry, and f0 by a semitone
 * with every 4th entry unpitched.
 */
import { describe, expect, it } from "vitest";
import {
  descriptorMismatch,
  followDescriptor,
  UNPITCHED_MISMATCH,
} from "../../src/engine/latentMath";
import { makeCodebook } from "../nodes/fakeModel";

const book = makeCodebook();

/** A target rising geometrically from `from` to `to` Hz over `frames` frames. */
const risingHz = (frames: number, from: number, to: number) =>
  Float32Array.from({ length: frames }, (_, t) => from * (to / from) ** (t / (frames - 1)));

function changes(indices: Int32Array): number {
  let n = 0;
  for (let t = 1; t < indices.length; t++) if (indices[t] !== indices[t - 1]) n++;
  return n;
}

describe("descriptorMismatch", () => {
  it("measures loudness in dB and frequencies in semitones", () => {
    expect(descriptorMismatch("loudness", -20, -26)).toBe(6);
    expect(descriptorMismatch("centroid", 880, 440)).toBeCloseTo(12, 12);
    expect(descriptorMismatch("f0", 220, 233.08)).toBeCloseTo(1, 3);
    expect(descriptorMismatch("f0", 0, 220)).toBe(Infinity);
    expect(descriptorMismatch("f0", 0, 0)).toBe(0);
    expect(descriptorMismatch("f0", 220, 0)).toBe(UNPITCHED_MISMATCH);
  });
});

describe("followDescriptor", () => {
  it("follows a rising centroid within half the codebook spacing (1.5 semitones) at smoothness 0", () => {
    const target = risingHz(200, 250, 7000);
    const { indices } = followDescriptor(book, "centroid", target, 0);
    indices.forEach((k, t) => {
      expect(
        descriptorMismatch("centroid", book.descriptors.centroid[k]!, target[t]!),
      ).toBeLessThanOrEqual(1.5 + 1e-6);
    });
    for (let t = 1; t < indices.length; t++)
      expect(indices[t]).toBeGreaterThanOrEqual(indices[t - 1]!);
  });

  it("stays within 3 semitones with the default smoothness 0.1", () => {
    const target = risingHz(200, 250, 7000);
    const { indices } = followDescriptor(book, "centroid", target, 0.1);
    indices.forEach((k, t) => {
      expect(
        descriptorMismatch("centroid", book.descriptors.centroid[k]!, target[t]!),
      ).toBeLessThanOrEqual(3);
    });
  });

  it("higher smoothness gives fewer index changes and a larger error; lower gives the reverse", () => {
    const target = risingHz(150, 250, 7000).map((hz, t) => hz * 2 ** (Math.sin(t / 2) / 3));
    const results = [0, 0.5, 5, 50].map((s) => followDescriptor(book, "centroid", target, s));
    for (let i = 1; i < results.length; i++) {
      const [smoother, rougher] = [results[i]!, results[i - 1]!];
      expect(changes(smoother.indices)).toBeLessThan(changes(rougher.indices));
      expect(smoother.mismatch).toBeGreaterThan(rougher.mismatch);
    }
  });

  it("follows loudness in dB", () => {
    const target = Float32Array.from({ length: 50 }, (_, t) => -40 + (34 * t) / 49);
    const { indices } = followDescriptor(book, "loudness", target, 0);
    indices.forEach((k, t) => {
      expect(Math.abs(book.descriptors.loudness[k]! - target[t]!)).toBeLessThanOrEqual(0.75 + 1e-6);
    });
  });

  it("for f0, never picks an unpitched entry for a pitched target and picks one for silence", () => {
    const target = Float32Array.from({ length: 40 }, (_, t) =>
      t % 10 < 2 ? 0 : 120 * 2 ** (t / 40),
    );
    // Pitched entries are a semitone apart with a 2-semitone gap at every 4th: ≤ 1 semitone off.
    const { indices } = followDescriptor(book, "f0", target, 0);
    const { f0 } = book.descriptors;
    indices.forEach((k, t) => {
      if (target[t]! > 0) {
        expect(f0[k]).toBeGreaterThan(0);
        expect(descriptorMismatch("f0", f0[k]!, target[t]!)).toBeLessThanOrEqual(1);
      } else {
        expect(f0[k]).toBe(0);
      }
    });
  });

  it("returns no frames for an empty target, and refuses f0 on a codebook with no pitch", () => {
    expect(followDescriptor(book, "centroid", new Float32Array(0), 1).indices).toHaveLength(0);
    const unpitched = {
      ...book,
      descriptors: { ...book.descriptors, f0: new Float32Array(book.size) },
    };
    expect(() => followDescriptor(unpitched, "f0", [220], 0)).toThrow(/no pitched entries/);
  });
});
