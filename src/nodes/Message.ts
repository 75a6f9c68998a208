/**
 * Message: a message box, as in Max and Pd. It shows its `value` (a number, or a list of numbers);
 * a click on the card sends it, which copies it into `sent` — a parameter edit like any other, so
 * it is saved, undoable and streamed to a playing patch. The node plays what was sent, held:
 * nothing sent yet plays 0, one number is held as it is, and a list plays as steps on the beat,
 * one number per `stepBeats`, repeated (as a Steps node would; the same whatever the block size,
 * offline and live). Wire it into a knob, or into a Number's `value` (message → number → knob).
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";
import { BOX_LIMIT } from "./Number";
import { stepValue } from "./Steps";

export interface MessageParams extends Params {
  readonly value: readonly number[];
  readonly sent: readonly number[];
  readonly stepBeats: number;
}

/** The most numbers one message holds. */
export const MESSAGE_MAX_LENGTH = 256;

function validate(p: MessageParams): string | undefined {
  return p.value.length === 0 ? "value needs at least one number" : undefined;
}

export const MessageNode = defineNode<MessageParams>({
  type: "Message",
  category: "control",
  description: "A message box: a click sends its number (or list, as steps) and holds it.",
  inputs: [],
  outputs: [
    {
      name: "out",
      type: "curve",
      description: "What was last sent: 0 before the first click; a list steps on the beat.",
    },
  ],
  followsTempo: true,
  params: [
    {
      name: "value",
      kind: "numbers",
      default: [1],
      maxLength: MESSAGE_MAX_LENGTH,
      min: -BOX_LIMIT,
      max: BOX_LIMIT,
      description: "What a click sends: a number, or a list played as steps.",
    },
    {
      name: "sent",
      kind: "numbers",
      default: [],
      maxLength: MESSAGE_MAX_LENGTH,
      min: -BOX_LIMIT,
      max: BOX_LIMIT,
      description: "What the last click sent, which the node plays (empty: nothing yet, plays 0).",
    },
    {
      name: "stepBeats",
      kind: "number",
      default: 1,
      min: 1 / 64,
      max: 64,
      step: 0.25,
      unit: "beats",
      description: "A list: how long each of its numbers is held, in beats.",
    },
  ],
  face: { kind: "message", param: "value", sends: "sent" },
  validate,
  create(params) {
    const problem = validate(params);
    if (problem) throw new Error(`Message: ${problem}`);
    const { sent, stepBeats } = params;
    return {
      process(_inputs, block) {
        const out = new Float32Array(block.frames);
        if (sent.length === 1) out.fill(sent[0]!);
        else if (sent.length > 1)
          for (let i = 0; i < block.frames; i++)
            out[i] = stepValue(sent, stepBeats, 0, block.beat(i));
        return { out: curve(out, block.clock.frameRate) };
      },
    };
  },
});
