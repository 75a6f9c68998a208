/**
 * Onset-aligned transient measures (issue 19: "onset-aligned error on the drum set"), used by
 * `npm run bench:transients`.
 *
 * Onsets are found in the ORIGINAL only, so every codec is judged at the same instants:
 * spectral-flux peaks (log-compressed magnitudes, 512-point STFT, 1.45 ms hop), each refined in
 * the time domain to where a 0.5 ms energy envelope first climbs a tenth of the way from the
 * quiet before the hit to the hit's peak. Around each onset the original x and a codec's y are
 * compared by {@link transientErrors}.
 */
import { multiResolutionStftDistance } from "../../src/dsp/metrics";
import { stftMagnitudes } from "../../src/dsp/stft";
import { hann } from "../../src/dsp/window";

/** The flux STFT: 512 points (11.6 ms at 44.1 kHz), hop 64 (1.45 ms). */
const FLUX = { fftSize: 512, hop: 64 } as const;
/** Frames between the two compared by the flux. */
const LAG = 2;
/** The log compression's gain: log(1 + γ|X|) with the loudest bin at γ|X| = 1000. */
const COMPRESSION = 1000;

/** Window edges around an onset, in seconds (issue 19's brief: −5 … +45 ms; 20 ms of pre-echo). */
export const WINDOW_BEFORE = 0.005;
export const WINDOW_AFTER = 0.045;
export const PRE_ECHO = 0.02;
export const ATTACK = 0.01;

/**
 * Spectral flux of x, SuperFlux-style (Böck and Widmer, 2013): for each causal STFT frame f (ending
 * at sample (f+1)·64), the sum over bins k of the rise of L = log(1 + γ|X|) above the maximum of
 * L over bins k−1…k+1 two frames earlier. The maximum keeps the random ripple of a decaying noisy
 * tail (a cymbal, a snare's rattle) from reading as new hits.
 */
export function spectralFlux(x: Float32Array): Float32Array {
  const mags = stftMagnitudes(x, FLUX);
  let peak = 0;
  for (const m of mags) for (const v of m) peak = Math.max(peak, v);
  const flux = new Float32Array(mags.length);
  if (peak === 0) return flux;
  const g = COMPRESSION / peak;
  const logs = mags.map((m) => m.map((v) => Math.log1p(g * v)));
  for (let f = LAG; f < logs.length; f++) {
    const a = logs[f - LAG]!;
    const b = logs[f]!;
    let s = 0;
    for (let k = 0; k < b.length; k++) {
      const ref = Math.max(a[k]!, a[Math.max(0, k - 1)]!, a[Math.min(a.length - 1, k + 1)]!);
      s += Math.max(0, b[k]! - ref);
    }
    flux[f] = s;
  }
  return flux;
}

/** Sum of x² over [n − h, n + h] for every n (a centred energy envelope). */
function energyEnvelope(x: Float32Array, h: number): Float64Array {
  const prefix = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) prefix[i + 1] = prefix[i]! + x[i]! * x[i]!;
  const e = new Float64Array(x.length);
  for (let n = 0; n < x.length; n++)
    e[n] = prefix[Math.min(x.length, n + h + 1)]! - prefix[Math.max(0, n - h)]!;
  return e;
}

/** Options of {@link detectOnsets}. */
export interface OnsetOptions {
  /** A flux peak counts when it reaches this fraction of the loudest one (default 0.05). */
  readonly threshold?: number;
  /** Onsets closer than this (seconds) to the previous one are dropped (default 0.03). */
  readonly minGap?: number;
}

/**
 * Onsets of x in samples, ascending: spectral-flux local maxima (over ±30 ms) above a threshold
 * and above the flux's mean over the 100 ms before them, each refined on the energy envelope
 * (see the module comment). Throws a RangeError naming the first sample that is not finite.
 */
