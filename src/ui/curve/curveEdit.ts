/**
 * The drawn curve editor's logic, pure so it is unit-tested without a browser: the edits (add,
 * move, delete a point), snapping times to the beat at the patch's tempo, and the mapping between
 * a Curve's `[seconds, value]` points and the editor's pixels. A Curve keeps its times in
 * seconds; the beat grid is the patch tempo's, so snapping puts points on beats as heard.
 */
import { MAX_CURVE_POINTS } from "../../engine/patch/limits";

export type Point = readonly [number, number];
export type Points = readonly Point[];

/** The stretch of time and values the editor shows. */
export interface CurveFrame {
  readonly t0: number;
  readonly t1: number;
  readonly v0: number;
  readonly v1: number;
}

/** The plot's size in pixels. */
export interface PlotSize {
  readonly width: number;
  readonly height: number;
}

/** An edit's outcome: the new points and the index of the point edited (or selected after). */
export interface Edited {
  readonly points: Points;
  readonly index: number | undefined;
}

/** The editor's plot size (px). */
export const PLOT_SIZE: PlotSize = { width: 560, height: 220 };
/** Margins around the editor's plot, for the axis labels (px). */
export const PLOT_MARGIN = { left: 46, right: 14, top: 20, bottom: 22 } as const;

/** Beats closer together than this (px) make the grid (and snapping) coarser. */
const MIN_GRID_PX = 14;
/** At most this many ticks on an axis, whatever a (hostile) patch's times and values span. */
const MAX_TICKS = 200;

/** A step of 1, 2 or 5 × a power of ten, at least `span / count`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  return ([1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-9)) ?? 10) * power;
}

/**
 * The frame shown for `points`: from 0 to a bit past the last point (at least 4 beats), and the
 * values' range, always including 0 and 1, padded a tenth on both sides.
 */
export function curveFrame(points: Points, beatSeconds: number): CurveFrame {
  const times = points.map((p) => p[0]);
  const values = points.map((p) => p[1]);
  const last = Math.max(0, ...times);
  const t1 = Math.max(4 * beatSeconds, last * 1.25, last + beatSeconds);
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const pad = (hi - lo) / 10;
  const finite = (x: number) => Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, x));
  return { t0: Math.min(0, ...times), t1: finite(t1), v0: finite(lo - pad), v1: finite(hi + pad) };
}

/** Where point `[t, v]` is drawn, in pixels from the plot's top-left corner. */
export function toPixels(frame: CurveFrame, size: PlotSize, [t, v]: Point): [number, number] {
  const x = ((t - frame.t0) / (frame.t1 - frame.t0)) * size.width;
  const y = (1 - (v - frame.v0) / (frame.v1 - frame.v0)) * size.height;
  return [x, y];
}

/** The point under pixel `(x, y)`, inside the frame, rounded to what the plot can resolve. */
export function fromPixels(frame: CurveFrame, size: PlotSize, x: number, y: number): Point {
  const cx = Math.min(size.width, Math.max(0, x));
  const cy = Math.min(size.height, Math.max(0, y));
  const t = frame.t0 + (cx / size.width) * (frame.t1 - frame.t0);
  const v = frame.v0 + (1 - cy / size.height) * (frame.v1 - frame.v0);
  return [roundTo(t, 0.001), roundTo(v, niceStep(frame.v1 - frame.v0, 1000))];
}

/** `x` rounded to a multiple of `step`, without binary noise (0.30000000000000004). */
function roundTo(x: number, step: number): number {
  const decimals = Math.max(0, Math.min(12, -Math.floor(Math.log10(step))));
  const r = Number((Math.round(x / step) * step).toFixed(decimals));
  return r === 0 ? 0 : r; // no -0 in the patch
}

/**
 * The grid's step in beats: one beat, or a power of two of beats where beats would be drawn
 * closer than {@link MIN_GRID_PX} apart.
 */
export function gridBeats(frame: CurveFrame, size: PlotSize, beatSeconds: number): number {
  const beatPx = (beatSeconds / (frame.t1 - frame.t0)) * size.width;
  let beats = 1;
  while (beats * beatPx < MIN_GRID_PX && beats < 2 ** 52) beats *= 2;
  return beats;
}

/** `seconds` moved to the nearest multiple of `stepBeats` beats at `beatSeconds` a beat. */
export function snapTime(seconds: number, beatSeconds: number, stepBeats = 1): number {
  const step = beatSeconds * stepBeats;
  if (!(step > 0)) return seconds;
  return roundTo(Math.round(seconds / step) * step, 0.000001);
}

/**
 * Adds `point`, keeping times in order (after any point at the same time, so two points at one
 * time make a step). Refuses past the patch format's limit on points, with the reason.
 */
export function addPoint(points: Points, point: Point): Edited | string {
  if (points.length >= MAX_CURVE_POINTS)
    return `a Curve holds at most ${MAX_CURVE_POINTS} points; delete one first`;
  let index = points.findIndex((p) => p[0] > point[0]);
  if (index < 0) index = points.length;
  return { points: [...points.slice(0, index), point, ...points.slice(index)], index };
}

