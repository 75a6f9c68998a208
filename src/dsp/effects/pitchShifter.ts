/**
 * A streaming pitch shifter: two read taps sweep through a delay line at the rate that scales
 * every frequency by `ratio`, half a window apart, each faded in and out (sin²) so the jump when
 * a tap wraps is silent ("rotating tape heads"). Latency: on average half a window.
 */
import { DelayLine } from "./delayLine";

export class PitchShifter {
  private readonly line: DelayLine;
  /** Position of the first tap in its window, in [0, 1). */
  private phase = 0;

  /** Windows up to `maxWindowSamples` long. */
  constructor(readonly maxWindowSamples: number) {
    this.line = new DelayLine(maxWindowSamples + 2);
  }

  /**
   * Shifts one sample by `ratio` (2 is an octave up) with a window of `windowSamples`. A tap's
   * delay D changes by 1 − ratio per sample, so y(t) = x(t − D(t)) runs `ratio` times as fast.
   */
  process(x: number, ratio: number, windowSamples: number): number {
    this.line.push(x);
    const w = Math.min(Math.max(windowSamples, 4), this.maxWindowSamples);
    this.phase -= (ratio - 1) / w;
    this.phase -= Math.floor(this.phase);
    const p2 = this.phase < 0.5 ? this.phase + 0.5 : this.phase - 0.5;
    const g1 = Math.sin(Math.PI * this.phase) ** 2;
    const g2 = 1 - g1;
    return g1 * this.line.read(1 + this.phase * w) + g2 * this.line.read(1 + p2 * w);
  }
}
