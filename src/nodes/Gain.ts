/** Gain: a level change in dB, glided across each frame so a modulated gain does not step. */
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { fromDb } from "../dsp/effects/envelope";
import { FrameRamp, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT } from "./effects/params";

export interface GainParams extends Params {
  readonly gain: number;
}

const GAIN: NumberParam = {
  name: "gain",
  kind: "number",
  default: 0,
  min: -60,
  max: 24,
  step: 0.1,
  unit: "dB",
  modulatable: true,
  description: "level change; 0 dB leaves the sound as it is, −60 dB all but silences it",
};

export const GainNode = defineNode<GainParams>({
  type: "Gain",
  category: "effect",
  retunable: true,
  description: "Changes the level of a sound by a gain in dB, which a curve can drive.",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [GAIN],
  create() {
    const gain = new FrameRamp();
    return {
      process(inputs, block) {
        const hop = block.clock.hopSamples;
        return processFrames(
          "Gain",
          inputs,
          block,
          (i) => gain.next(fromDb(readParam(block, GAIN, i))),
          (_c, x, k) => x * gain.at(k, hop),
        );
      },
    };
  },
});
