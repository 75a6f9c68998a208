/** A LearnedOp's example inputs are read by a fit only: playing never runs what feeds them. */
import { describe, expect, it } from "vitest";
import { compileGraph } from "../../src/engine/graph";
import { fitOnlyNodes } from "../../src/engine/fitOnly";
import { nodeRegistry } from "../../src/nodes";
import { makePatch, rms, testEngine } from "../helpers/engine";

const MODEL = { model: "spectral-fixture" };
const ASSETS = {
  assets: {
    piano: { kind: "builtin", name: "piano" },
    guitar: { kind: "builtin", name: "guitar" },
  },
};

/** guitar → enc → learn → dec → out, and a piano pair (dry, through a Reverb) wired as examples. */
function learnPatch(
  extraNodes: [string, string, Record<string, unknown>?][] = [],
  extra: [string, string][] = [],
) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "asset", asset: "guitar" }],
      ["enc", "Encode", MODEL],
      ["learn", "LearnedOp"],
      ["dec", "Decode", MODEL],
      ["out", "AudioOut"],
      ["piano", "AudioIn", { source: "asset", asset: "piano" }],
      ["rev", "Reverb"],
      ["encDry", "Encode", MODEL],
      ["encWet", "Encode", MODEL],
      ...extraNodes,
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "learn.in"],
      ["learn.out", "dec.latent"],
      ["dec.audio", "out.audio"],
      ["piano.audio", "encDry.audio"],
      ["piano.audio", "rev.in"],
      ["rev.out", "encWet.audio"],
      ["encDry.latent", "learn.dry1"],
      ["encWet.latent", "learn.wet1"],
      ...extra,
    ],
    ASSETS,
  );
}

describe("fit-only example inputs", () => {
  it("leaves out the nodes that only feed examples when compiling for playback", () => {
    const patch = learnPatch();
    expect([...fitOnlyNodes(patch, nodeRegistry)].sort()).toEqual([
      "encDry",
      "encWet",
      "piano",
      "rev",
    ]);
    const graph = compileGraph(patch, nodeRegistry);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(["dec", "enc", "learn", "out", "src"]);
    expect([...graph.byId.get("learn")!.inputs.keys()]).toEqual(["in"]);
  });

  it("never runs the example Encodes while rendering, and the output is the same as without them", async () => {
    const engine = testEngine();
    await engine.load(learnPatch());
    const withExamples = (await engine.render()).outputs.get("out")!.channels[0]!;
    for (const id of ["piano", "rev", "encDry", "encWet"])
      expect(engine.processCalls.get(id), id).toBeUndefined();
    expect(engine.processCalls.get("enc")).toBeGreaterThan(0);
    const plain = testEngine();
    await plain.load(
      makePatch(
        [
          ["src", "AudioIn", { source: "asset", asset: "guitar" }],
          ["enc", "Encode", MODEL],
          ["learn", "LearnedOp"],
          ["dec", "Decode", MODEL],
          ["out", "AudioOut"],
        ],
        [
          ["src.audio", "enc.audio"],
          ["enc.latent", "learn.in"],
          ["learn.out", "dec.latent"],
          ["dec.audio", "out.audio"],
        ],
        ASSETS,
      ),
    );
    const without = (await plain.render()).outputs.get("out")!.channels[0]!;
    expect(rms(withExamples)).toBeGreaterThan(0.01);
    expect(withExamples).toEqual(without);
  });

  it("keeps a node that also feeds what plays (only its example-only readers go)", () => {
    const patch = learnPatch(
      [
        ["encPiano", "Encode", MODEL],
        ["mix", "LatentAdd"],
      ],
      [
        ["piano.audio", "encPiano.audio"],
        ["encPiano.latent", "mix.b"],
      ],
    );
    // The piano also feeds encPiano, which feeds a dangling LatentAdd: kept, as any node is.
    expect([...fitOnlyNodes(patch, nodeRegistry)].sort()).toEqual(["encDry", "encWet", "rev"]);
  });

  it("leaves a patch without fit-only inputs as it was", () => {
    const patch = makePatch(
      [
        ["a", "AudioIn"],
        ["o", "AudioOut"],
      ],
      [["a.audio", "o.audio"]],
    );
    expect(fitOnlyNodes(patch, nodeRegistry).size).toBe(0);
  });
});
