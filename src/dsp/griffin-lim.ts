import { RtpghiPhase } from "./phase-gradient";
import { istft, stftComplex, validateStftConfig, type ComplexFrame, type StftConfig } from "./stft";

/** Σ w² floor (relative) for the sparsely covered tail of Griffin–Lim estimates. */
const TAIL_FLOOR = 1e-3;

/**
 * Offline Griffin–Lim phase reconstruction (fast enough for quality bounds, not
 * for streaming): alternate between the signal whose causal STFT is closest to
 * the current complex frames (overlap-add) and replacing the magnitudes of its
 * STFT with `mags`. Starts from causal RTPGHI phases (default) or zero phase.
 * Returns `mags.length * hop` samples aligned with the analysed signal (no
 * latency).
 */
export function griffinLim(
  mags: readonly Float32Array[],
  cfg: StftConfig,
  iterations: number,
  initial: "rtpghi" | "zero" = "rtpghi",
): Float32Array {
  validateStftConfig(cfg);
  const bins = cfg.fftSize / 2 + 1;
  const rtpghi = initial === "rtpghi" ? new RtpghiPhase(cfg) : null;
  let frames: ComplexFrame[] = mags.map((mag, f) => {
    if (mag.length !== bins) {
      throw new RangeError(`griffinLim: frame ${f} has ${mag.length} bins, expected ${bins}`);
    }
    const phase = rtpghi?.next(mag);
    const re = new Float64Array(bins);
    const im = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      const p = phase?.[k] ?? 0;
      re[k] = (mag[k] ?? 0) * Math.cos(p);
      im[k] = (mag[k] ?? 0) * Math.sin(p);
    }
    return { re, im };
  });
  let signal = istft(frames, cfg, TAIL_FLOOR);
  for (let it = 0; it < iterations; it++) {
    frames = stftComplex(signal, cfg);
    frames.forEach((frame, f) => {
      const mag = mags[f];
      for (let k = 0; k < bins; k++) {
        const r = frame.re[k] ?? 0;
        const i = frame.im[k] ?? 0;
        const a = Math.hypot(r, i);
        const target = mag?.[k] ?? 0;
        // A zero coefficient has no phase; give it phase 0.
        frame.re[k] = a > 0 ? (target * r) / a : target;
        frame.im[k] = a > 0 ? (target * i) / a : 0;
      }
    });
    signal = istft(frames, cfg, TAIL_FLOOR);
  }
  return signal;
}
