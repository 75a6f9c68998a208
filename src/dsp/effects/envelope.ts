/**
 * Time constants, smoothing and dynamics: the one-pole coefficient for a time constant, an
 * attack/release follower, and a compressor's static curve.
 */

/**
 * The one-pole coefficient `a` (y ← a·y + (1 − a)·x) that covers 1 − 1/e (63 %) of a step in
 * `ms` milliseconds; 0 (no smoothing) for a time of 0.
 */
export function timeCoefficient(ms: number, sampleRate: number): number {
  return ms > 0 ? Math.exp(-1000 / (ms * sampleRate)) : 0;
}

/**
 * A one-pole follower with separate time constants for rising (attack) and falling (release)
 * input, e.g. a gain reduction in dB.
 */
export class AttackRelease {
  /** The smoothed value. */
  value = 0;
  private attack = 0;
  private release = 0;

  /** Sets both time constants in milliseconds. */
  setTimes(attackMs: number, releaseMs: number, sampleRate: number): void {
    this.attack = timeCoefficient(attackMs, sampleRate);
    this.release = timeCoefficient(releaseMs, sampleRate);
  }

  /** Moves toward `x` (attack when it is above the value, release otherwise). */
  process(x: number): number {
    const a = x > this.value ? this.attack : this.release;
    this.value = a * this.value + (1 - a) * x;
    return this.value;
  }
}

/**
 * A compressor's static curve: the output level in dB for an input level in dB. Below the knee
 * it is the identity; above it the level rises 1/`ratio` dB per dB past `threshold`; inside a
 * soft knee `kneeDb` wide it blends quadratically (Giannoulis, Massberg & Reiss, 2012).
 */
export function compressorCurve(
  levelDb: number,
  thresholdDb: number,
  ratio: number,
  kneeDb: number,
): number {
  const over = levelDb - thresholdDb;
  const slope = 1 / ratio - 1;
  if (kneeDb > 0 && Math.abs(over) <= kneeDb / 2) {
    return levelDb + (slope * (over + kneeDb / 2) ** 2) / (2 * kneeDb);
  }
  return over > 0 ? thresholdDb + over / ratio : levelDb;
}

/** Amplitude → dB, with a floor of −200 dB for silence. */
export function toDb(amplitude: number): number {
  return amplitude > 1e-10 ? 20 * Math.log10(amplitude) : -200;
}

/** dB → amplitude. */
export function fromDb(db: number): number {
  return 10 ** (db / 20);
}
