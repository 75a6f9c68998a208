/**
 * Band-limited resampling by a Kaiser-windowed sinc kernel, hand-written because
 * `wave-resampler` 1.0 cannot serve here: it throws a RangeError whenever
 * `length × toRate / fromRate` is not an integer (it sizes a Float64Array with
 * it), overwrites its input when downsampling, and maps output sample i to input
 * position `i·(L−1)/L'` instead of `i·fromRate/toRate`.
 */

/** Zero crossings of the sinc on each side of the kernel centre. */
const ZERO_CROSSINGS = 32;
/** Kernel table resolution, entries per zero crossing (linearly interpolated). */
const TABLE_RESOLUTION = 512;
/** Kaiser β ≈ 0.1102 (A − 8.7) for about 90 dB stopband attenuation. */
const KAISER_BETA = 9;
/** Cutoff as a fraction of the lower Nyquist frequency, leaving room for the transition band. */
const ROLLOFF = 0.9;

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

let kernelTable: Float64Array | undefined;

/** sinc(u) · kaiser(u / ZERO_CROSSINGS) for u = i / TABLE_RESOLUTION, u ∈ [0, ZERO_CROSSINGS]. */
function kernel(): Float64Array {
  if (kernelTable) return kernelTable;
  const n = ZERO_CROSSINGS * TABLE_RESOLUTION;
  const table = new Float64Array(n + 2);
  const norm = besselI0(KAISER_BETA);
  for (let i = 0; i <= n; i++) {
    const u = i / TABLE_RESOLUTION;
    const r = u / ZERO_CROSSINGS;
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    table[i] = (sinc * besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r)))) / norm;
  }
  kernelTable = table;
  return table;
}

/** Throws a RangeError naming `label` unless `rate` is a positive, finite number of Hz. */
export function checkRate(fn: string, label: string, rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0)
    throw new RangeError(`${fn}: ${label} must be a positive number of Hz, got ${rate}`);
}

/** The interpolation kernel of one conversion, shared by {@link resample} and the streaming resampler. */
export interface ResamplingKernel {
  /** Input samples on each side of an output position that carry weight. */
  readonly halfWidth: number;
  /** Overall gain, 2·fc (fc: cutoff in cycles per input sample). */
  readonly gain: number;
  /** Weight of the input sample at distance `d` (input samples) from the output position. */
  weight(this: void, d: number): number;
}

/** The Kaiser-windowed sinc for `fromRate` → `toRate`, low-passed at 0.9 × the lower Nyquist. */
export function resamplingKernel(fromRate: number, toRate: number): ResamplingKernel {
  const table = kernel();
  // Cutoff in cycles per input sample; kernel(τ) = 2fc · sinc(2fc τ) · window.
  const fc = 0.5 * Math.min(1, toRate / fromRate) * ROLLOFF;
  const step = 2 * fc * TABLE_RESOLUTION;
  return {
    halfWidth: ZERO_CROSSINGS / (2 * fc),
    gain: 2 * fc,
    weight(d) {
      const pos = Math.abs(d) * step;
      const k = Math.floor(pos);
      const frac = pos - k;
      return (table[k] ?? 0) * (1 - frac) + (table[k + 1] ?? 0) * frac;
    },
  };
}

/**
 * Resamples `x` from `fromRate` to `toRate` (Hz). Output sample i is the
 * band-limited interpolation of x at input position `i · fromRate / toRate`,
 * low-passed at 0.9 × the lower of the two Nyquist frequencies (Kaiser-windowed
 * sinc, 32 zero crossings a side, β = 9, samples outside x are 0). Output
 * length is `round(x.length · toRate / fromRate)`; equal rates return a copy.
 */
export function resample(x: Float32Array, fromRate: number, toRate: number): Float32Array {
  checkRate("resample", "fromRate", fromRate);
  checkRate("resample", "toRate", toRate);
  if (fromRate === toRate) return x.slice();
  const outLength = Math.round((x.length * toRate) / fromRate);
  const rates = { fromRate, toRate, inputLength: x.length };
  return resampleRange(x, 0, resamplingKernel(fromRate, toRate), rates, 0, outLength);
}

/** A conversion and the length of the whole input, for {@link resampleRange}. */
export interface RangeRates {
  readonly fromRate: number;
  readonly toRate: number;
  readonly inputLength: number;
}

/**
 * The input samples [first, end) that output samples [start, start + count) of
 * {@link resample} read (within the input's length).
 */
export function inputSpan(
  kernel: ResamplingKernel,
  rates: RangeRates,
  start: number,
  count: number,
): { readonly first: number; readonly end: number } {
  const { fromRate, toRate, inputLength } = rates;
  const first = Math.max(0, Math.ceil((start * fromRate) / toRate - kernel.halfWidth));
  const last = Math.floor(((start + count - 1) * fromRate) / toRate + kernel.halfWidth);
  return { first, end: Math.max(first, Math.min(inputLength, last + 1)) };
}

/**
 * Output samples [start, start + count) of {@link resample} of an input known only in part:
 * `part` holds the input from index `partStart` on and must cover {@link inputSpan} of the
 * range. The same arithmetic in the same order, so the samples equal the whole conversion's.
 */
export function resampleRange(
  part: Float32Array,
  partStart: number,
  kernel: ResamplingKernel,
  rates: RangeRates,
  start: number,
  count: number,
): Float32Array {
  const { fromRate, toRate, inputLength } = rates;
  const { halfWidth, gain, weight } = kernel;
  const out = new Float32Array(Math.max(0, count));
  for (let k = 0; k < out.length; k++) {
    const t = ((start + k) * fromRate) / toRate;
    const first = Math.max(0, Math.ceil(t - halfWidth));
    const last = Math.min(inputLength - 1, Math.floor(t + halfWidth));
    let sum = 0;
    for (let j = first; j <= last; j++) sum += (part[j - partStart] ?? 0) * weight(t - j);
    out[k] = gain * sum;
  }
  return out;
}
