import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { registry, validPatchJson } from "./fixtures";
import { edited, expectIssue, issuesOf, node, type GoldenCase } from "./golden";

/** Problems found against the node definitions: params, types, ids, ports, assets. */
const cases: GoldenCase[] = [
  {
    name: "param out of range",
    input: edited((p) => (node(p, 0).params.angle = "fast")),
    path: "patch.nodes[0].params.angle",
    message: 'expected a number in [-180, 180], got "fast"',
  },
  {
    name: "integer param",
    input: edited((p) => (node(p, 0).params.steps = 2.5)),
    path: "patch.nodes[0].params.steps",
    message: "expected a whole number in [1, 16], got 2.5",
  },
  {
    name: "enum param",
    input: edited((p) => (node(p, 0).params.shape = "triangle")),
    path: "patch.nodes[0].params.shape",
    message: 'expected one of "sine", "square", "saw", got "triangle"',
  },
  {
    name: "boolean param",
    input: edited((p) => (node(p, 0).params.loop = "yes")),
    path: "patch.nodes[0].params.loop",
    message: 'expected true or false, got "yes"',
  },
  {
    name: "numbers param too long",
    input: edited((p) => (node(p, 0).params.harmonics = [0, 0, 0, 0, 0, 0, 0, 0, 0])),
    path: "patch.nodes[0].params.harmonics",
    message: /^expected a list of at most 8 numbers/,
  },
  {
    name: "numbers param element out of range",
    input: edited((p) => (node(p, 0).params.harmonics = [0.5, 2])),
    path: "patch.nodes[0].params.harmonics[1]",
    message: "expected a number in [0, 1], got 2",
  },
  {
    name: "breakpoints going back in time",
    input: edited(
      (p) =>
        (node(p, 0).params.envelope = [
          [0, 1],
          [2, 0],
          [1, 1],
        ]),
    ),
    path: "patch.nodes[0].params.envelope[2][0]",
    message: "expected a time ≥ the previous time 2, got 1",
  },
  {
    name: "breakpoints before zero",
    input: edited((p) => (node(p, 0).params.envelope = [[-1, 1]])),
    path: "patch.nodes[0].params.envelope[0][0]",
    message: "expected a time ≥ 0, got -1",
  },
  {
    name: "unknown param",
    input: edited((p) => (node(p, 1).params.amount = 1)),
    path: "patch.nodes[1].params.amount",
    message: "unknown parameter of Mix2; parameters: mix",
  },
  {
    name: "param of a node without params",
    input: edited((p) => (node(p, 2).params.gain = 1)),
    path: "patch.nodes[2].params.gain",
    message: "unknown parameter of Out; it has no parameters",
  },
  {
    name: "cross-param check",
    input: edited((p) => Object.assign(node(p, 0).params, { shape: "square", steps: 16 })),
    path: "patch.nodes[0].params",
    message: "a square wave takes at most 15 steps",
  },
  {
    name: "unknown node type, close to a known one",
    input: edited((p) => (node(p, 1).type = "mix")),
    path: "patch.nodes[1].type",
    message: 'unknown node type "mix"; did you mean "Mix2"?',
  },
  {
    name: "unknown node type, nothing close",
    input: edited((p) => (node(p, 1).type = "Reverberator")),
    path: "patch.nodes[1].type",
    message: 'unknown node type "Reverberator"',
  },
  {
    name: "duplicate node id",
    input: edited((p) => (node(p, 2).id = "osc")),
    path: "patch.nodes[2].id",
    message: 'duplicate node id "osc" (also patch.nodes[0])',
  },
  {
    name: "duplicate comment id",
    input: edited(
      (p) =>
        (p.comments = [
          { id: "note", text: "a", position: [0, 0] },
          { id: "note", text: "b", position: [0, 40] },
        ]),
    ),
    path: "patch.comments[1].id",
    message: 'duplicate comment id "note" (also patch.comments[0])',
  },
  {
    name: "connection from a missing node",
    input: edited((p) => (p.connections[0] = { from: "oss.out", to: "mix.a" })),
    path: "patch.connections[0].from",
    message: 'no node "oss"; did you mean "osc"?',
  },
  {
    name: "connection from a missing output",
    input: edited((p) => (p.connections[0] = { from: "osc.wave", to: "mix.a" })),
    path: "patch.connections[0].from",
    message: 'node "osc" (Osc) has no output "wave"; outputs: out',
  },
  {
    name: "connection into a missing input",
    input: edited((p) => (p.connections[0] = { from: "osc.out", to: "mix.c" })),
    path: "patch.connections[0].to",
    message: 'node "mix" (Mix2) has no input "c"; inputs: a, b, mix',
  },
  {
    name: "connection into a node without inputs",
    input: edited((p) => (p.connections[0] = { from: "mix.out", to: "osc.in" })),
    path: "patch.connections[0].to",
    message: 'node "osc" (Osc) has no input "in"; inputs: freq',
  },
  {
    name: "two cables into one input",
    input: edited((p) => p.connections.push({ from: "osc.out", to: "mix.mix" })),
    path: "patch.connections[2].to",
    message:
      'input "mix.mix" already has a connection (patch.connections[0]); an input takes one cable',
  },
  {
    name: "missing asset",
    input: edited((p) => (node(p, 0).params.sample = "pianno")),
    path: "patch.nodes[0].params.sample",
    message: 'no asset "pianno" in patch.assets; assets: piano',
  },
];

describe("parsePatch semantic errors (golden)", () => {
  it.each(cases)("$name", expectIssue);

  it("lists every semantic problem in one PatchError, one per line", () => {
    const input = edited((p) => {
      node(p, 0).params.angle = 500;
      node(p, 1).type = "Mixx";
      p.connections.push({ from: "nowhere.out", to: "out.audio" });
    });
    let error: unknown;
    try {
      parsePatch(input, registry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatchError);
    expect((error as PatchError).message.split("\n")).toEqual([
      "patch.nodes[0].params.angle: expected a number in [-180, 180], got 500",
      'patch.nodes[1].type: unknown node type "Mixx"; did you mean "Mix2"?',
      'patch.connections[2].from: no node "nowhere"',
      'patch.connections[2].to: input "out.audio" already has a connection (patch.connections[1]); an input takes one cable',
    ]);
  });

  it("loads the fixture and a patch without optional fields", () => {
    expect(parsePatch(validPatchJson(), registry).nodes).toHaveLength(3);
    const minimal = parsePatch(
      '{"format":"latent-patcher.patch","version":2,"name":"x","nodes":[]}',
      registry,
    );
    expect(minimal).toEqual({
      format: "latent-patcher.patch",
      version: 2,
      name: "x",
      nodes: [],
      connections: [],
    });
  });

  it("never executes or fetches: a __proto__ key is refused, not merged", () => {
    const text = JSON.stringify(validPatchJson()).replace(
      '"freq":220',
      '"__proto__":{"polluted":1},"freq":220',
    );
    expect(issuesOf(text)[0]).toEqual({
      path: "patch.nodes[0].params.__proto__",
      message: 'expected a key other than "__proto__", got {"polluted":1}',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
