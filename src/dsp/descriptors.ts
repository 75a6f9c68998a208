import { sharedFft } from "./fft";
import { hann } from "./window";

/**
 * Audio descriptors shared with the Python training recipe; each definition
 * below is the contract, so change both sides together.
 */

/**
 * Loudness of a frame in dBFS: `20·log10(max(rms, 1e-9))` with
 * `rms = sqrt(mean(x²))` over the raw (unwindowed) frame, clamped below at
 * -120 dB. An empty frame is -120.
 */
export function loudnessDb(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += (frame[i] ?? 0) ** 2;
  const rms = frame.length > 0 ? Math.sqrt(sum / frame.length) : 0;
  return Math.max(-120, 20 * Math.log10(Math.max(rms, 1e-9)));
}

/**
 * Spectral centroid in Hz of magnitudes `mag[k] = |X_k|`, k = 0..fftSize/2:
 * `Σ f_k |X_k| / Σ |X_k|` with `f_k = k · sampleRate / fftSize`; 0 when
 * `Σ |X_k| < 1e-9`.
 */
export function spectralCentroidHz(mag: Float32Array, sampleRate: number, fftSize: number): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < mag.length; k++) {
    const a = mag[k] ?? 0;
    num += ((k * sampleRate) / fftSize) * a;
    den += a;
  }
  return den < 1e-9 ? 0 : num / den;
}

/** Options of {@link f0Yin}. */
export interface YinOptions {
  /** Lowest f0 searched, Hz (default 40). */
  fmin?: number;
  /** Highest f0 searched, Hz (default 2000). */
  fmax?: number;
  /** Absolute threshold on the normalised difference (default 0.15). */
  threshold?: number;
}

/**
 * Fundamental frequency by YIN (de Cheveigné & Kawahara 2002), steps 1–5:
 * with lags τ ∈ [1, τmax], τmax = min(floor(sr / fmin), floor(N / 2)) and
 * W = N − τmax, the difference `d(τ) = Σ_{j<W} (x[j] − x[j+τ])²`, its
 * cumulative mean normalisation `d'(τ) = d(τ) · τ / Σ_{i=1..τ} d(i)` (1 when
 * the sum is 0), the first τ ≥ τmin = max(2, floor(sr / fmax)) with
 * `d'(τ) < threshold`, followed down to the local minimum, refined by
 * parabolic interpolation of d' around it; returns `sr / τ` in Hz, or 0 when no
 * lag dips under the threshold (unpitched or silent frames).
 */
export function f0Yin(frame: Float32Array, sampleRate: number, opts: YinOptions = {}): number {
  const fmin = opts.fmin ?? 40;
  const fmax = opts.fmax ?? 2000;
  const threshold = opts.threshold ?? 0.15;
  const n = frame.length;
  const tauMax = Math.min(Math.floor(sampleRate / fmin), Math.floor(n / 2));
  const tauMin = Math.max(2, Math.floor(sampleRate / fmax));
  if (tauMax < tauMin + 1) return 0;
  const w = n - tauMax;
  const cmnd = new Float64Array(tauMax + 2);
  cmnd[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= tauMax; tau++) {
    let d = 0;
    for (let j = 0; j < w; j++) {
      const diff = (frame[j] ?? 0) - (frame[j + tau] ?? 0);
      d += diff * diff;
    }
    running += d;
    cmnd[tau] = running > 0 ? (d * tau) / running : 1;
  }
  cmnd[tauMax + 1] = cmnd[tauMax] ?? 1;
  for (let tau = tauMin; tau <= tauMax; tau++) {
    if ((cmnd[tau] ?? 1) >= threshold) continue;
    while (tau + 1 <= tauMax && (cmnd[tau + 1] ?? 1) < (cmnd[tau] ?? 1)) tau++;
    const a = cmnd[tau - 1] ?? 1;
    const b = cmnd[tau] ?? 1;
    const c = cmnd[tau + 1] ?? 1;
    const denom = a - 2 * b + c;
    const shift = denom > 0 ? Math.max(-1, Math.min(1, (0.5 * (a - c)) / denom)) : 0;
    return sampleRate / (tau + shift);
  }
  return 0;
}

/** Descriptor curves, one value per hop. */
export interface DescriptorTrack {
  loudness: Float32Array;
  centroid: Float32Array;
  f0: Float32Array;
}

/**
 * Loudness (dBFS), spectral centroid (Hz) and f0 (Hz, 0 if unpitched) per hop:
 * `floor(L / hop)` values, value i computed on the causal frame of samples
 * `[(i+1)·hop − frameSize, (i+1)·hop)` (zeros before sample 0), like the STFT.
 * Loudness and f0 use the raw frame; the centroid uses the magnitude spectrum
 * of the periodic-Hann-windowed frame (`frameSize` must be a power of two).
 */
export function descriptorTrack(
  signal: Float32Array,
  sampleRate: number,
  hop: number,
  frameSize: number,
): DescriptorTrack {
  if (!Number.isInteger(hop) || hop < 1) {
    throw new RangeError(`descriptorTrack: hop must be a positive integer, got ${hop}`);
  }
  const fft = sharedFft(frameSize);
  const window = hann(frameSize);
  const count = Math.floor(signal.length / hop);
  const track = {
    loudness: new Float32Array(count),
    centroid: new Float32Array(count),
    f0: new Float32Array(count),
  };
  const frame = new Float32Array(frameSize);
  const windowed = new Float64Array(frameSize);
  const re = new Float64Array(fft.bins);
  const im = new Float64Array(fft.bins);
  const mag = new Float32Array(fft.bins);
  for (let i = 0; i < count; i++) {
    const start = (i + 1) * hop - frameSize;
    for (let j = 0; j < frameSize; j++) {
      const t = start + j;
      frame[j] = t >= 0 ? (signal[t] ?? 0) : 0;
      windowed[j] = (frame[j] ?? 0) * (window[j] ?? 0);
    }
    fft.forward(windowed, re, im);
    for (let k = 0; k < fft.bins; k++) mag[k] = Math.hypot(re[k] ?? 0, im[k] ?? 0);
    track.loudness[i] = loudnessDb(frame);
    track.centroid[i] = spectralCentroidHz(mag, sampleRate, frameSize);
    track.f0[i] = f0Yin(frame, sampleRate);
  }
  return track;
}
