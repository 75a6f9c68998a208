/**
 * Bang: a button that sends a pulse, as in Max and Pd. A click on the card stamps `at` with the
 * beat where its pulse will be heard (a parameter edit: saved, undoable, streamed to a playing
 * patch); the node plays 1 from that beat for `length` beats and 0 everywhere else. Because the
 * pulse lives at a beat of the transport, a render of the saved patch plays it where it was heard.
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";
import { BOX_LIMIT } from "./Number";

export interface BangParams extends Params {
  readonly at: number;
  readonly length: number;
}

/** The value of a bang at `beat`: 1 inside [at, at + length), else 0; `at` < 0 never pulses. */
export function bangValue(at: number, length: number, beat: number): number {
  return at >= 0 && beat >= at && beat < at + length ? 1 : 0;
}

export const BangNode = defineNode<BangParams>({
  type: "Bang",
  category: "control",
  description: "A bang: a click sends a short pulse, 1 then back to 0, on the beat it is heard.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "1 during the pulse, else 0." }],
  followsTempo: true,
  params: [
    {
      name: "at",
      kind: "number",
      default: -1,
      min: -1,
      max: BOX_LIMIT,
      step: 0.01,
      unit: "beats",
      description: "The beat of the last click's pulse (−1: never clicked).",
    },
    {
      name: "length",
      kind: "number",
      default: 0.25,
      min: 1 / 64,
      max: 64,
      step: 1 / 64,
      unit: "beats",
      description: "How long the pulse lasts, in beats.",
    },
  ],
  face: { kind: "bang", param: "at" },
  create(params) {
    const { at, length } = params;
    return {
      process(_inputs, block) {
        const out = new Float32Array(block.frames);
        for (let i = 0; i < block.frames; i++) out[i] = bangValue(at, length, block.beat(i));
        return { out: curve(out, block.clock.frameRate) };
      },
    };
  },
});
