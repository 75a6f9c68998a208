/** The definition Lowpass and Highpass share: one RBJ biquad per channel, set once per frame. */
import { Biquad, type BiquadCoefficients } from "../../dsp/effects/biquad";
import {
  defineNode,
  type NodeDefinition,
  type NumberParam,
  type Params,
} from "../../engine/nodeDefinition";
import { PerChannel, processFrames, readParam } from "./audioEffect";
import { AUDIO_IN, AUDIO_OUT } from "./params";

export interface FilterParams extends Params {
  readonly cutoff: number;
  readonly q: number;
}

type Design = (frequency: number, q: number, sampleRate: number) => BiquadCoefficients;

/** A second-order filter node of `type`, designed by `design`, with a cutoff defaulting to `cutoff`. */
export function filterNode(
  type: string,
  description: string,
  design: Design,
  cutoff: number,
): NodeDefinition<FilterParams> {
  const CUTOFF: NumberParam = {
    name: "cutoff",
    kind: "number",
    default: cutoff,
    min: 20,
    max: 20000,
    step: 1,
    unit: "Hz",
    modulatable: true,
    description: "cutoff frequency: −3 dB there at q = 0.707 (kept below 0.49 × the sample rate)",
  };
  const Q: NumberParam = {
    name: "q",
    kind: "number",
    default: Math.SQRT1_2,
    min: 0.1,
    max: 20,
    step: 0.01,
    modulatable: true,
    description: "resonance: 0.707 is flat (Butterworth), higher values peak at the cutoff",
  };
  return defineNode<FilterParams>({
    type,
    category: "effect",
    retunable: true,
    description,
    inputs: [AUDIO_IN],
    outputs: [AUDIO_OUT],
    params: [CUTOFF, Q],
    create(_p, env) {
      const { sampleRate } = env.clock;
      let coefficients = design(cutoff, Math.SQRT1_2, sampleRate);
      const filters = new PerChannel(() => new Biquad(coefficients));
      return {
        process(inputs, block) {
          return processFrames(
            type,
            inputs,
            block,
            (i) => {
              coefficients = design(
                readParam(block, CUTOFF, i),
                readParam(block, Q, i),
                sampleRate,
              );
            },
            (c, x) => {
              const f = filters.get(c);
              f.coefficients = coefficients;
              return f.process(x);
            },
          );
        },
      };
    },
  });
}
