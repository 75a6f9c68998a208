/** The node help model: generated from the definitions, with the examples found in examples/. */
import { describe, expect, it } from "vitest";
import { examplesByNodeType, nodeHelp } from "../../src/engine/nodeHelp";
import { allNodes, nodeRegistry } from "../../src/nodes";
import { examplePatchTexts } from "../../scripts/examplePatches";

const def = (type: string) => nodeRegistry.get(type)!;

describe("examplesByNodeType", () => {
  it("maps each node type to the example patches that use it, subpatches' nodes included", () => {
    const byType = examplesByNodeType({
      b: JSON.stringify({ nodes: [{ type: "Curve" }, { type: "Decode" }] }),
      a: JSON.stringify({
        nodes: [{ type: "subpatch:x" }],
        subpatches: [{ nodes: [{ type: "FiLMRRotate" }, { type: "Curve" }] }],
      }),
    });
    expect(byType.get("Curve")).toEqual(["a", "b"]);
    expect(byType.get("FiLMRRotate")).toEqual(["a"]);
    expect(byType.get("Decode")).toEqual(["b"]);
    expect(byType.get("LFO")).toBeUndefined();
  });

  it("ignores a file that is not a patch instead of failing", () => {
    const byType = examplesByNodeType({
      broken: "{not json",
      odd: JSON.stringify({ nodes: [null, 3, { type: 7 }], subpatches: "no" }),
      good: JSON.stringify({ nodes: [{ type: "LFO" }] }),
    });
    expect([...byType.entries()]).toEqual([["LFO", ["good"]]]);
  });

  it("finds the shipped examples: Curve in descriptor-target, FiLMRRotate in subpatch-chain", () => {
    const byType = examplesByNodeType(examplePatchTexts());
    expect(byType.get("Curve")).toContain("descriptor-target");
    expect(byType.get("FiLMRRotate")).toContain("subpatch-chain");
    expect(byType.get("LFO")).toEqual(["lfo-rotate"]);
  });
});

describe("nodeHelp", () => {
  it("lists ports with their types, and parameters with range, default and unit", () => {
    const h = nodeHelp(def("LFO"), new Map([["LFO", ["lfo-rotate"]]]));
    expect(h.type).toBe("LFO");
    expect(h.description).toBe(def("LFO").description);
    expect(h.examples).toEqual(["lfo-rotate"]);
    const depth = h.inputs.find((i) => i.name === "depth")!;
    expect(depth).toMatchObject({ types: ["scalar", "curve"], optional: true });
    expect(h.outputs).toEqual([expect.objectContaining({ name: "out", types: ["curve"] })]);
    const phase = h.params.find((p) => p.name === "phase")!;
    expect(phase).toMatchObject({ defaultText: "0", range: "0 … 360 °", unit: "°" });
    expect(h.params.find((p) => p.name === "depth")!.modulatable).toBe(true);
    expect(h.params.find((p) => p.name === "shape")!.options).toContain("square");
  });

  it("shows a Curve's points in seconds with their default", () => {
    const points = nodeHelp(def("Curve")).params[0]!;
    expect(points).toMatchObject({ name: "points", unit: "s", defaultText: "[[0,0],[4,1]]" });
  });

  it("names the seed of the seed-derived operations", () => {
    const seeds: Record<string, string> = {
      FiLMRRotate: "Seed 001",
      Interpolate: "Seed 004",
      DescriptorTarget: "Seed 004",
      QuantizeToCodebook: "Seed 004",
      PrincipalDirections: "Seed 000",
    };
    for (const [type, seed] of Object.entries(seeds))
      expect(nodeHelp(def(type)).reference, type).toMatch(new RegExp(`^${seed}:`));
    expect(nodeHelp(def("Curve")).reference).toBeUndefined();
  });

  it("follows a derived output type and a whole-input node", () => {
    expect(allNodes.some((d) => nodeHelp(d).whole)).toBe(true);
    const add = nodeHelp(def("LatentAdd"));
    expect(add.outputs[0]!.types).toEqual(["follows the inputs"]);
  });
});
