/**
 * Chorus: two copies of the sound read from a delay line whose time a sine LFO sweeps (opposite
 * phases), mixed with the input. In stereo the second channel's LFO is a quarter cycle ahead.
 */
import { DelayLine } from "../dsp/effects/delayLine";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { FrameRamp, PerChannel, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT, mixParam } from "./effects/params";

export interface ChorusParams extends Params {
  readonly rate: number;
  readonly depth: number;
  readonly delay: number;
  readonly mix: number;
}

const RATE: NumberParam = {
  name: "rate",
  kind: "number",
  default: 0.8,
  min: 0.05,
  max: 10,
  step: 0.01,
  unit: "Hz",
  modulatable: true,
  description: "speed of the delay sweep",
};
const DEPTH: NumberParam = {
  name: "depth",
  kind: "number",
  default: 3,
  min: 0,
  max: 10,
  step: 0.1,
  unit: "ms",
  modulatable: true,
  description: "how far the delay sweeps above its base (the pitch wobble)",
};
const DELAY: NumberParam = {
  name: "delay",
  kind: "number",
  default: 12,
  min: 1,
  max: 30,
  step: 0.1,
  unit: "ms",
  modulatable: true,
  description: "base delay of the copies",
};
const MIX = mixParam(0.5);
const VOICES = [0, 0.5];

export const ChorusNode = defineNode<ChorusParams>({
  type: "Chorus",
  category: "effect",
  retunable: true,
  description: "Thickens the sound with two copies whose delay an LFO sweeps (rate, depth, mix).",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [RATE, DEPTH, DELAY, MIX],
  create(_p, env) {
    const { sampleRate } = env.clock;
    const maxSamples = Math.ceil(((DELAY.max + DEPTH.max) / 1000) * sampleRate) + 2;
    const states = new PerChannel((c) => ({
      line: new DelayLine(maxSamples),
      phase: c % 2 === 1 ? 0.25 : 0,
    }));
    const mix = new FrameRamp();
    let step = 0;
    let depth = 0;
    let base = 0;
    return {
      process(inputs, block) {
        const hop = block.clock.hopSamples;
        return processFrames(
          "Chorus",
          inputs,
          block,
          (i) => {
            step = readParam(block, RATE, i) / sampleRate;
            depth = (readParam(block, DEPTH, i) / 1000) * sampleRate;
            base = (readParam(block, DELAY, i) / 1000) * sampleRate;
            mix.next(readParam(block, MIX, i));
          },
          (c, x, k) => {
            const s = states.get(c);
            let wet = 0;
            for (const offset of VOICES) {
              const lfo = 0.5 + 0.5 * Math.sin(2 * Math.PI * (s.phase + offset));
              wet += s.line.read(base + depth * lfo);
            }
            s.line.push(x);
            s.phase = (s.phase + step) % 1;
            const m = mix.at(k, hop);
            return (1 - m) * x + (m * wet) / VOICES.length;
          },
        );
      },
    };
  },
});
