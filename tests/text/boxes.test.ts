/** The control boxes in the text form: written from their definitions, read back the same. */
import { expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { patchToText } from "../../src/text/toText";
import { textToPatch } from "../../src/text/toPatch";

const TEXT = `name "boxes"
src  = AudioIn
enc  = Encode src
msg  = Message value=[-30 -12] sent=[-30 -12] stepBeats=0.5
num  = Number min=-40 max=0 step=1 value=msg
tg   = Toggle on=true onValue=-12
bang = Bang at=2.5 length=0.5
rot  = FiLMRRotate enc angle=number(45, -180..180, 1)
dec  = Decode rot
out  = AudioOut dec gain=num
`;

it("writes and reads Number, Message, Toggle and Bang, a Number as a knob's shorthand too", () => {
  const patch = textToPatch(TEXT, nodeRegistry);
  const params = (id: string) => patch.nodes.find((n) => n.id === id)?.params;
  expect(params("msg")).toEqual({ value: [-30, -12], sent: [-30, -12], stepBeats: 0.5 });
  expect(params("tg")).toEqual({ on: true, onValue: -12 });
  expect(params("bang")).toEqual({ at: 2.5, length: 0.5 });
  expect(params("rot_angle")).toEqual({ value: 45, min: -180, max: 180, step: 1 });
  expect(patch.connections).toContainEqual({ from: "msg.out", to: "num.value" });
  expect(patch.connections).toContainEqual({ from: "num.out", to: "out.gain" });
  const text = patchToText(patch, nodeRegistry);
  expect(text).toContain("angle=number(45, -180..180, 1)");
  expect(textToPatch(text, nodeRegistry)).toEqual(patch);
});

it("refuses a Number whose min is not below its max, at its line", () => {
  expect(() => textToPatch("n = Number min=2 max=1\n", nodeRegistry)).toThrow(
    /line 1.*min \(2\) must be below max \(1\)/,
  );
});