export function detectOnsets(
  x: Float32Array,
  sampleRate: number,
  opts: OnsetOptions = {},
): number[] {
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new RangeError(`detectOnsets: sample ${bad} is ${x[bad]}; expected finite audio`);
  const flux = spectralFlux(x);
  const top = flux.reduce((a, v) => Math.max(a, v), 0);
  if (top === 0) return [];
  const threshold = (opts.threshold ?? 0.05) * top;
  const minGap = Math.round((opts.minGap ?? 0.03) * sampleRate);
  const w = Math.max(1, Math.round((0.03 * sampleRate) / FLUX.hop));
  const before = Math.max(1, Math.round((0.1 * sampleRate) / FLUX.hop));
  const env = energyEnvelope(x, Math.max(1, Math.round(0.00025 * sampleRate)));
  const onsets: number[] = [];
  for (let f = 1; f < flux.length; f++) {
    const v = flux[f]!;
    if (v < threshold) continue;
    let isPeak = true;
    for (let j = Math.max(0, f - w); j <= Math.min(flux.length - 1, f + w) && isPeak; j++)
      if (flux[j]! > v || (flux[j] === v && j < f)) isPeak = false;
    if (!isPeak) continue;
    let mean = 0;
    for (let j = Math.max(0, f - before); j < f; j++) mean += flux[j]!;
    if (v <= mean / Math.max(1, f - Math.max(0, f - before)) + 0.02 * top) continue;
    const o = refine(env, f, sampleRate);
    if (onsets.length === 0 || o - onsets[onsets.length - 1]! >= minGap) onsets.push(o);
  }
  return onsets;
}

/** The attack's start near flux frame f (see the module comment). */
function refine(env: Float64Array, f: number, sampleRate: number): number {
  const end = (f + 1) * FLUX.hop; // frame f holds [end − 512, end)
  const from = Math.max(0, end - FLUX.fftSize - Math.round(0.002 * sampleRate));
  const to = Math.min(env.length - 1, end + Math.round(0.01 * sampleRate));
  let peakAt = from;
  for (let n = from; n <= to; n++) if (env[n]! > env[peakAt]!) peakAt = n;
  let quietAt = from;
  for (let n = from; n <= peakAt; n++) if (env[n]! < env[quietAt]!) quietAt = n;
  const level = env[quietAt]! + 0.1 * (env[peakAt]! - env[quietAt]!);
  for (let n = quietAt; n <= peakAt; n++) if (env[n]! >= level) return n;
  return peakAt;
}

/** How y (a codec's output) differs from x (the original) around one onset. */
export interface TransientError {
  /** The onset, in samples. */
  readonly onset: number;
  /**
   * Mean |dB difference| of the energy envelopes over −5 … +45 ms: 5.8 ms Hann frames every
   * 1.45 ms, each floored 50 dB under the original's loudest frame there.
   */
  readonly envelopeDb: number;
  /** y's energy over the first 10 ms from the onset against x's, in dB (negative: a softened attack). */
  readonly attackDb: number;
  /**
   * y's energy in the 20 ms before the onset against x's, in dB (positive: pre-echo, sound
   * smeared ahead of the hit), both floored 60 dB under x's energy over −5 … +45 ms.
   */
  readonly preEchoDb: number;
  /** The multi-resolution STFT distance (FFT 128/256/512) over −5 … +45 ms alone. */
  readonly mrstft: number;
}

function energy(x: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let n = Math.max(0, from); n < Math.min(x.length, to); n++) s += x[n]! * x[n]!;
  return s;
}

const FRAME = 256;
const FRAME_HOP = 64;
const frameWindow = hann(FRAME);

/** Hann-weighted energy of x in the frame centred on sample c. */
function frameEnergy(x: Float32Array, c: number): number {
  let s = 0;
  for (let k = 0; k < FRAME; k++) {
    const v = x[c - FRAME / 2 + k] ?? 0;
    s += frameWindow[k]! * v * v;
  }
  return s;
}

/**
 * {@link TransientError} at each onset whose windows (20 ms before, 45 ms after) lie inside both
 * signals; onsets too near an end are skipped.
 */
