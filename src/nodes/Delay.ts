/**
 * Delay: echoes after a time in milliseconds or in beats of the transport (following the tempo
 * live), each echo `feedback` times the last. A changed time glides (50 ms), like tape.
 */
import { DelayLine } from "../dsp/effects/delayLine";
import { timeCoefficient } from "../dsp/effects/envelope";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { FrameRamp, PerChannel, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT, mixParam } from "./effects/params";
import { MIN_BPM } from "../engine/patch/schema";

export interface DelayParams extends Params {
  readonly sync: string;
  readonly time: number;
  readonly beats: number;
  readonly feedback: number;
  readonly mix: number;
}

const TIME: NumberParam = {
  name: "time",
  kind: "number",
  default: 250,
  min: 1,
  max: 4000,
  step: 1,
  unit: "ms",
  modulatable: true,
  description: "time to the first echo (sync = ms)",
};
const BEATS: NumberParam = {
  name: "beats",
  kind: "number",
  default: 0.5,
  min: 0.0625,
  max: 4,
  step: 0.0625,
  unit: "beats",
  modulatable: true,
  description: "time to the first echo in beats at the transport's tempo (sync = beats)",
};
const FEEDBACK: NumberParam = {
  name: "feedback",
  kind: "number",
  default: 0.4,
  min: 0,
  max: 0.95,
  step: 0.01,
  modulatable: true,
  description: "level of each echo relative to the one before (below 1, so echoes die away)",
};
const MIX = mixParam(0.35);
/** The longest delay: 4 beats at the slowest tempo, or 4 s, whichever is longer. */
const MAX_SECONDS = Math.max(TIME.max / 1000, (BEATS.max * 60) / MIN_BPM);
const GLIDE_MS = 50;

export const DelayNode = defineNode<DelayParams>({
  type: "Delay",
  category: "effect",
  retunable: true,
  description: "Echoes of the sound after a time in ms or beats, each quieter by the feedback.",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [
    {
      name: "sync",
      kind: "enum",
      default: "ms",
      options: ["ms", "beats"],
      description: "whether the time is in milliseconds or in beats (follows the tempo)",
    },
    TIME,
    BEATS,
    FEEDBACK,
    MIX,
  ],
  create(p, env) {
    const { sampleRate } = env.clock;
    const maxSamples = Math.ceil(MAX_SECONDS * sampleRate) + 2;
    const glide = timeCoefficient(GLIDE_MS, sampleRate);
    const lines = new PerChannel(() => ({ line: new DelayLine(maxSamples), delay: NaN }));
    const mix = new FrameRamp();
    let target = 0;
    let feedback = 0;
    return {
      process(inputs, block) {
        const hop = block.clock.hopSamples;
        return processFrames(
          "Delay",
          inputs,
          block,
          (i) => {
            const seconds =
              p.sync === "beats"
                ? (readParam(block, BEATS, i) * 60) / Math.max(block.bpm(i), MIN_BPM)
                : readParam(block, TIME, i) / 1000;
            target = Math.min(Math.max(seconds * sampleRate, 1), maxSamples);
            feedback = readParam(block, FEEDBACK, i);
            mix.next(readParam(block, MIX, i));
          },
          (c, x, k) => {
            const s = lines.get(c);
            s.delay = Number.isNaN(s.delay) ? target : glide * s.delay + (1 - glide) * target;
            const wet = s.line.read(s.delay);
            s.line.push(x + feedback * wet);
            const m = mix.at(k, hop);
            return (1 - m) * x + m * wet;
          },
        );
      },
    };
  },
});
