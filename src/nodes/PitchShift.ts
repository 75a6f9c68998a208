/**
 * PitchShift: moves every frequency by a number of semitones with a streaming delay-line shifter
 * (two crossfaded taps, src/dsp/effects/pitchShifter.ts). Longer windows blur transients less
 * often but smear them more; the sound comes out about half a window late.
 */
import { PitchShifter } from "../dsp/effects/pitchShifter";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { FrameRamp, PerChannel, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT, mixParam } from "./effects/params";

export interface PitchShiftParams extends Params {
  readonly semitones: number;
  readonly window: number;
  readonly mix: number;
}

const SEMITONES: NumberParam = {
  name: "semitones",
  kind: "number",
  default: 7,
  min: -24,
  max: 24,
  step: 0.01,
  unit: "st",
  modulatable: true,
  description: "pitch change: 12 is an octave up, −12 an octave down",
};
const WINDOW: NumberParam = {
  name: "window",
  kind: "number",
  default: 60,
  min: 10,
  max: 200,
  step: 1,
  unit: "ms",
  modulatable: true,
  description: "length of the crossfaded grains",
};
const MIX = mixParam(1);

export const PitchShiftNode = defineNode<PitchShiftParams>({
  type: "PitchShift",
  category: "effect",
  retunable: true,
  description: "Shifts the pitch by semitones, keeping the tempo (a streaming delay-line shifter).",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [SEMITONES, WINDOW, MIX],
  create(_p, env) {
    const { sampleRate } = env.clock;
    const maxWindow = Math.ceil((WINDOW.max / 1000) * sampleRate);
    const shifters = new PerChannel(() => new PitchShifter(maxWindow));
    const mix = new FrameRamp();
    let ratio = 1;
    let window = 0;
    return {
      process(inputs, block) {
        const hop = block.clock.hopSamples;
        return processFrames(
          "PitchShift",
          inputs,
          block,
          (i) => {
            ratio = 2 ** (readParam(block, SEMITONES, i) / 12);
            window = (readParam(block, WINDOW, i) / 1000) * sampleRate;
            mix.next(readParam(block, MIX, i));
          },
          (c, x, k) => {
            const m = mix.at(k, hop);
            return (1 - m) * x + m * shifters.get(c).process(x, ratio, window);
          },
        );
      },
    };
  },
});
