/** Colour maps for the inspectors' images: perceptually ordered stops, linearly interpolated. */

export type Rgb = readonly [number, number, number];

/** Magma-like: black → purple → orange → pale yellow (intensity: spectrograms, descriptors). */
const SEQUENTIAL: readonly Rgb[] = [
  [0, 0, 4],
  [40, 17, 89],
  [101, 26, 128],
  [163, 48, 120],
  [222, 73, 104],
  [252, 137, 97],
  [254, 206, 145],
  [252, 253, 191],
];

/** Diverging around a dark middle: blue (negative) → near black (0) → orange (positive). */
const DIVERGING: readonly Rgb[] = [
  [120, 190, 255],
  [40, 100, 200],
  [22, 26, 36],
  [210, 100, 30],
  [255, 200, 110],
];

function lookup(stops: readonly Rgb[], t: number): Rgb {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** t in [0, 1] → RGB of the sequential map. */
export const sequential = (t: number): Rgb => lookup(SEQUENTIAL, t);

/** t in [0, 1] (0.5 = zero) → RGB of the diverging map. */
export const diverging = (t: number): Rgb => lookup(DIVERGING, t);

export const css = ([r, g, b]: Rgb): string =>
  `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
