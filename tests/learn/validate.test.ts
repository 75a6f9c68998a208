/** Shrinking a fit towards mean shift, and choosing the shrink by leave-one-pair-out validation. */
import { describe, expect, it } from "vitest";
import { fitOperation } from "../../src/engine/learn/fit";
import { parseOperation } from "../../src/engine/learn/operationFile";
import { alignPairs, type LatentPair } from "../../src/engine/learn/pairs";
import { blendTowardsMean } from "../../src/engine/learn/validate";
import { latent } from "../../src/engine/values";

const D = 6;

function pair(name: string, seed: number, map: (x: number, i: number) => number): LatentPair {
  let a = seed;
  const r = () => (a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1;
  const frames = 120;
  const dry = Float32Array.from({ length: frames * D }, (_, k) => 2 * r() + (k % D));
  const wet = dry.map((x, k) => map(x, k % D));
  return {
    name,
    dry: latent(dry, frames, D, 43, "m"),
    wet: latent(wet, frames, D, 43, "m"),
  };
}

describe("shrinking towards mean shift", () => {
  it("at 1 turns affine into mean shift; at 0 leaves the targets", () => {
    const pairs = [pair("a", 1, (x, i) => 0.5 * x + i), pair("b", 2, (x, i) => 0.5 * x + i)];
    const aligned = alignPairs(pairs, "affine");
    const mean = fitOperation("mean", aligned);
    const shrunk = fitOperation("affine", aligned, { shrink: 1 });
    expect(shrunk.fittedOn.shrink).toBe(1);
    expect(Math.abs(shrunk.fittedOn.fitError / mean.fittedOn.fitError - 1)).toBeLessThan(0.01);
    expect(parseOperation(JSON.stringify(shrunk)).fittedOn.shrink).toBe(1);
    const s = Float64Array.of(1, 2, 3, 4);
    const t = Float64Array.of(2, 2, 5, 4);
    expect(blendTowardsMean(s, t, 2, 2, 0)).toBe(t);
    expect([...blendTowardsMean(s, t, 2, 2, 1)]).toEqual([2.5, 2, 4.5, 4]);
    expect(() => blendTowardsMean(s, t, 2, 2, 1.5)).toThrow("shrink 1.5: expected 0 to 1");
  });

  it("validation keeps a fit that generalises and shrinks one that does not", () => {
    const same = (x: number, i: number) => 0.5 * x + i;
    const good = alignPairs([pair("a", 1, same), pair("b", 2, same), pair("c", 3, same)], "affine");
    expect(fitOperation("affine", good, { validate: true }).fittedOn.shrink).toBe(0);
    // Each pair's "effect" is a different random scaling: only the mean offset is shared.
    const odd = alignPairs(
      [1, 2, 3].map((k) => pair(`p${k}`, k, (x) => (k === 2 ? -1.5 : 1.5) * x + 2)),
      "affine",
    );
    const fit = fitOperation("affine", odd, { validate: true });
    expect(fit.fittedOn.shrink).toBeGreaterThan(0);
  });
});
