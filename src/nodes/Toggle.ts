/**
 * Toggle: an on/off box, as in Max and Pd. A click on the card flips `on` (a parameter edit:
 * saved, undoable, streamed to a playing patch); the node plays `onValue` while on and 0 while off.
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";
import { BOX_LIMIT } from "./Number";

export interface ToggleParams extends Params {
  readonly on: boolean;
  readonly onValue: number;
}

export const ToggleNode = defineNode<ToggleParams>({
  type: "Toggle",
  category: "control",
  description: "An on/off box: a click flips it; plays onValue when on, 0 when off.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "onValue while on, 0 while off." }],
  params: [
    { name: "on", kind: "boolean", default: false, description: "Whether the toggle is on." },
    {
      name: "onValue",
      kind: "number",
      default: 1,
      min: -BOX_LIMIT,
      max: BOX_LIMIT,
      step: 0.01,
      description: "The value played while on.",
    },
  ],
  face: { kind: "toggle", param: "on" },
  create(params) {
    const value = params.on ? params.onValue : 0;
    return {
      process(_inputs, block) {
        return { out: curve(new Float32Array(block.frames).fill(value), block.clock.frameRate) };
      },
    };
  },
});
