/**
 * Steps: a step sequencer on the transport's beat, one value per latent frame. Step k holds
 * `values[k mod n]` for `stepBeats` beats; with `glide` > 0 the last `glide` fraction of each
 * step slides linearly to the next step's value, so the curve reaches it exactly where the next
 * step starts. The value is a function of the beat alone, so any block size gives the same curve
 * and a tempo change while playing goes on from the same place in the sequence.
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";

export interface StepsParams extends Params {
  readonly values: readonly number[];
  readonly stepBeats: number;
  readonly glide: number;
}

/** The sequence's value at `beat`. */
export function stepValue(
  values: readonly number[],
  stepBeats: number,
  glide: number,
  beat: number,
): number {
  const n = values.length;
  if (n === 0) return 0;
  const steps = beat / stepBeats;
  const k = Math.floor(steps);
  const at = values[((k % n) + n) % n]!;
  const into = steps - k;
  if (glide <= 0 || into < 1 - glide) return at;
  const next = values[(((k + 1) % n) + n) % n]!;
  return at + (next - at) * ((into - (1 - glide)) / glide);
}

function validate(p: StepsParams): string | undefined {
  return p.values.length === 0 ? "values needs at least one step" : undefined;
}

export const StepsNode = defineNode<StepsParams>({
  type: "Steps",
  category: "source",
  description: "A step sequence of values on the beat, with optional glide, as a curve.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "The current step's value, per frame." }],
  followsTempo: true,
  params: [
    {
      name: "values",
      kind: "numbers",
      default: [0, 1, 0.5, 1],
      maxLength: 256,
      min: -1000,
      max: 1000,
      description: "One value per step, played in order and repeated.",
    },
    {
      name: "stepBeats",
      kind: "number",
      default: 1,
      min: 1 / 64,
      max: 64,
      step: 0.25,
      unit: "beats",
      description: "Length of one step in beats (0.25: sixteenths in 4/4).",
    },
    {
      name: "glide",
      kind: "number",
      default: 0,
      min: 0,
      max: 1,
      step: 0.01,
      description: "Fraction of each step spent sliding to the next value (0: hard steps).",
    },
  ],
  validate,
  create(params) {
    const problem = validate(params);
    if (problem) throw new Error(`Steps: ${problem}`);
    const { values, stepBeats, glide } = params;
    return {
      process(_inputs, block) {
        const out = new Float32Array(block.frames);
        for (let i = 0; i < block.frames; i++)
          out[i] = stepValue(values, stepBeats, glide, block.beat(i));
        return { out: curve(out, block.clock.frameRate) };
      },
    };
  },
});
