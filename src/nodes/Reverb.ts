/**
 * Reverb: a Freeverb-style network (src/dsp/effects/freeverb.ts) whose decay is set as an RT60
 * in seconds; its impulse response carries about the energy of its input (within 5 %). In stereo the second
 * channel's delays are 23 samples longer, as in Freeverb.
 */
import { Freeverb } from "../dsp/effects/freeverb";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { FrameRamp, PerChannel, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT, mixParam } from "./effects/params";

export interface ReverbParams extends Params {
  readonly decay: number;
  readonly damping: number;
  readonly mix: number;
}

const DECAY: NumberParam = {
  name: "decay",
  kind: "number",
  default: 2,
  min: 0.1,
  max: 20,
  step: 0.1,
  unit: "s",
  modulatable: true,
  description: "time for the tail to fall by 60 dB (RT60, at low frequencies)",
};
const DAMPING: NumberParam = {
  name: "damping",
  kind: "number",
  default: 0.3,
  min: 0,
  max: 1,
  step: 0.01,
  modulatable: true,
  description: "how much faster the highs die than the lows (0: as fast)",
};
const MIX = mixParam(0.3);

export const ReverbNode = defineNode<ReverbParams>({
  type: "Reverb",
  category: "effect",
  retunable: true,
  description: "Places the sound in a room whose tail lasts the decay time (Freeverb-style).",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [DECAY, DAMPING, MIX],
  create(_p, env) {
    const { sampleRate } = env.clock;
    const reverbs = new PerChannel((c) => new Freeverb(sampleRate, 23 * c));
    const mix = new FrameRamp();
    let decay = 1;
    let damping = 0;
    return {
      process(inputs, block) {
        const hop = block.clock.hopSamples;
        return processFrames(
          "Reverb",
          inputs,
          block,
          (i) => {
            decay = readParam(block, DECAY, i);
            damping = readParam(block, DAMPING, i);
            mix.next(readParam(block, MIX, i));
          },
          (c, x, k) => {
            const reverb = reverbs.get(c);
            if (k === 0) reverb.set(decay, damping);
            const m = mix.at(k, hop);
            return (1 - m) * x + m * reverb.process(x);
          },
        );
      },
    };
  },
});