export function transientErrors(
  x: Float32Array,
  y: Float32Array,
  onsets: readonly number[],
  sampleRate: number,
): TransientError[] {
  const s = (sec: number) => Math.round(sec * sampleRate);
  const out: TransientError[] = [];
  const length = Math.min(x.length, y.length);
  for (const o of onsets) {
    const a = o - s(WINDOW_BEFORE);
    const b = o + s(WINDOW_AFTER);
    if (o - s(PRE_ECHO) < 0 || b > length) continue;
    const ex: number[] = [];
    const ey: number[] = [];
    for (let c = a; c < b; c += FRAME_HOP) {
      ex.push(frameEnergy(x, c));
      ey.push(frameEnergy(y, c));
    }
    const floor = 1e-5 * Math.max(...ex) + 1e-30;
    let env = 0;
    ex.forEach((v, j) => (env += Math.abs(10 * Math.log10((ey[j]! + floor) / (v + floor)))));
    const whole = energy(x, a, b);
    const eps = 1e-6 * whole + 1e-30;
    const ratioDb = (from: number, to: number) =>
      10 * Math.log10((energy(y, from, to) + eps) / (energy(x, from, to) + eps));
    out.push({
      onset: o,
      envelopeDb: env / ex.length,
      attackDb: ratioDb(o, o + s(ATTACK)),
      preEchoDb: ratioDb(o - s(PRE_ECHO), o),
      mrstft: multiResolutionStftDistance(x.subarray(a, b), y.subarray(a, b), [128, 256, 512]),
    });
  }
  return out;
}

/**
 * Where the onsets detected in a codec's output sit against the original's: the median of
 * (y's nearest onset − x's onset), in samples, over x's onsets that have one within ±tolerance,
 * and the share of x's onsets that do. A sanity check of the alignment (a late codec would turn
 * every window measure into a delay) and of whether the hits still read as hits.
 */
export function onsetShift(
  xOnsets: readonly number[],
  yOnsets: readonly number[],
  tolerance: number,
): { median: number; matched: number } {
  const shifts: number[] = [];
  for (const o of xOnsets) {
    let best = Infinity;
    for (const p of yOnsets) if (Math.abs(p - o) < Math.abs(best)) best = p - o;
    if (Math.abs(best) <= tolerance) shifts.push(best);
  }
  return { median: median(shifts), matched: xOnsets.length ? shifts.length / xOnsets.length : NaN };
}

/** The median of the finite values (NaN when none). */
export function median(xs: readonly number[]): number {
  const s = xs.filter(Number.isFinite).sort((p, q) => p - q);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A paired difference's median and its bootstrap interval. */
export interface PairedDifference {
  readonly median: number;
  /** The 2.5th and 97.5th percentiles of the median over resamples of the pairs. */
  readonly low: number;
  readonly high: number;
  /** The share of pairs in which b is above a. */
  readonly aboveShare: number;
}

/**
 * The median of b[i] − a[i] over the pairs where both are finite, with a 95 % bootstrap interval
 * (`resamples` draws of the pairs with replacement, a fixed seed so that reruns agree).
 */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
  resamples = 2000,
): PairedDifference {
  const d = a.map((v, i) => b[i]! - v).filter(Number.isFinite);
  if (d.length === 0) return { median: NaN, low: NaN, high: NaN, aboveShare: NaN };
  let seed = 12345;
  const meds: number[] = [];
  const draw = new Array<number>(d.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < d.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      draw[i] = d[Math.floor((seed / 2 ** 32) * d.length)]!;
    }
    meds.push(median(draw));
  }
  meds.sort((p, q) => p - q);
  return {
    median: median(d),
    low: meds[Math.floor(0.025 * (resamples - 1))]!,
    high: meds[Math.ceil(0.975 * (resamples - 1))]!,
    aboveShare: d.filter((v) => v > 0).length / d.length,
  };
}
