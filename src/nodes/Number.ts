/**
 * Number: a number box, as in Max and Pd. Its value is a parameter (dragged vertically or typed on
 * the card, saved in the patch, undoable) and it plays that value as a constant curve, so wired to
 * a modulatable knob it sets the knob, and a change while playing is streamed like any parameter
 * edit. A cable on its `value` port (a Message, an LFO) plays instead, limited to min…max: the
 * Max idiom message → number → knob.
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";

export interface NumberParams extends Params {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** The widest value any box holds or plays. */
export const BOX_LIMIT = 1e6;

/** `v` limited to [min, max]; a NaN (a broken curve upstream) plays `min`. */
export const clampTo = (v: number, min: number, max: number): number =>
  Number.isNaN(v) ? min : Math.min(max, Math.max(min, v));

function validate(p: NumberParams): string | undefined {
  return p.min < p.max ? undefined : `min (${p.min}) must be below max (${p.max})`;
}

export const NumberNode = defineNode<NumberParams>({
  type: "Number",
  category: "control",
  description: "A number box: drag or type a value; plays it as a curve for any knob.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "The value, limited to min…max." }],
  params: [
    {
      name: "value",
      kind: "number",
      default: 0,
      min: -BOX_LIMIT,
      max: BOX_LIMIT,
      modulatable: true,
      description:
        "The number played (drag it vertically, Shift: 10× finer; click to type). A cable here (a Message, an LFO) plays instead.",
    },
    {
      name: "min",
      kind: "number",
      default: 0,
      min: -BOX_LIMIT,
      max: BOX_LIMIT,
      step: 1,
      description: "The lowest value a drag, a typed number or the input reaches.",
    },
    {
      name: "max",
      kind: "number",
      default: 1,
      min: -BOX_LIMIT,
      max: BOX_LIMIT,
      step: 1,
      description: "The highest value a drag, a typed number or the input reaches.",
    },
    {
      name: "step",
      kind: "number",
      default: 0.01,
      min: 1e-6,
      max: 1000,
      step: 0.01,
      description: "How much one pixel of vertical drag changes the value.",
    },
  ],
  face: { kind: "number", param: "value" },
  validate,
  create(params) {
    const problem = validate(params);
    if (problem) throw new Error(`Number: ${problem}`);
    const { min, max } = params;
    return {
      process(_inputs, block) {
        const out = new Float32Array(block.frames);
        for (let i = 0; i < block.frames; i++) out[i] = clampTo(block.param("value", i), min, max);
        return { out: curve(out, block.clock.frameRate) };
      },
    };
  },
});