/**
 * Moves point `index` to `point`, its time held between its neighbours' so that the order (and
 * the index) stays: a drag cannot pass another point.
 */
export function movePoint(points: Points, index: number, point: Point): Edited {
  if (index < 0 || index >= points.length) return { points, index: undefined };
  const before = points[index - 1]?.[0] ?? Number.NEGATIVE_INFINITY;
  const after = points[index + 1]?.[0] ?? Number.POSITIVE_INFINITY;
  const t = Math.min(after, Math.max(before, Math.max(0, point[0])));
  const moved: Point = [t, point[1]];
  return { points: points.map((p, i) => (i === index ? moved : p)), index };
}

/** Which way an arrow key nudges a point: -1, 0 or 1 in time and in value. */
export interface Nudge {
  readonly time: -1 | 0 | 1;
  readonly value: -1 | 0 | 1;
}

/**
 * Nudges point `index` to the next grid line in time (`free`: by a millisecond)
 * or by a hundredth of the frame's value span (`coarse`: a tenth), its neighbours holding it as
 * a drag does.
 */
export function nudgePoint(
  points: Points,
  index: number,
  nudge: Nudge,
  grid: { readonly frame: CurveFrame; readonly beatSeconds: number; readonly stepBeats: number },
  opts: { readonly free?: boolean; readonly coarse?: boolean } = {},
): Edited {
  const p = points[index];
  if (!p) return { points, index: undefined };
  const { frame, beatSeconds, stepBeats } = grid;
  const line = beatSeconds * stepBeats;
  // Snapped: to the next grid line that way (from between lines, the nearer one that way).
  const next = (nudge.time > 0 ? Math.floor : Math.ceil)(p[0] / line + 1e-9 * nudge.time);
  const t =
    nudge.time === 0
      ? p[0]
      : opts.free
        ? roundTo(p[0] + nudge.time * 0.001, 0.001)
        : roundTo((next + nudge.time) * line, 0.000001);
  const dv = niceStep(frame.v1 - frame.v0, opts.coarse ? 10 : 100);
  return movePoint(points, index, [t, roundTo(p[1] + nudge.value * dv, dv / 10)]);
}

/**
 * Removes point `index`; the last point stays (a Curve needs one), as does a list without
 * that index. The selection moves to the point before, if any.
 */
export function deletePoint(points: Points, index: number): Edited {
  if (points.length <= 1 || index < 0 || index >= points.length) return { points, index };
  return {
    points: points.filter((_, i) => i !== index),
    index: index > 0 ? index - 1 : 0,
  };
}

/** The point drawn within `radius` px of pixel `(x, y)`, the nearest if several; else undefined. */
export function pointAt(
  points: Points,
  frame: CurveFrame,
  size: PlotSize,
  x: number,
  y: number,
  radius = 8,
): number | undefined {
  let best: number | undefined;
  let bestDistance = radius;
  points.forEach((p, i) => {
    const [px, py] = toPixels(frame, size, p);
    const d = Math.hypot(px - x, py - y);
    if (d <= bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

/** Tick marks along an axis: positions in its unit with their labels. */
export interface Tick {
  readonly at: number;
  readonly label: string;
}

const trim = (x: number): string => String(Number(x.toPrecision(6)));

/** Seconds along the time axis: about `count` labelled ticks. */
export function secondTicks(frame: CurveFrame, count = 6): Tick[] {
  const step = niceStep(frame.t1 - frame.t0, count);
  const ticks: Tick[] = [];
  for (let t = Math.ceil(frame.t0 / step) * step; t <= frame.t1 + 1e-9; t += step) {
    ticks.push({ at: t, label: `${trim(t)} s` });
    if (ticks.length >= MAX_TICKS) break;
  }
  return ticks;
}

/** Values along the value axis: about `count` labelled ticks. */
export function valueTicks(frame: CurveFrame, count = 5): Tick[] {
  const step = niceStep(frame.v1 - frame.v0, count);
  const ticks: Tick[] = [];
  for (let v = Math.ceil(frame.v0 / step) * step; v <= frame.v1 + 1e-9; v += step) {
    ticks.push({ at: v, label: trim(Math.abs(v) < step / 1e6 ? 0 : v) });
    if (ticks.length >= MAX_TICKS) break;
  }
  return ticks;
}

/**
 * The beat grid, in seconds, every `stepBeats` beats; bars (every `beatsPerBar` beats) are
 * labelled "bar.beat" counting from 1, as the transport shows them.
 */
export function beatTicks(
  frame: CurveFrame,
  beatSeconds: number,
  beatsPerBar: number,
  stepBeats: number,
): (Tick & { readonly bar: boolean })[] {
  const ticks: (Tick & { bar: boolean })[] = [];
  const first = Math.ceil(frame.t0 / beatSeconds / stepBeats) * stepBeats;
  for (let beat = first; beat * beatSeconds <= frame.t1 + 1e-9; beat += stepBeats) {
    const bar = beat % beatsPerBar === 0;
    const label = `${Math.floor(beat / beatsPerBar) + 1}.${(beat % beatsPerBar) + 1}`;
    ticks.push({ at: beat * beatSeconds, label, bar });
    if (ticks.length >= MAX_TICKS) break;
  }
  return ticks;
}
