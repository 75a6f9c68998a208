/**
 * A Freeverb-style reverberator (Jezar at Dreampoint, 2000): eight damped feedback combs in
 * parallel, then four allpasses in series (true allpasses, which keep energy). Unlike the original's "room size", each comb's
 * feedback is set from a decay time (RT60: the time for the sound to fall 60 dB), and each comb's
 * input is scaled by √(1 − g²)/√8 so the combs' impulse responses carry energy 1 between them
 * whatever the decay (their sum a few % more where echoes of two combs coincide).
 */

/** Comb and allpass lengths of the original at 44.1 kHz, scaled to the sample rate. */
const COMBS_44K = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASSES_44K = [556, 441, 341, 225];
const ALLPASS_FEEDBACK = 0.5;

class Comb {
  private readonly buffer: Float64Array;
  private index = 0;
  private store = 0;
  feedback = 0;
  inputGain = 0;
  damping = 0;

  constructor(readonly length: number) {
    this.buffer = new Float64Array(length);
  }

  process(x: number): number {
    const out = this.buffer[this.index]!;
    this.store = out * (1 - this.damping) + this.store * this.damping;
    this.buffer[this.index] = x * this.inputGain + this.store * this.feedback;
    this.index = this.index + 1 === this.length ? 0 : this.index + 1;
    return out;
  }
}

class Allpass {
  private readonly buffer: Float64Array;
  private index = 0;

  constructor(readonly length: number) {
    this.buffer = new Float64Array(length);
  }

  /**
   * A true Schroeder allpass, (z⁻ᴹ − g)/(1 − g·z⁻ᴹ), where Freeverb's own approximation has a
   * gain of up to 1.5 per stage: this one keeps the energy, so the reverb's bound holds.
   */
  process(x: number): number {
    const delayed = this.buffer[this.index]!;
    const v = x + delayed * ALLPASS_FEEDBACK;
    this.buffer[this.index] = v;
    this.index = this.index + 1 === this.length ? 0 : this.index + 1;
    return delayed - ALLPASS_FEEDBACK * v;
  }
}

/** One channel of reverb; `spread` lengthens every delay (Freeverb uses 23 for the right). */
export class Freeverb {
  private readonly combs: Comb[];
  private readonly allpasses: Allpass[];
  private decay = NaN;
  private damping = NaN;

  constructor(
    private readonly sampleRate: number,
    spread = 0,
  ) {
    const scale = sampleRate / 44100;
    this.combs = COMBS_44K.map((n) => new Comb(Math.max(1, Math.round((n + spread) * scale))));
    this.allpasses = ALLPASSES_44K.map(
      (n) => new Allpass(Math.max(1, Math.round((n + spread) * scale))),
    );
  }

  /**
   * Sets the decay time in seconds (RT60 of the undamped combs) and the damping in [0, 1] (how
   * much faster highs die than lows). Cheap when nothing changed.
   */
  set(decaySeconds: number, damping: number): void {
    if (decaySeconds === this.decay && damping === this.damping) return;
    this.decay = decaySeconds;
    this.damping = damping;
    for (const c of this.combs) {
      c.feedback = 10 ** (-3 * (c.length / this.sampleRate / Math.max(decaySeconds, 1e-3)));
      c.inputGain = Math.sqrt((1 - c.feedback ** 2) / this.combs.length);
      c.damping = Math.min(Math.max(damping, 0), 0.99);
    }
  }

  /** The wet signal for one input sample. */
  process(x: number): number {
    let sum = 0;
    for (const c of this.combs) sum += c.process(x);
    for (const a of this.allpasses) sum = a.process(sum);
    return sum;
  }
}
