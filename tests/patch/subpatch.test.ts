import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { patchRegistry } from "../../src/engine/patch/subpatch";
import { inputPorts } from "../../src/engine/params";
import { nodeRegistry } from "../../src/nodes";

type Json = Record<string, unknown>;

const turn = (): Json => ({
  id: "turn",
  name: "Turn",
  inputs: [{ name: "in", label: "latents", to: ["rot.in"] }],
  outputs: [{ name: "out", from: "scale.out" }],
  nodes: [
    { id: "rot", type: "FiLMRRotate", params: { angle: 45 } },
    { id: "scale", type: "LatentScale", params: {} },
  ],
  connections: [{ from: "rot.out", to: "scale.in" }],
});

const withSubpatches = (subpatches: Json[], nodes?: Json[], connections?: Json[]): Json => ({
  format: "latent-patcher.patch",
  version: 2,
  name: "t",
  nodes: nodes ?? [
    { id: "src", type: "AudioIn", params: { source: "sine" } },
    { id: "enc", type: "Encode" },
    { id: "fx", type: "subpatch:turn", params: { "rot.angle": 10 } },
  ],
  connections: connections ?? [
    { from: "src.audio", to: "enc.audio" },
    { from: "enc.latent", to: "fx.in" },
  ],
  subpatches,
});

function issues(json: Json): string[] {
  try {
    parsePatch(json, nodeRegistry);
  } catch (err) {
    if (err instanceof PatchError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe("subpatches in the patch format", () => {
  it("keeps every old file loading: subpatches are optional", () => {
    for (const f of readdirSync("examples").filter((n) => n !== "subpatch-chain.patch.json")) {
      const patch = parsePatch(readFileSync(`examples/${f}`, "utf8"), nodeRegistry);
      expect(patch.subpatches).toBeUndefined();
      expect(serializePatch(patch)).not.toContain("subpatches");
    }
  });

  it("loads definitions and instances, and writes them back byte-stably", () => {
    const patch = parsePatch(withSubpatches([turn()]), nodeRegistry);
    expect(patch.subpatches?.[0]?.name).toBe("Turn");
    const text = serializePatch(patch);
    expect(text.indexOf('"subpatches"')).toBeGreaterThan(text.indexOf('"connections"'));
    expect(serializePatch(parsePatch(text, nodeRegistry))).toBe(text);
    const def = patchRegistry(nodeRegistry, patch.subpatches).get("subpatch:turn")!;
    expect(inputPorts(def).map((p) => [p.name, p.types, p.description])).toEqual([
      ["in", ["latent", "vector"], "latents"],
    ]);
    expect(def.outputs.map((o) => o.name)).toEqual(["out"]);
    const angle = def.params.find((p) => p.name === "rot.angle");
    expect(angle).toMatchObject({ kind: "number", default: 45, min: -180, max: 180 });
    expect(def.params.map((p) => p.name)).toContain("scale.factor");
  });

  it("derives an instance output's type from what arrives on its inputs", () => {
    const patch = parsePatch(withSubpatches([turn()]), nodeRegistry);
    const out = patchRegistry(nodeRegistry, patch.subpatches).get("subpatch:turn")!.outputs[0]!;
    expect(typeof out.type).toBe("function");
    if (typeof out.type !== "function") return;
    expect(out.type({ in: "vector" })).toBe("vector");
    expect(out.type({ in: "latent" })).toBe("latent");
  });

  it("checks instance overrides against the inner node definitions", () => {
    const bad = withSubpatches(
      [turn()],
      [{ id: "fx", type: "subpatch:turn", params: { "rot.angle": 999, "rot.spin": 1 } }],
      [],
    );
    const found = issues(bad);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^patch\.nodes\[0\]\.params\["rot\.angle"\]: expected a number in \[-180, 180\], got 999/,
      ),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^patch\.nodes\[0\]\.params\["rot\.spin"\]: unknown parameter/),
    );
  });

  it("names an unknown definition, listing the known ones", () => {
    const bad = withSubpatches([turn()], [{ id: "fx", type: "subpatch:twirl" }], []);
    expect(issues(bad)).toEqual([
      'patch.nodes[0].type: no subpatch "twirl" in patch.subpatches; subpatches: turn',
    ]);
  });

  it("refuses exposed ports that do not exist, naming the subpatch's path", () => {
    const sub = turn();
    sub.inputs = [{ name: "in", to: ["rot.nope"] }];
    sub.outputs = [{ name: "out", from: "ghost.out" }];
    expect(issues(withSubpatches([sub], [], []))).toEqual([
      'patch.subpatches[0].inputs[0].to[0]: node "rot" (FiLMRRotate) has no input "nope"; inputs: in, gamma, beta, angle',
      'patch.subpatches[0].outputs[0].from: no node "ghost" in this subpatch',
    ]);
  });

  it("refuses a cable to an instance port the subpatch does not expose", () => {
    const bad = withSubpatches([turn()], undefined, [
      { from: "src.audio", to: "enc.audio" },
      { from: "enc.latent", to: "fx.side" },
    ]);
    expect(issues(bad)).toEqual([
      'patch.connections[1].to: node "fx" (subpatch "Turn") has no input "side"; inputs: in',
    ]);
  });

  it("refuses an inner input fed twice, and duplicate definition ids and port names", () => {
    const sub = turn();
    sub.inputs = [
      { name: "in", to: ["rot.in"] },
      { name: "in", to: ["scale.in"] },
    ];
    const found = issues(withSubpatches([sub, turn()], [], []));
    expect(found).toContain(
      'patch.subpatches[1].id: duplicate subpatch id "turn" (also patch.subpatches[0])',
    );
    expect(found).toContain(
      'patch.subpatches[0].inputs[1].name: duplicate input name "in" (also patch.subpatches[0].inputs[0])',
    );
    expect(found).toContain(
      'patch.subpatches[0].inputs[1].to[0]: input "scale.in" is already fed by patch.subpatches[0].connections[0]; an input takes one cable',
    );
  });

  it("refuses a definition that contains itself, directly or through another", () => {
    const self = turn();
    (self.nodes as Json[]).push({ id: "again", type: "subpatch:turn" });
    expect(issues(withSubpatches([self], [], []))).toEqual([
      'patch.subpatches[0]: subpatch "turn" contains itself (turn → turn); a subpatch cannot contain an instance of itself',
    ]);
    const a = { id: "a", name: "A", nodes: [{ id: "x", type: "subpatch:b" }] };
    const b = { id: "b", name: "B", nodes: [{ id: "y", type: "subpatch:a" }] };
    const found = issues(withSubpatches([a, b], [{ id: "n", type: "subpatch:a" }], []));
    expect(found[0]).toBe(
      'patch.subpatches[0]: subpatch "a" contains itself (a → b → a); a subpatch cannot contain an instance of itself',
    );
    expect(found[1]).toMatch(
      /^patch\.nodes\[0\]\.type: subpatch "a" cannot be used here: subpatch "a" contains itself/,
    );
  });

  it("names unknown keys inside a definition", () => {
    const sub: Json = { ...turn(), colour: "red" };
    (sub.inputs as Json[])[0]!.side = "left";
    expect(issues(withSubpatches([sub], [], [])).sort()).toEqual([
      "patch.subpatches[0].colour: unknown key; expected one of id, name, description, nodes, connections, inputs, outputs",
      "patch.subpatches[0].inputs[0].side: unknown key; expected one of name, label, to",
    ]);
  });
});
