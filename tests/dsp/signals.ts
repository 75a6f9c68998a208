/** Deterministic test signals for the DSP tests. */

/** mulberry32 PRNG returning uniform numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `amplitude · sin(2π f t / sr)` of n samples. */
export function sine(freq: number, sampleRate: number, n: number, amplitude = 1): Float32Array {
  const x = new Float32Array(n);
  for (let t = 0; t < n; t++) x[t] = amplitude * Math.sin((2 * Math.PI * freq * t) / sampleRate);
  return x;
}

/** Uniform white noise in [-amplitude, amplitude). */
export function noise(n: number, seed: number, amplitude = 1): Float32Array {
  const rand = prng(seed);
  const x = new Float32Array(n);
  for (let t = 0; t < n; t++) x[t] = amplitude * (2 * rand() - 1);
  return x;
}

/**
 * A "real-ish" test signal: a 220 Hz tone with 8 harmonics and 5 Hz vibrato,
 * a 300 → 6000 Hz exponential chirp, and a 150 ms noise burst, at `sampleRate`.
 */
export function realisticSignal(sampleRate: number, seconds: number): Float32Array {
  const n = Math.round(sampleRate * seconds);
  const x = new Float32Array(n);
  const rand = prng(7);
  let phase = 0;
  const burstStart = Math.round(0.55 * n);
  const burstEnd = burstStart + Math.round(0.15 * sampleRate);
  for (let t = 0; t < n; t++) {
    const time = t / sampleRate;
    phase += (2 * Math.PI * 220 * (1 + 0.01 * Math.sin(2 * Math.PI * 5 * time))) / sampleRate;
    let v = 0;
    for (let h = 1; h <= 8; h++) v += (0.3 / h) * Math.sin(h * phase);
    const chirpRate = Math.log(6000 / 300) / seconds;
    const chirpPhase = ((2 * Math.PI * 300) / chirpRate) * (Math.exp(chirpRate * time) - 1);
    v += 0.15 * Math.sin(chirpPhase);
    if (t >= burstStart && t < burstEnd) v += 0.2 * (2 * rand() - 1);
    x[t] = v;
  }
  return x;
}
