import { describe, expect, it } from "vitest";
import { compileGraph, downstreamOf } from "../../src/engine/graph";
import { nodeRegistry } from "../../src/nodes";
import { makePatch } from "../helpers/engine";

const compile = (p: ReturnType<typeof makePatch>) =>
  compileGraph(p, nodeRegistry, "spectral-fixture");

describe("compileGraph", () => {
  it("orders nodes so every node comes after what it reads", () => {
    const g = compile(
      makePatch(
        [
          ["out", "AudioOut"],
          ["dec", "Decode"],
          ["enc", "Encode"],
          ["in", "AudioIn", { source: "sine" }],
        ],
        [
          ["in.audio", "enc.audio"],
          ["enc.latent", "dec.latent"],
          ["dec.audio", "out.audio"],
        ],
      ),
    );
    expect(g.nodes.map((n) => n.id)).toEqual(["in", "enc", "dec", "out"]);
    expect([...downstreamOf(g, "enc")].sort()).toEqual(["dec", "enc", "out"]);
  });

  it("refuses a cable between incompatible types, naming both ends", () => {
    const p = makePatch(
      [
        ["in", "AudioIn", { source: "sine" }],
        ["dec", "Decode"],
      ],
      [["in.audio", "dec.latent"]],
    );
    expect(() => compile(p)).toThrow(
      /in\.audio → dec\.latent: Decode\.latent accepts latent, but in\.audio carries audio/,
    );
  });

  it("refuses a missing required input", () => {
    const p = makePatch(
      [
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [["dec.audio", "out.audio"]],
    );
    expect(() => compile(p)).toThrow(/node "dec" \(Decode\): input "latent" is not connected/);
  });

  it("refuses a cycle, naming the loop", () => {
    const p = makePatch(
      [
        ["in", "AudioIn", { source: "sine" }],
        ["enc", "Encode"],
        ["a", "LatentAdd"],
        ["b", "LatentScale"],
      ],
      [
        ["in.audio", "enc.audio"],
        ["enc.latent", "a.a"],
        ["b.out", "a.b"],
        ["a.out", "b.in"],
      ],
    );
    expect(() => compile(p)).toThrow(/cycle: .*a.*b|cycle: .*b.*a/);
  });

  it("refuses latents of one model wired into a node of another", () => {
    const p = makePatch(
      [
        ["in", "AudioIn", { source: "sine" }],
        ["enc", "Encode", { model: "wave-fixture" }],
        ["dec", "Decode", { model: "spectral-fixture" }],
      ],
      [
        ["in.audio", "enc.audio"],
        ["enc.latent", "dec.latent"],
      ],
    );
    expect(() => compile(p)).toThrow(
      /node "dec" \(Decode\): input "latent" carries latents of model "wave-fixture" from enc\.latent, but this node works in model "spectral-fixture"/,
    );
  });

  it("refuses adding latents of two different models", () => {
    const p = makePatch(
      [
        ["in", "AudioIn", { source: "sine" }],
        ["e1", "Encode", { model: "wave-fixture" }],
        ["e2", "Encode", { model: "spectral-fixture" }],
        ["add", "LatentAdd"],
      ],
      [
        ["in.audio", "e1.audio"],
        ["in.audio", "e2.audio"],
        ["e1.latent", "add.a"],
        ["e2.latent", "add.b"],
      ],
    );
    expect(() => compile(p)).toThrow(
      /node "add" \(LatentAdd\): input "b" carries latents of model "spectral-fixture"/,
    );
  });
});
