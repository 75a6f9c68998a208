import { describe, expect, it } from "vitest";
import type { LatentStats } from "../../src/engine/models/types";
import { latent } from "../../src/engine/values";
import { boundsOf, projectLatent, projectRows, shadeOf } from "../../src/ui/inspect/projection";
import { heatmapLimit, latentHeatmap, spectrogramImage } from "../../src/ui/inspect/images";
import { diverging, sequential } from "../../src/ui/inspect/colormap";

const stats = (mean: number[], std: number[], components: number[][]): LatentStats => ({
  mean: Float32Array.from(mean),
  std: Float32Array.from(std),
  components: components.map((c) => Float32Array.from(c)),
  componentStd: new Float32Array(components.length),
});

describe("projection on the principal directions", () => {
  it("is (z − mean)·c for each row", () => {
    const s = stats(
      [1, 1, 1],
      [1, 1, 1],
      [
        [1, 0, 0],
        [0, 0.6, 0.8],
      ],
    );
    const z = latent(Float32Array.from([1, 1, 1, 3, 2, 6]), 2, 3, 10, "m");
    const p = projectLatent(z, s);
    expect(Array.from(p.xs)).toEqual([0, 2]);
    expect(p.ys[0]).toBeCloseTo(0);
    expect(p.ys[1]).toBeCloseTo(0.6 * 1 + 0.8 * 5);
  });

  it("projects a direction onto itself as its length and the other to 0", () => {
    const a = Float32Array.from([0.6, 0.8]);
    const b = Float32Array.from([-0.8, 0.6]);
    const p = projectRows(Float32Array.from([0.6 * 3, 0.8 * 3]), 1, 2, new Float32Array(2), a, b);
    expect(p.xs[0]).toBeCloseTo(3);
    expect(p.ys[0]).toBeCloseTo(0);
  });

  it("refuses a model with fewer than two directions", () => {
    const z = latent(new Float32Array(2), 1, 2, 10, "m");
    expect(() => projectLatent(z, stats([0, 0], [1, 1], [[1, 0]]))).toThrow(/two principal/);
  });

  it("bounds hold every point and the origin, padded", () => {
    const b = boundsOf([{ xs: Float32Array.from([1, 3]), ys: Float32Array.from([2, 4]) }], 0.1);
    const want = { x0: -0.3, x1: 3.3, y0: -0.4, y1: 4.4 };
    for (const k of ["x0", "x1", "y0", "y1"] as const) expect(b[k]).toBeCloseTo(want[k]);
  });

  it("shades Hz on a log scale and unpitched (0) as the lowest colour", () => {
    const s = shadeOf(Float32Array.from([100, 1000, 10000, 0]), true);
    expect(Array.from(s.shade)).toEqual([0, 0.5, 1, 0]);
    expect([s.lo, s.hi]).toEqual([100, 10000]);
    const db = shadeOf(Float32Array.from([-60, -30, 0]), false);
    expect(Array.from(db.shade)).toEqual([0, 0.5, 1]);
  });
});

describe("spectrogram image", () => {
  const rate = 8000;
  const tone = (hz: number, n: number) =>
    Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));

  it("has the asked geometry and RGBA pixels", () => {
    const img = spectrogramImage(tone(1000, 8000), rate, { maxColumns: 50, rows: 40 });
    expect(img.width).toBeLessThanOrEqual(50);
    expect(img.width).toBeGreaterThan(25);
    expect(img.height).toBe(40);
    expect(img.data.length).toBe(img.width * img.height * 4);
    expect(img.data[3]).toBe(255);
  });

  it("puts a tone's energy in the row of its frequency (log axis, low at the bottom)", () => {
    const rows = 64;
    const minHz = 40;
    const img = spectrogramImage(tone(1000, 8000), rate, { rows, minHz, maxColumns: 20 });
    const brightness = (row: number) => {
      const at = (row * img.width + Math.floor(img.width / 2)) * 4;
      return (img.data[at] ?? 0) + (img.data[at + 1] ?? 0) + (img.data[at + 2] ?? 0);
    };
    const brightest = Array.from({ length: rows }, (_, r) => r).reduce((a, r) =>
      brightness(r) > brightness(a) ? r : a,
    );
    const expected =
      rows - 1 - Math.floor((rows * Math.log(1000 / minHz)) / Math.log(4000 / minHz));
    expect(Math.abs(brightest - expected)).toBeLessThanOrEqual(1);
    expect(brightness(0)).toBeLessThan(brightness(brightest) / 3);
  });

  it("draws silence as the darkest colour without NaN", () => {
    const img = spectrogramImage(new Float32Array(4000), rate);
    const [r, g, b] = sequential(0);
    expect([img.data[0], img.data[1], img.data[2]]).toEqual([r, g, b]);
  });
});

describe("latent heatmap", () => {
  it("limits colour at a robust quantile of |v|, never 0", () => {
    const values = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1000 : i / 100));
    expect(heatmapLimit(values, 0.99)).toBeCloseTo(0.99);
    expect(heatmapLimit([0, 0, 0])).toBe(1);
  });

  it("standardizes with the model's statistics: one row per dim, one column per frame", () => {
    const z = latent(Float32Array.from([10, 0, 10, 4, 10, -4]), 3, 2, 10, "m");
    const h = latentHeatmap(
      z,
      stats(
        [10, 0],
        [1, 2],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    );
    expect([h.width, h.height, h.standardized]).toEqual([3, 2, true]);
    // dim 0 is at its mean everywhere: the middle colour
    const [r, g, b] = diverging(0.5);
    expect(Array.from(h.data.subarray(0, 3))).toEqual([r, g, b].map(Math.round));
    // dim 1, frame 1: +2σ; frame 2: −2σ; the limit is 2σ, so full colour either side
    const px = (x: number, y: number) =>
      Array.from(h.data.subarray((y * 3 + x) * 4, (y * 3 + x) * 4 + 3));
    expect(h.limit).toBeCloseTo(2);
    expect(px(1, 1)).toEqual(diverging(1).map(Math.round));
    expect(px(2, 1)).toEqual(diverging(0).map(Math.round));
  });

  it("shows raw values when the statistics are unknown", () => {
    const h = latentHeatmap(latent(Float32Array.from([1, -1]), 1, 2, 10, "m"));
    expect(h.standardized).toBe(false);
    expect(h.limit).toBe(1);
  });
});
