import { describe, expect, it } from "vitest";
import { defineNode, type NodeDefinition } from "../../src/engine/nodeDefinition";
import { inputPorts, resolveParams, validateParams } from "../../src/engine/params";
import { createRegistry } from "../../src/engine/patch/registry";
import { mix2, osc, out } from "./fixtures";

describe("validateParams", () => {
  it("accepts values at the edges of their ranges and missing params", () => {
    const ok = {
      freq: 20,
      angle: 180,
      steps: 16,
      harmonics: [0, 1],
      envelope: [
        [0, 1],
        [0, 2],
      ],
      loop: true,
    };
    expect(validateParams(osc, ok, "p")).toEqual([]);
    expect(validateParams(osc, {}, "p")).toEqual([]);
  });

  it("reports every bad param, each at its own path", () => {
    const issues = validateParams(
      osc,
      { freq: 19.9, angle: Number.NaN, label: 3, bogus: 1 },
      "x.params",
    );
    expect(issues.map((i) => i.path)).toEqual([
      "x.params.freq",
      "x.params.angle",
      "x.params.label",
      "x.params.bogus",
    ]);
    expect(issues[0]?.message).toBe("expected a number in [20, 2000], got 19.9");
    expect(issues[1]?.message).toBe("expected a number in [-180, 180], got null");
    expect(issues[3]?.message).toMatch(
      /^unknown parameter of Osc; parameters: freq, angle, steps, shape/,
    );
  });

  it("runs the definition's cross-param check only when each param is fine", () => {
    expect(validateParams(osc, { shape: "square", steps: 16 }, "p")).toEqual([
      { path: "p", message: "a square wave takes at most 15 steps" },
    ]);
    expect(validateParams(osc, { shape: "square", steps: 17 }, "p").map((i) => i.path)).toEqual([
      "p.steps",
    ]);
  });
});

describe("resolveParams", () => {
  it("fills defaults and drops unknown names", () => {
    expect(resolveParams(mix2, {})).toEqual({ mix: 0.5 });
    expect(resolveParams(mix2, { mix: 1, other: 3 })).toEqual({ mix: 1 });
    expect(resolveParams(osc, { angle: 10 })).toMatchObject({
      angle: 10,
      freq: 440,
      shape: "sine",
      envelope: [],
    });
  });
});

describe("inputPorts", () => {
  it("adds an optional scalar-or-curve port per modulatable number param", () => {
    expect(inputPorts(mix2).map((p) => [p.name, p.types, p.optional ?? false])).toEqual([
      ["a", ["latent"], false],
      ["b", ["latent", "vector"], false],
      ["mix", ["scalar", "curve"], true],
    ]);
    expect(inputPorts(osc).map((p) => p.name)).toEqual(["freq"]);
    expect(inputPorts(out).map((p) => p.name)).toEqual(["audio"]);
  });

  it("throws when a modulatable param collides with an input", () => {
    const clash: NodeDefinition = defineNode({
      ...mix2,
      type: "Clash",
      params: [
        {
          name: "a",
          kind: "number",
          default: 0,
          min: 0,
          max: 1,
          modulatable: true,
          description: "",
        },
      ],
    });
    expect(() => inputPorts(clash)).toThrow('Clash: modulatable parameter "a" collides');
  });
});

describe("createRegistry", () => {
  it("finds definitions by type and lists them", () => {
    const registry = createRegistry([osc, mix2]);
    expect(registry.get("Mix2")).toBe(mix2);
    expect(registry.get("Nope")).toBeUndefined();
    expect(registry.all()).toEqual([osc, mix2]);
  });

  it("throws on duplicate type names and on port names that are not ids", () => {
    expect(() => createRegistry([osc, mix2, osc])).toThrow('node type "Osc" is defined twice');
    const dotted = defineNode({
      ...out,
      type: "Dotted",
      inputs: [{ name: "in.l", types: ["audio"], description: "" }],
    });
    expect(() => createRegistry([dotted])).toThrow('Dotted: port name "in.l" is not an id');
  });
});
