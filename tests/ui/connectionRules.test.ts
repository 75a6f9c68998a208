import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import { refuseConnection } from "../../src/ui/model/connectionRules";
import { inferTypes } from "../../src/ui/model/typeInference";
import { at, empty, example } from "./helpers";

describe("connection rules", () => {
  it("refuse a cable between incompatible types and say why", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const src = model.addNode("AudioIn", [0, 0]);
    const dec = model.addNode("Decode", [0, 0]);
    const outcome = model.connect(at(src, "audio"), at(dec, "latent"));
    expect(outcome).toEqual({
      ok: false,
      message: "Decode.latent accepts latent, but AudioIn.audio carries audio",
    });
    expect(model.patch.connections).toEqual([]);
  });

  it("refuse a second cable into one input", () => {
    const patch = example("effect-transfer");
    expect(refuseConnection(patch, nodeRegistry, at("dry", "audio"), at("encWet", "audio"))).toBe(
      "encWet.audio already takes a cable from wet.audio; an input takes one cable",
    );
  });

  it("a cable into an input that has one replaces it, in one undo step; an invalid one changes nothing", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    const before = model.patch.connections;
    expect(model.connect(at("dry", "audio"), at("encWet", "audio"))).toEqual({ ok: true });
    const into = model.patch.connections.filter((c) => c.to === "encWet.audio");
    expect(into).toEqual([{ from: "dry.audio", to: "encWet.audio" }]);
    expect(model.patch.connections).toHaveLength(before.length);
    model.undo();
    expect(model.patch.connections).toEqual(before);
    // the same cable again changes nothing; a wrong type is refused and keeps the old cable
    expect(model.connect(at("wet", "audio"), at("encWet", "audio"))).toEqual({ ok: true });
    expect(model.canRedo).toBe(true);
    expect(model.connect(at("encDry", "latent"), at("encWet", "audio")).ok).toBe(false);
    expect(model.patch.connections).toEqual(before);
  });

  it("refuse a loop", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const a = model.addNode("LatentScale", [0, 0]);
    const b = model.addNode("LatentScale", [0, 0]);
    expect(model.connect(at(a, "out"), at(b, "in")).ok).toBe(true);
    expect(model.connect(at(b, "out"), at(a, "in"))).toEqual({
      ok: false,
      message: `this cable would close a loop: ${a} → ${b} → ${a}`,
    });
    expect(model.connect(at(a, "out"), at(a, "in"))).toEqual({
      ok: false,
      message: "LatentScale cannot feed its own input",
    });
  });

  it("refuse latents of another model, with compileGraph's message", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const enc = model.addNode("Encode", [0, 0]);
    const dec = model.addNode("Decode", [0, 0]);
    model.setParam(enc, "model", "other-model");
    const outcome = model.connect(at(enc, "latent"), at(dec, "latent"));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain('carries latents of model "other-model"');
  });

  it("refuse unknown ports", () => {
    const patch = example("effect-transfer");
    expect(refuseConnection(patch, nodeRegistry, at("wet", "nope"), at("out", "audio"))).toBe(
      'AudioIn has no output "nope"',
    );
    expect(refuseConnection(patch, nodeRegistry, at("wet", "audio"), at("ghost", "in"))).toBe(
      'no node "ghost" to connect to',
    );
  });

  it("accept a modulatable parameter's port", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const curve = model.addNode("Curve", [0, 0]);
    const rot = model.addNode("FiLMRRotate", [0, 0]);
    expect(model.connect(at(curve, "out"), at(rot, "angle"))).toEqual({ ok: true });
  });
});

describe("type inference", () => {
  it("follows cables through outputs whose type depends on the inputs", () => {
    const types = inferTypes(example("effect-transfer"), nodeRegistry);
    expect(types.get("avgWet")?.outputs.out).toBe("vector");
    expect(types.get("effect")?.outputs.out).toBe("vector");
    expect(types.get("apply")?.outputs.out).toBe("latent");
    expect(types.get("decode")?.inputs.latent).toBe("latent");
  });
});
