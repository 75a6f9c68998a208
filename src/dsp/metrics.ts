import { stftMagnitudes } from "./stft";

/** Offset inside the logarithm of the log-magnitude term. */
const LOG_EPS = 1e-7;
/** ε added to the power spectra in the log-spectral distance. */
const POWER_EPS = 1e-10;

function commonPrefix(a: Float32Array, b: Float32Array): [Float32Array, Float32Array] {
  const n = Math.min(a.length, b.length);
  return [a.subarray(0, n), b.subarray(0, n)];
}

/** The parts of {@link multiResolutionStftDistance}; they add up to it. */
export interface StftDistanceTerms {
  /** Spectral convergence, averaged over the FFT sizes. */
  readonly sc: number;
  /**
   * Mean log-magnitude L1 over the bins whose reference magnitude is within `loudWithinDb` of
   * the reference's loudest bin at that FFT size (their sum over all bins, divided by the number
   * of all bins, so `logLoud + logQuiet` is the whole log term), averaged over the FFT sizes.
   */
  readonly logLoud: number;
  /** The same over the quieter bins. */
  readonly logQuiet: number;
}

/**
 * Multi-resolution STFT distance between two signals, compared over their
 * common length. For each FFT size N (hop N/4, periodic Hann, causal framing
 * of {@link stftMagnitudes}) it adds
 * - spectral convergence `‖|R|−|E|‖_F / ‖|R|‖_F` (the denominator floored at
 *   1e-12), and
 * - mean over frames and bins of `|log(|R|+1e-7) − log(|E|+1e-7)|`,
 * then averages over the sizes. 0 for identical signals; 0 when the common
 * length holds no frame.
 */
export function multiResolutionStftDistance(
  reference: Float32Array,
  estimate: Float32Array,
  fftSizes: readonly number[] = [512, 1024, 2048],
): number {
  const t = stftDistanceTerms(reference, estimate, fftSizes);
  return t.sc + t.logLoud + t.logQuiet;
}

/**
 * {@link multiResolutionStftDistance} split into its parts: spectral convergence, and the
 * log-magnitude term over loud and over quiet bins (see {@link StftDistanceTerms}).
 */
export function stftDistanceTerms(
  reference: Float32Array,
  estimate: Float32Array,
  fftSizes: readonly number[] = [512, 1024, 2048],
  loudWithinDb = 60,
): StftDistanceTerms {
  if (fftSizes.length === 0) throw new RangeError("multiResolutionStftDistance: no FFT sizes");
  const [ref, est] = commonPrefix(reference, estimate);
  const loudRatio = 10 ** (-loudWithinDb / 20);
  let sc = 0;
  let logLoud = 0;
  let logQuiet = 0;
  for (const fftSize of fftSizes) {
    const cfg = { fftSize, hop: fftSize / 4 };
    const r = stftMagnitudes(ref, cfg);
    const e = stftMagnitudes(est, cfg);
    let peak = 0;
    for (const f of r) for (const v of f) peak = Math.max(peak, v);
    const loudFrom = peak * loudRatio;
    let diff2 = 0;
    let ref2 = 0;
    let loud = 0;
    let quiet = 0;
    let count = 0;
    r.forEach((rf, f) => {
      const ef = e[f] ?? rf;
      for (let k = 0; k < rf.length; k++) {
        const a = rf[k] ?? 0;
        const b = ef[k] ?? 0;
        diff2 += (a - b) ** 2;
        ref2 += a * a;
        const l = Math.abs(Math.log(a + LOG_EPS) - Math.log(b + LOG_EPS));
        if (a > loudFrom) loud += l;
        else quiet += l;
        count++;
      }
    });
    if (count === 0) continue;
    sc += Math.sqrt(diff2) / Math.max(Math.sqrt(ref2), 1e-12);
    logLoud += loud / count;
    logQuiet += quiet / count;
  }
  const n = fftSizes.length;
  return { sc: sc / n, logLoud: logLoud / n, logQuiet: logQuiet / n };
}

/**
 * Log-spectral distance in dB, over the common length: with power spectra
 * `P = |X|²` of the causal STFT (size `fftSize`, hop fftSize/4, periodic Hann),
 * the mean over frames of
 * `sqrt(mean over bins of (10·log10(P_R + ε) − 10·log10(P_E + ε))²)`, ε = 1e-10.
 * 0 for identical signals and when the common length holds no frame.
 */
export function logSpectralDistanceDb(
  reference: Float32Array,
  estimate: Float32Array,
  fftSize = 2048,
): number {
  const [ref, est] = commonPrefix(reference, estimate);
  const cfg = { fftSize, hop: fftSize / 4 };
  const r = stftMagnitudes(ref, cfg);
  const e = stftMagnitudes(est, cfg);
  if (r.length === 0) return 0;
  let total = 0;
  r.forEach((rf, f) => {
    const ef = e[f] ?? rf;
    let sum = 0;
    for (let k = 0; k < rf.length; k++) {
      const d =
        10 * Math.log10((rf[k] ?? 0) ** 2 + POWER_EPS) -
        10 * Math.log10((ef[k] ?? 0) ** 2 + POWER_EPS);
      sum += d * d;
    }
    total += Math.sqrt(sum / rf.length);
  });
  return total / r.length;
}
