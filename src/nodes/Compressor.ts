/**
 * Compressor: a feed-forward compressor with the gain computed in dB (Giannoulis, Massberg &
 * Reiss, 2012): each sample's level goes through the static curve (threshold, ratio, soft knee),
 * and the gain reduction follows with the attack and release time constants (63 % of a step in
 * that time), then makeup gain. Each channel is compressed on its own.
 */
import { AttackRelease, compressorCurve, fromDb, toDb } from "../dsp/effects/envelope";
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import { PerChannel, processFrames, readParam } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT } from "./effects/params";

export interface CompressorParams extends Params {
  readonly threshold: number;
  readonly ratio: number;
  readonly attack: number;
  readonly release: number;
  readonly knee: number;
  readonly makeup: number;
}

const number = (
  name: string,
  def: number,
  min: number,
  max: number,
  unit: string | undefined,
  description: string,
): NumberParam => ({
  name,
  kind: "number",
  default: def,
  min,
  max,
  step: 0.1,
  ...(unit ? { unit } : {}),
  modulatable: true,
  description,
});

const THRESHOLD = number("threshold", -20, -60, 0, "dB", "level above which the gain comes down");
const RATIO = number("ratio", 4, 1, 20, undefined, "dB in per dB out above the threshold");
const ATTACK = number("attack", 10, 0.1, 200, "ms", "time for the gain to come down (63 %)");
const RELEASE = number("release", 100, 1, 2000, "ms", "time for the gain to come back (63 %)");
const KNEE = number("knee", 6, 0, 24, "dB", "width of the soft knee around the threshold");
const MAKEUP = number("makeup", 0, 0, 24, "dB", "gain after compression");

export const CompressorNode = defineNode<CompressorParams>({
  type: "Compressor",
  category: "effect",
  retunable: true,
  description: "Evens out the level: above the threshold, the level rises 1/ratio as fast.",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [THRESHOLD, RATIO, ATTACK, RELEASE, KNEE, MAKEUP],
  create(_p, env) {
    const { sampleRate } = env.clock;
    const reduction = new PerChannel(() => new AttackRelease());
    let threshold = 0;
    let ratio = 1;
    let knee = 0;
    let makeup = 0;
    let attack = 0;
    let release = 0;
    return {
      process(inputs, block) {
        return processFrames(
          "Compressor",
          inputs,
          block,
          (i) => {
            threshold = readParam(block, THRESHOLD, i);
            ratio = readParam(block, RATIO, i);
            knee = readParam(block, KNEE, i);
            makeup = readParam(block, MAKEUP, i);
            attack = readParam(block, ATTACK, i);
            release = readParam(block, RELEASE, i);
          },
          (c, x, k) => {
            const r = reduction.get(c);
            if (k === 0) r.setTimes(attack, release, sampleRate);
            const level = toDb(Math.abs(x));
            const smoothed = r.process(level - compressorCurve(level, threshold, ratio, knee));
            return x * fromDb(makeup - smoothed);
          },
        );
      },
    };
  },
});
