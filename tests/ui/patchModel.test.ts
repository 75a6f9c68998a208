import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { freshNodeId, PatchModel } from "../../src/ui/model/patchModel";
import { at, empty, example } from "./helpers";

const chain = () => {
  const model = new PatchModel(nodeRegistry, empty);
  const src = model.addNode("AudioIn", [0, 0]);
  const enc = model.addNode("Encode", [200, 0]);
  const dec = model.addNode("Decode", [400, 0]);
  const out = model.addNode("AudioOut", [600, 0]);
  return { model, src, enc, dec, out };
};

describe("PatchModel", () => {
  it("builds a patch that parsePatch accepts", () => {
    const { model, src, enc, dec, out } = chain();
    expect(model.connect(at(src, "audio"), at(enc, "audio"))).toEqual({ ok: true });
    expect(model.connect(at(enc, "latent"), at(dec, "latent"))).toEqual({ ok: true });
    expect(model.connect(at(dec, "audio"), at(out, "audio"))).toEqual({ ok: true });
    expect(model.setParam(src, "frequency", 440)).toEqual({ ok: true });
    model.move(new Map([[enc, [210, 20] as const]]));
    const text = serializePatch(model.toPatch());
    const back = parsePatch(text, nodeRegistry);
    expect(back).toEqual(model.toPatch());
    expect(back.nodes.find((n) => n.id === enc)?.position).toEqual([210, 20]);
    expect(back.nodes.find((n) => n.id === src)?.params).toEqual({ frequency: 440 });
  });

  it("names new nodes after their type, never reusing a taken id", () => {
    expect(freshNodeId("FiLMRRotate", new Set(["filmrrotate1"]))).toBe("filmrrotate2");
    const { model } = chain();
    expect(model.patch.nodes.map((n) => n.id)).toEqual([
      "audioin1",
      "encode1",
      "decode1",
      "audioout1",
    ]);
  });

  it("removes nodes together with their cables", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    model.removeNodes(["amount"]);
    expect(model.node("amount")).toBeUndefined();
    expect(
      model.patch.connections.some(
        (c) => c.from.startsWith("amount.") || c.to.startsWith("amount."),
      ),
    ).toBe(false);
    expect(model.patch.connections).toHaveLength(10);
  });

  it("refuses a parameter value outside its range, leaving the patch unchanged", () => {
    const { model, src } = chain();
    const before = model.patch;
    const outcome = model.setParam(src, "amplitude", 3);
    expect(outcome).toEqual({
      ok: false,
      message: `${src}.params.amplitude: expected a number in [0, 1], got 3`,
    });
    expect(model.patch).toBe(before);
  });

  it("lets cross-parameter rules pass so the node can show them", () => {
    const { model, src } = chain();
    expect(model.setParam(src, "source", "asset")).toEqual({ ok: true });
  });

  it("disconnects a cable", () => {
    const { model, src, enc } = chain();
    model.connect(at(src, "audio"), at(enc, "audio"));
    model.disconnect(at(src, "audio"), at(enc, "audio"));
    expect(model.patch.connections).toEqual([]);
  });

  it("tells listeners about every change", () => {
    const { model, src } = chain();
    const seen: number[] = [];
    const off = model.subscribe((p) => seen.push(p.nodes.length));
    model.setParam(src, "frequency", 330);
    model.removeNodes([src]);
    off();
    model.undo();
    expect(seen).toEqual([4, 3]);
  });
});

describe("undo and redo", () => {
  it("cover adding, connecting, parameters, moving and removing", () => {
    const { model, src, enc } = chain();
    const states = [model.patch];
    model.connect(at(src, "audio"), at(enc, "audio"));
    states.push(model.patch);
    model.setParam(src, "frequency", 330);
    states.push(model.patch);
    model.move(new Map([[src, [5, 5] as const]]));
    states.push(model.patch);
    model.removeNodes([enc]);
    states.push(model.patch);
    for (let i = states.length - 2; i >= 0; i--) {
      model.undo();
      expect(model.patch).toBe(states[i]);
    }
    for (let i = 1; i < states.length; i++) {
      model.redo();
      expect(model.patch).toBe(states[i]);
    }
  });

  it("coalesce one slider drag into one step", () => {
    const { model, src } = chain();
    const before = model.patch;
    for (const f of [300, 310, 320, 330]) model.setParam(src, "frequency", f, "drag");
    model.endGesture();
    model.setParam(src, "frequency", 500, "drag");
    model.undo();
    expect(model.node(src)?.params.frequency).toBe(330);
    model.undo();
    expect(model.patch).toBe(before);
  });

  it("start over when a file is opened", () => {
    const { model } = chain();
    model.open(example("reconstruct"));
    expect(model.canUndo).toBe(false);
    expect(model.patch.name).toBe(example("reconstruct").name);
  });
});
