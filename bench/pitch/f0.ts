/**
 * Pitch movement, measured as issue 19 defines it: an f0 track (pitchy's McLeod Pitch Method) of
 * an original and of its reconstruction, then
 * - the median absolute f0 error in cents over frames voiced in both;
 * - the correlation of the detrended tracks (cents minus their moving median, which removes the
 *   notes and keeps vibrato and glides) over the same frames.
 */
import { PitchDetector } from "pitchy";

/** Analysis window and hop at 44.1 kHz: 46 ms windows every 5.8 ms. */
const WINDOW = 2048;
const HOP = 256;
/** A frame is voiced when the MPM clarity reaches this and its level is within 40 dB of the peak. */
const MIN_CLARITY = 0.9;
const MAX_BELOW_PEAK_DB = 40;
const MIN_HZ = 50;
const MAX_HZ = 2000;
/** The moving median's half width: 0.2 s, more than one vibrato cycle (5–6.5 Hz) each side. */
const MEDIAN_HALF_SECONDS = 0.2;

export interface F0Track {
  /** Seconds per frame. */
  readonly hopSeconds: number;
  /** f0 in cents (MIDI note × 100), NaN where unvoiced. */
  readonly cents: Float64Array;
}

/** The f0 track of `x` at `sampleRate`. */
export function f0Track(x: Float32Array, sampleRate: number): F0Track {
  const detector = PitchDetector.forFloat32Array(WINDOW);
  const frames = Math.max(0, Math.floor((x.length - WINDOW) / HOP) + 1);
  const cents = new Float64Array(frames).fill(NaN);
  const level = new Float64Array(frames);
  let peak = 0;
  for (let f = 0; f < frames; f++) {
    const w = x.subarray(f * HOP, f * HOP + WINDOW);
    let e = 0;
    for (const v of w) e += v * v;
    level[f] = Math.sqrt(e / WINDOW);
    peak = Math.max(peak, level[f]!);
  }
  const floor = peak * 10 ** (-MAX_BELOW_PEAK_DB / 20);
  for (let f = 0; f < frames; f++) {
    if (!(level[f]! > floor)) continue;
    const [hz, clarity] = detector.findPitch(x.subarray(f * HOP, f * HOP + WINDOW), sampleRate);
    if (clarity >= MIN_CLARITY && hz >= MIN_HZ && hz <= MAX_HZ)
      cents[f] = 6900 + 1200 * Math.log2(hz / 440);
  }
  return { hopSeconds: HOP / sampleRate, cents };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** cents minus the median of the voiced frames within ±0.2 s (NaN where unvoiced). */
export function detrended(track: F0Track): Float64Array {
  const half = Math.round(MEDIAN_HALF_SECONDS / track.hopSeconds);
  const c = track.cents;
  const out = new Float64Array(c.length).fill(NaN);
  for (let f = 0; f < c.length; f++) {
    if (Number.isNaN(c[f]!)) continue;
    const near: number[] = [];
    for (let g = Math.max(0, f - half); g <= Math.min(c.length - 1, f + half); g++)
      if (!Number.isNaN(c[g]!)) near.push(c[g]!);
    out[f] = c[f]! - median(near);
  }
  return out;
}

export interface PitchScore {
  /** Frames voiced in both tracks. */
  readonly frames: number;
  /** The share of the original's voiced frames that are voiced in the reconstruction too. */
  readonly voicedKept: number;
  /** Median |f0 error| in cents over frames voiced in both. */
  readonly medianErrorCents: number;
  /** Pearson correlation of the detrended tracks over those frames. */
  readonly detrendedCorrelation: number;
}

/** Differences beyond this many cents are octave or note errors, not pitch movement. */
const GROSS_CENTS = 300;

/** Compares a reconstruction's f0 track with the original's, frame by frame. */
export function comparePitch(original: F0Track, other: F0Track): PitchScore {
  const n = Math.min(original.cents.length, other.cents.length);
  const [da, db] = [detrended(original), detrended(other)];
  const errors: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  let voicedOriginal = 0;
  for (let f = 0; f < n; f++) {
    const a = original.cents[f]!;
    if (Number.isNaN(a)) continue;
    voicedOriginal++;
    const b = other.cents[f]!;
    if (Number.isNaN(b)) continue;
    errors.push(Math.abs(a - b));
    if (Math.abs(da[f]!) < GROSS_CENTS && Math.abs(db[f]!) < GROSS_CENTS) {
      xs.push(da[f]!);
      ys.push(db[f]!);
    }
  }
  return {
    frames: errors.length,
    voicedKept: voicedOriginal > 0 ? errors.length / voicedOriginal : 0,
    medianErrorCents: errors.length > 0 ? median(errors) : NaN,
    detrendedCorrelation: pearson(xs, ys),
  };
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 3) return NaN;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
