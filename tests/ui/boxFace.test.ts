/**
 * The control boxes' faces: their views generated from the definitions (which params the face
 * edits, whether a cable drives it), the arithmetic of a drag, a typed number and a message's
 * text, where a Bang clicked while playing pulses, and a face's edits as undoable param edits.
 */
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { faceParams, nodeView, type ViewContext } from "../../src/ui/model/nodeView";
import {
  BANG_MARGIN_MS,
  bangBeat,
  draggedValue,
  messageText,
  typedNumber,
} from "../../src/ui/model/boxFace";
import { PatchModel } from "../../src/ui/model/patchModel";
import { empty } from "./helpers";

const ctx: ViewContext = { assetIds: [], modelIds: [], defaultModelId: "m" };
const viewOf = (type: string, params = {}, wired: string[] = []) =>
  nodeView(nodeRegistry.get(type)!, { id: "b", type, params }, undefined, new Set(wired), ctx);

describe("box faces generated from definitions", () => {
  it("name the params each face edits; the card draws controls for the others", () => {
    expect(viewOf("Number").face?.spec).toEqual({ kind: "number", param: "value" });
    expect(faceParams(viewOf("Message").face?.spec)).toEqual(["sent"]);
    expect(faceParams(viewOf("Toggle").face?.spec)).toEqual(["on"]);
    expect(faceParams(viewOf("Bang").face?.spec)).toEqual(["at"]);
    expect(viewOf("Encode").face).toBeUndefined();
    expect(faceParams(undefined)).toEqual([]);
  });

  it("carry the node's params, and say when a cable drives a Number", () => {
    const face = viewOf("Number", { value: 3, max: 10 }).face!;
    expect(face.params).toMatchObject({ value: 3, min: 0, max: 10, step: 0.01 });
    expect(face.driven).toBe(false);
    expect(viewOf("Number", {}, ["value"]).face!.driven).toBe(true);
  });
});

describe("a Number's drag and typing", () => {
  it("moves by step per pixel (a tenth with Shift), within min…max, without float noise", () => {
    expect(draggedValue(0, 10, 1, false, -180, 180)).toBe(10);
    expect(draggedValue(0, -10, 1, true, -180, 180)).toBe(-1);
    expect(draggedValue(0.1, 2, 0.1, false, 0, 1)).toBe(0.3);
    expect(draggedValue(170, 50, 1, false, -180, 180)).toBe(180);
    expect(draggedValue(0, -5, 1, false, 0, 1)).toBe(0);
  });

  it("takes a typed number within min…max, and refuses text that is not one", () => {
    expect(typedNumber(" 45 ", -180, 180)).toEqual({ ok: true, value: 45 });
    expect(typedNumber("1e3", -180, 180)).toEqual({ ok: true, value: 180 });
    expect(typedNumber("fast", 0, 1)).toEqual({ ok: false, message: '"fast" is not a number' });
    expect(typedNumber("", 0, 1).ok).toBe(false);
    expect(typedNumber("NaN", 0, 1).ok).toBe(false);
  });
});

describe("a Message's text", () => {
  it("is its numbers separated by spaces, as in Max", () => {
    expect(messageText([1, 2.5, -3])).toBe("1 2.5 -3");
    expect(messageText([7])).toBe("7");
  });
});

describe("a Bang's beat", () => {
  it("is the start when stopped, and past what the engine has rendered when playing", () => {
    expect(bangBeat(undefined)).toBe(0);
    // 120 BPM: 2 beats a second; 140 ms ahead + the margin.
    const at = bangBeat({ beat: 8, bpm: 120, aheadMs: 140 });
    expect(at).toBeCloseTo(8 + ((140 + BANG_MARGIN_MS) / 1000) * 2, 3);
    expect(Number.isInteger(at * 1000)).toBe(true);
  });
});

describe("a face's edits", () => {
  it("are param edits: saved in the patch and undone one at a time", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const msg = model.addNode("Message", [0, 0]);
    const num = model.addNode("Number", [200, 0]);
    expect(model.connect({ node: msg, port: "out" }, { node: num, port: "value" }).ok).toBe(true);
    expect(model.setParam(msg, "value", [0.5]).ok).toBe(true);
    expect(model.setParam(msg, "sent", [0.5]).ok).toBe(true);
    const params = () => model.patch.nodes.find((n) => n.id === msg)!.params;
    expect(params()).toMatchObject({ value: [0.5], sent: [0.5] });
    model.undo();
    expect(params().sent ?? []).toEqual([]);
    const refused = model.setParam(msg, "value", [2e6]);
    expect(refused.ok).toBe(false);
    expect(params().value).toEqual([0.5]);
  });
});
