import { describe, expect, it } from "vitest";
import { fitLoudness, keepLoudness, predictLoudness } from "../../src/engine/latentMath/loudness";
import type { Codebook } from "../../src/engine/models/types";

/** A codebook whose loudness is exactly 3·z0 − 2·z2 − 30 dB, plus entries at the −120 dB floor. */
function linearCodebook(size = 40, silent = 5): Codebook {
  const dims = 3;
  const entries = new Float32Array(size * dims);
  const loudness = new Float32Array(size);
  for (let k = 0; k < size; k++) {
    const z = [Math.sin(k), Math.cos(1.7 * k), (k % 7) / 3];
    entries.set(z, k * dims);
    loudness[k] = k < silent ? -120 : 3 * z[0]! - 2 * z[2]! - 30;
  }
  const zeros = new Float32Array(size);
  return { size, dims, entries, descriptors: { loudness, centroid: zeros, f0: zeros } };
}

describe("loudness fit", () => {
  it("recovers a linear loudness law, leaving the silent entries out", () => {
    const fit = fitLoudness(linearCodebook())!;
    [3, 0, -2].forEach((w, i) => expect(fit.w[i]).toBeCloseTo(w, 3));
    expect(fit.bias).toBeCloseTo(-30, 4);
    expect(predictLoudness(fit, [1, 5, 1])).toBeCloseTo(-29, 4);
  });

  it("moves a point along the loudness direction only, to the level asked", () => {
    const fit = fitLoudness(linearCodebook())!;
    const z = Float64Array.from([0.2, -0.4, 0.9]);
    const before = Float64Array.from(z);
    keepLoudness(fit, z, -25);
    expect(predictLoudness(fit, z)).toBeCloseTo(-25, 6);
    // The move is parallel to w: what is orthogonal to it (here dim 1) is unchanged.
    expect(z[1]).toBeCloseTo(before[1]!, 4);
    const d = [z[0]! - before[0]!, z[2]! - before[2]!];
    expect(d[0]! / d[1]!).toBeCloseTo(3 / -2, 3);
  });

  it("gives no fit when too few entries are left or the loudness does not vary", () => {
    expect(fitLoudness(linearCodebook(8, 5))).toBeUndefined();
    const flat = linearCodebook();
    flat.descriptors.loudness.fill(-20);
    expect(fitLoudness(flat)).toBeUndefined();
  });
});
