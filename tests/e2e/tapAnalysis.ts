/** Measurements on a tapped recording (pure; the streaming test's arithmetic). */

/** Peak and RMS of `x[from, to)`. */
export function levels(x: Float32Array, from = 0, to = x.length): { peak: number; rms: number } {
  let peak = 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    peak = Math.max(peak, Math.abs(x[i]!));
    sum += x[i]! * x[i]!;
  }
  return { peak, rms: to > from ? Math.sqrt(sum / (to - from)) : 0 };
}

/** First index whose magnitude exceeds `threshold`, or -1. */
export function onset(x: Float32Array, threshold: number): number {
  return x.findIndex((v) => Math.abs(v) > threshold);
}

/** Longest run of samples with magnitude below `floor` in `x[from, to)`. */
export function longestSilence(x: Float32Array, floor: number, from: number, to: number): number {
  let longest = 0;
  let run = 0;
  for (let i = from; i < to; i++) {
    run = Math.abs(x[i]!) < floor ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Largest |x[n] − x[n−1]| in `x[from, to)`. */
export function largestJump(x: Float32Array, from: number, to: number): number {
  let jump = 0;
  for (let i = Math.max(1, from); i < to; i++) jump = Math.max(jump, Math.abs(x[i]! - x[i - 1]!));
  return jump;
}

/** RMS of consecutive windows of `size` samples from `from` to `to`. */
export function windowRms(x: Float32Array, size: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i + size <= to; i += size) out.push(levels(x, i, i + size).rms);
  return out;
}

/** Longest run of steps |x[n] − x[n−1]| below `step` in `x[from, to)`: held or decaying output. */
export function longestFlat(x: Float32Array, step: number, from: number, to: number): number {
  let longest = 0;
  let run = 0;
  for (let i = Math.max(1, from); i < to; i++) {
    run = Math.abs(x[i]! - x[i - 1]!) < step ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * How long after `edit` a cut in level is heard, in ms: the start of the first 5 ms window from
 * which the level stays under a tenth of the level in the 200 ms before the edit (for 100 ms);
 * -1 if it never does.
 */
export function heardAfter(x: Float32Array, edit: number, sampleRate: number): number {
  const win = Math.round(0.005 * sampleRate);
  const ref = levels(x, edit - Math.round(0.2 * sampleRate), edit).rms;
  const rms = windowRms(x, win, edit, x.length);
  const quiet = rms.findIndex((_, i) => rms.slice(i, i + 20).every((v) => v < 0.1 * ref));
  return quiet < 0 ? -1 : (1000 * quiet * win) / sampleRate;
}
