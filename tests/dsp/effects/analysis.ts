/** Measurements for the effect tests: impulse responses, decay times, peak frequencies. */
import { Freeverb } from "../../../src/dsp/effects/freeverb";

const SR = 44100;

/** The impulse response at 44.1 kHz of a reverb set to `decay` s and `damping`, `seconds` long. */
export function impulseResponse(decay: number, damping: number, seconds: number): Float64Array {
  const r = new Freeverb(SR);
  r.set(decay, damping);
  const h = new Float64Array(Math.round(seconds * SR));
  for (let i = 0; i < h.length; i++) h[i] = r.process(i === 0 ? 1 : 0);
  return h;
}

/**
 * Decay time from the Schroeder backward integral: the time between −5 and −25 dB, times 3
 * (T20, extrapolated to 60 dB).
 */
export function schroederT20(h: ArrayLike<number>, sampleRate: number): number {
  const tail = new Float64Array(h.length);
  let sum = 0;
  for (let i = h.length - 1; i >= 0; i--) tail[i] = sum += h[i]! ** 2;
  const at = (db: number) => tail.findIndex((e) => 10 * Math.log10(e / tail[0]!) < db);
  return (3 * (at(-25) - at(-5))) / sampleRate;
}

/** The loudest frequency of `x` between `lo` and `hi` Hz, scanned in 0.1 % steps (Goertzel). */
export function peakFrequency(x: ArrayLike<number>, sampleRate: number, lo: number, hi: number) {
  let best = lo;
  let bestPower = -1;
  for (let f = lo; f <= hi; f *= 1.001) {
    const w = (2 * Math.PI * f) / sampleRate;
    let [re, im] = [0, 0];
    for (let i = 0; i < x.length; i++) {
      re += x[i]! * Math.cos(w * i);
      im -= x[i]! * Math.sin(w * i);
    }
    if (re * re + im * im > bestPower) [best, bestPower] = [f, re * re + im * im];
  }
  return best;
}
