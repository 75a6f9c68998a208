/**
 * The last stage before the speakers, in the output worklet: NaN and ±Inf become silence, a DC
 * blocker removes offsets a latent manipulation can introduce, and a hard ceiling holds every
 * sample within −1 dBFS. (AudioOut already limits smoothly at −1 dBFS; this is the guard that
 * holds whatever reaches the worklet.) Written by hand: a one-pole filter and a clamp. Allocates
 * only in the constructor.
 */

/** −1 dBFS. */
export const CEILING = 10 ** (-1 / 20);
/** DC blocker corner frequency. */
const DC_CUTOFF_HZ = 10;

export class SafetyStage {
  /** Pole of the DC blocker y[n] = x[n] − x[n−1] + r·y[n−1], from the sample rate. */
  readonly pole: number;
  private readonly lastIn: Float64Array;
  private readonly lastOut: Float64Array;

  constructor(sampleRate: number, channels: number) {
    this.pole = Math.exp((-2 * Math.PI * DC_CUTOFF_HZ) / sampleRate);
    this.lastIn = new Float64Array(channels);
    this.lastOut = new Float64Array(channels);
  }

  /**
   * Processes `n` samples of channel `ch` in place; returns how many were not finite (and were
   * replaced by silence).
   */
  process(samples: Float32Array, ch: number, n: number): number {
    let bad = 0;
    let x1 = this.lastIn[ch] ?? 0;
    let y1 = this.lastOut[ch] ?? 0;
    const r = this.pole;
    for (let i = 0; i < n; i++) {
      let x = samples[i]!;
      if (!Number.isFinite(x)) {
        x = 0;
        bad++;
      }
      // Past full scale is not audio: clamping first keeps the filter's state bounded, so a wild
      // value cannot hold the output at the ceiling while the state decays.
      x = x > 1 ? 1 : x < -1 ? -1 : x;
      const y = x - x1 + r * y1;
      x1 = x;
      y1 = y;
      samples[i] = y > CEILING ? CEILING : y < -CEILING ? -CEILING : y;
    }
    this.lastIn[ch] = x1;
    this.lastOut[ch] = y1;
    return bad;
  }
}
