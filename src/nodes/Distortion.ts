/**
 * Distortion: a tanh waveshaper after a drive gain (anti-aliased: src/dsp/effects/waveshaper.ts),
 * then a one-pole tone filter. The wet signal never exceeds the output level (the shaper stays
 * within ±1 and a one-pole lowpass averages), so even 48 dB of drive stays bounded.
 */
import { fromDb } from "../dsp/effects/envelope";
import { TanhAntialiased } from "../dsp/effects/waveshaper";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { FrameRamp, PerChannel, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT, mixParam } from "./effects/params";

export interface DistortionParams extends Params {
  readonly drive: number;
  readonly tone: number;
  readonly level: number;
  readonly mix: number;
}

const DRIVE: NumberParam = {
  name: "drive",
  kind: "number",
  default: 18,
  min: 0,
  max: 48,
  step: 0.1,
  unit: "dB",
  modulatable: true,
  description: "gain into the waveshaper: 0 dB barely bends a quiet sound, 48 dB squares it",
};
const TONE: NumberParam = {
  name: "tone",
  kind: "number",
  default: 5000,
  // 20 Hz–20 kHz: three decades, so the slider is logarithmic like a filter's cutoff.
  min: 20,
  max: 20000,
  step: 1,
  unit: "Hz",
  modulatable: true,
  description: "cutoff of the lowpass after the waveshaper: lower is darker",
};
const LEVEL: NumberParam = {
  name: "level",
  kind: "number",
  default: -6,
  min: -40,
  max: 0,
  step: 0.1,
  unit: "dB",
  modulatable: true,
  description: "output level of the distorted sound, its ceiling",
};
const MIX = mixParam(1);

export const DistortionNode = defineNode<DistortionParams>({
  type: "Distortion",
  category: "effect",
  retunable: true,
  description: "Overdrives the sound through a tanh waveshaper with a tone control, bounded.",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [DRIVE, TONE, LEVEL, MIX],
  create(_p, env) {
    const { sampleRate } = env.clock;
    const stages = new PerChannel(() => ({ shaper: new TanhAntialiased(), y: 0 }));
    const mix = new FrameRamp();
    const level = new FrameRamp();
    let drive = 1;
    let a = 1;
    return {
      process(inputs, block) {
        const hop = block.clock.hopSamples;
        return processFrames(
          "Distortion",
          inputs,
          block,
          (i) => {
            drive = fromDb(readParam(block, DRIVE, i));
            a = 1 - Math.exp((-2 * Math.PI * readParam(block, TONE, i)) / sampleRate);
            level.next(fromDb(readParam(block, LEVEL, i)));
            mix.next(readParam(block, MIX, i));
          },
          (c, x, k) => {
            const s = stages.get(c);
            s.y += a * (s.shaper.process(drive * x) - s.y);
            const m = mix.at(k, hop);
            return (1 - m) * x + m * level.at(k, hop) * s.y;
          },
        );
      },
    };
  },
});
