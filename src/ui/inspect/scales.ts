/**
 * Axis ticks and colour-scale legends for the inspectors' plots (pure, no DOM, unit-tested):
 * seconds under time plots, values along a colour bar, on a linear or a logarithmic scale.
 */

export interface Tick {
  readonly value: number;
  /** Where the tick sits along the axis, 0 (start) to 1 (end). */
  readonly at: number;
  readonly text: string;
}

/** The 1, 2 or 5 × 10^k step that puts at most `maxTicks` ticks over `span` (> 0). */
export function niceStep(span: number, maxTicks: number): number {
  const rough = span / Math.max(1, maxTicks - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough * (1 - 1e-9));
  return step ?? 10 * power;
}

/** Decimals that show a multiple of `step` exactly (0.5 → 1, 0.02 → 2, 20 → 0). */
export const decimalsOf = (step: number): number =>
  Math.max(0, -Math.floor(Math.log10(step) + 1e-9));

/**
 * Ticks at the multiples of a nice step inside [lo, hi], at most `maxTicks` of them, each
 * labelled by `format(value, step)`. An empty or non-finite range has no ticks.
 */
export function linearTicks(
  lo: number,
  hi: number,
  maxTicks: number,
  format: (value: number, step: number) => string = (v, s) =>
    v === 0 ? "0" : v.toFixed(decimalsOf(s)),
): Tick[] {
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return [];
  const count = (step: number) => Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
  // niceStep allows for the worst alignment; the next smaller step may still fit this range.
  let step = niceStep(hi - lo, maxTicks);
  const smaller =
    step / (Math.round(step / 10 ** Math.floor(Math.log10(step) + 1e-9)) === 5 ? 2.5 : 2);
  if (count(smaller) <= maxTicks) step = smaller;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: Tick[] = [];
  for (let i = first; i <= last; i++) {
    const value = i * step;
    // −0 would print as "-0".
    ticks.push({ value: value || 0, at: (value - lo) / (hi - lo), text: format(value || 0, step) });
  }
  return ticks;
}

/** Seconds ticks for a plot spanning `seconds`; the last label carries the unit. */
export function timeTicks(seconds: number, maxTicks = 6): Tick[] {
  const ticks = linearTicks(0, seconds, maxTicks);
  return ticks.map((t, i) => (i === ticks.length - 1 ? { ...t, text: `${t.text} s` } : t));
}

/**
 * Ticks at 1, 2 and 5 × 10^k inside [lo, hi] (both > 0), placed on a log axis; thinned to the
 * powers of ten (then every other decade…) while there are more than `maxTicks`.
 */
export function logTicks(
  lo: number,
  hi: number,
  maxTicks: number,
  format: (value: number) => string = String,
): Tick[] {
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) return [];
  const [a, b] = [Math.log(lo), Math.log(hi)];
  const values: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); 10 ** k <= hi; k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) values.push(Number(v.toPrecision(6)));
    }
  }
  const decades = values.filter((v) => Number.isInteger(Math.log10(v)));
  let kept = values.length > maxTicks ? decades : values;
  for (let every = 2; kept.length > Math.max(1, maxTicks); every++) {
    kept = decades.filter((_, i) => i % every === 0);
  }
  return kept.map((value) => ({ value, at: (Math.log(value) - a) / (b - a), text: format(value) }));
}
