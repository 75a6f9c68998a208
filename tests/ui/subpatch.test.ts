import { describe, expect, it } from "vitest";
import { flattenSubpatches } from "../../src/engine/flatten";
import { compileGraph } from "../../src/engine/graph";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import type { Patch } from "../../src/engine/patch/schema";
import { inputPorts } from "../../src/engine/params";
import { nodeRegistry } from "../../src/nodes";
import { modelIdsOf } from "../../src/ui/bundle/bundle";
import { copyToPatch, pasteInto } from "../../src/ui/model/clipboard";
import { searchNodeTypes } from "../../src/ui/model/nodeSearch";
import { nodeView } from "../../src/ui/model/nodeView";
import { PatchModel } from "../../src/ui/model/patchModel";
import { groupNodes, ungroupNode } from "../../src/ui/model/subpatchEdit";
import { inferTypes } from "../../src/ui/model/typeInference";
import { at, example } from "./helpers";
import { makePatch } from "../helpers/engine";

const valid = (patch: Patch) => parsePatch(serializePatch(patch), nodeRegistry);

/** The flattened graph as sorted lines, inner ids written without their instance prefix. */
function flatGraph(patch: Patch): string[] {
  const flat = flattenSubpatches(patch).patch;
  const strip = (s: string) => s.replace(/^[^/.]+\//, "");
  return [
    ...flat.nodes.map((n) => {
      const params = Object.entries(n.params).sort(([a], [b]) => (a < b ? -1 : 1));
      return `${strip(n.id)} ${n.type} ${JSON.stringify(params)}`;
    }),
    ...flat.connections.map((c) => `${strip(c.from)} → ${strip(c.to)}`),
  ].sort();
}

/** filmr-sweep with the rotation's angle set and the rotate + decode pair to group. */
const sweep = () => {
  const patch = example("filmr-sweep");
  return {
    ...patch,
    nodes: patch.nodes.map((n) =>
      n.id === "rotate" ? { ...n, params: { ...n.params, gamma: 1.2 } } : n,
    ),
  };
};

describe("grouping nodes into a subpatch", () => {
  it("exposes the cables crossing the selection as ports and keeps the graph the same", () => {
    const patch = sweep();
    const result = groupNodes(patch, ["rotate", "decode"]);
    if (!result.ok) throw new Error(result.message);
    const grouped = valid(result.patch);
    const sub = grouped.subpatches![0]!;
    expect(sub).toMatchObject({ id: "group1", name: "group 1" });
    expect(sub.nodes.map((n) => n.id)).toEqual(["rotate", "decode"]);
    expect(sub.connections).toEqual([{ from: "rotate.out", to: "decode.latent" }]);
    expect(sub.inputs).toEqual([
      { name: "in", to: ["rotate.in"] },
      { name: "angle", to: ["rotate.angle"] },
    ]);
    expect(sub.outputs).toEqual([{ name: "audio", from: "decode.audio" }]);
    const instance = grouped.nodes.find((n) => n.id === result.instanceId)!;
    expect(instance).toMatchObject({ id: "group1", type: "subpatch:group1", params: {} });
    // Centre of the two positions (575, 256) and (850, 256); inner positions relative to it.
    expect(instance.position).toEqual([713, 256]);
    expect(sub.nodes.map((n) => n.position)).toEqual([
      [-138, 0],
      [137, 0],
    ]);
    expect(grouped.nodes.map((n) => n.id)).toEqual(["cello", "encode", "sweep", "group1", "out"]);
    expect(grouped.connections).toContainEqual({ from: "sweep.out", to: "group1.angle" });
    expect(grouped.connections).toContainEqual({ from: "group1.audio", to: "out.audio" });
    expect(flatGraph(grouped)).toEqual(flatGraph(patch));
  });

  it("gives one input per outside output, feeding every inner input it fed", () => {
    const patch = makePatch(
      [
        ["src", "AudioIn", { source: "sine" }],
        ["enc", "Encode"],
        ["a", "LatentScale", { factor: 0.5 }],
        ["b", "LatentScale", { factor: 2 }],
        ["sum", "LatentAdd"],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["src.audio", "enc.audio"],
        ["enc.latent", "a.in"],
        ["enc.latent", "b.in"],
        ["a.out", "sum.a"],
        ["b.out", "sum.b"],
        ["sum.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
    );
    const result = groupNodes(patch, ["a", "b"]);
    if (!result.ok) throw new Error(result.message);
    const sub = valid(result.patch).subpatches![0]!;
    expect(sub.inputs).toEqual([{ name: "in", to: ["a.in", "b.in"] }]);
    expect(sub.outputs).toEqual([
      { name: "out", from: "a.out" },
      { name: "b_out", from: "b.out" },
    ]);
    expect(result.patch.connections).toContainEqual({ from: "group1.b_out", to: "sum.b" });
    expect(flatGraph(result.patch)).toEqual(flatGraph(patch));
  });

  it("groups nodes with an outside node between them: the instance feeds itself through it", () => {
    const patch = sweep();
    const result = groupNodes(patch, ["encode", "decode"]);
    if (!result.ok) throw new Error(result.message);
    const grouped = valid(result.patch);
    expect(grouped.connections).toContainEqual({ from: "group1.latent", to: "rotate.in" });
    expect(grouped.connections).toContainEqual({ from: "rotate.out", to: "group1.latent" });
    expect(flatGraph(grouped)).toEqual(flatGraph(patch));
    expect(() => compileGraph(grouped, nodeRegistry)).not.toThrow();
  });

  it("derives the instance's sockets and controls from the inner nodes", () => {
    const result = groupNodes(sweep(), ["rotate", "decode"]);
    if (!result.ok) throw new Error(result.message);
    const patch = valid(result.patch);
    const model = new PatchModel(nodeRegistry, patch);
    const def = model.defs.get("subpatch:group1")!;
    const node = patch.nodes.find((n) => n.id === "group1")!;
    const types = inferTypes(patch, model.defs);
    const view = nodeView(def, node, types.get("group1"), new Set(["in", "angle"]), {
      assetIds: [],
      modelIds: [],
      defaultModelId: "x",
    });
    expect(view.title).toBe("group 1");
    expect(view.type).toBe("subpatch:group1");
    expect(view.inputs.map((s) => [s.name, s.type])).toEqual([
      ["in", "latent"],
      ["angle", "curve"],
    ]);
    expect(view.outputs.map((s) => [s.name, s.type])).toEqual([["audio", "audio"]]);
    expect(view.controls.find((c) => c.name === "rotate.gamma")).toMatchObject({
      kind: "number",
      value: 1.2,
    });
    expect(view.controls.map((c) => c.name)).toContain("decode.model");
    // Relevance follows the inner node: in angle mode its u and v vectors do not matter.
    expect(view.controls.find((c) => c.name === "rotate.angle")?.relevant).toBe(true);
    expect(view.controls.find((c) => c.name === "rotate.u")?.relevant).toBe(false);
    const vectors = nodeView(
      def,
      { ...node, params: { "rotate.mode": "vectors" } },
      undefined,
      new Set(),
      {
        assetIds: [],
        modelIds: [],
        defaultModelId: "x",
      },
    );
    expect(vectors.controls.find((c) => c.name === "rotate.u")?.relevant).toBe(true);
    expect(inputPorts(def).map((p) => p.name)).toEqual(["in", "angle"]);
  });

  it("is one undo step in the patch model, as is ungrouping", () => {
    const model = new PatchModel(nodeRegistry, sweep());
    const before = model.patch;
    const grouped = model.group(["rotate", "decode"]);
    expect(grouped.ok).toBe(true);
    expect(model.patch.nodes).toHaveLength(before.nodes.length - 1);
    model.undo();
    expect(model.patch).toBe(before);
    model.redo();
    expect(model.setParam("group1", "rotate.angle", 12)).toEqual({ ok: true });
    expect(model.setParam("group1", "rotate.angle", 999)).toMatchObject({ ok: false });
    const afterParam = model.patch;
    expect(model.ungroup(["group1"])).toMatchObject({ ok: true, ids: ["rotate", "decode"] });
    expect(model.patch.nodes.find((n) => n.id === "rotate")?.params.angle).toBe(12);
    model.undo();
    expect(model.patch).toBe(afterParam);
    expect(model.group([])).toMatchObject({ ok: false });
    expect(model.ungroup(["cello"])).toMatchObject({ ok: false });
  });

  it("renames a subpatch, refusing an empty name", () => {
    const model = new PatchModel(nodeRegistry, sweep());
    model.group(["rotate", "decode"]);
    expect(model.renameSubpatch("group1", "  twister ")).toEqual({ ok: true });
    expect(model.patch.subpatches![0]!.name).toBe("twister");
    expect(model.renameSubpatch("group1", " ")).toMatchObject({ ok: false });
    expect(model.renameSubpatch("nope", "x")).toMatchObject({ ok: false });
  });

  it("adds another instance from the node types, found by the subpatch's name", () => {
    const model = new PatchModel(nodeRegistry, sweep());
    model.group(["rotate", "decode"]);
    model.renameSubpatch("group1", "twister");
    const found = searchNodeTypes("twis", model.defs.all());
    expect(found.map((d) => d.type)).toEqual(["subpatch:group1"]);
    const id = model.addNode("subpatch:group1", [0, 0]);
    expect(id).toBe("group2");
    expect(model.connect(at("encode", "latent"), at(id, "in"))).toEqual({ ok: true });
    expect(model.connect(at("cello", "audio"), at(id, "in")).ok).toBe(false);
    expect(() => compileGraph(valid(model.patch), nodeRegistry)).not.toThrow();
  });
});

describe("ungrouping a subpatch instance", () => {
  it("gives back the grouped nodes, cables and positions, and drops the unused definition", () => {
    const patch = sweep();
    const grouped = groupNodes(patch, ["rotate", "decode"]);
    if (!grouped.ok) throw new Error(grouped.message);
    const back = ungroupNode(grouped.patch, "group1");
    if (!back.ok) throw new Error(back.message);
    expect(back.ids).toEqual(["rotate", "decode"]);
    expect(back.patch.subpatches).toBeUndefined();
    expect(back.patch.nodes).toEqual(patch.nodes.map((n) => ({ ...n })));
    expect([...back.patch.connections].sort(byText)).toEqual([...patch.connections].sort(byText));
  });

  it("applies the instance's overrides and renames inner ids already taken", () => {
    const grouped = groupNodes(sweep(), ["rotate", "decode"]);
    if (!grouped.ok) throw new Error(grouped.message);
    const model = new PatchModel(nodeRegistry, grouped.patch);
    const second = model.addNode("subpatch:group1", [100, 500]);
    model.setParam(second, "rotate.angle", -40);
    const back = model.ungroup(["group1", second]);
    expect(back).toMatchObject({
      ok: true,
      ids: ["rotate", "decode", "filmrrotate1", "decode1"],
    });
    const rotated = model.node("filmrrotate1")!;
    expect(rotated.params).toMatchObject({ angle: -40, gamma: 1.2, mode: "angle" });
    expect(rotated.position).toEqual([100 - 138, 500]);
    expect(model.patch.connections).toContainEqual({
      from: "filmrrotate1.out",
      to: "decode1.latent",
    });
    expect(model.patch.subpatches).toBeUndefined();
    model.undo();
    expect(model.node("group1")?.type).toBe("subpatch:group1");
    expect(model.node(second)?.type).toBe("subpatch:group1");
    expect(() => valid(model.patch)).not.toThrow();
  });
});

const byText = (a: { from: string; to: string }, b: { from: string; to: string }) =>
  `${a.from}>${a.to}` < `${b.from}>${b.to}` ? -1 : 1;

describe("copy and paste of subpatch instances", () => {
  const grouped = () => {
    const result = groupNodes(sweep(), ["rotate", "decode"]);
    if (!result.ok) throw new Error(result.message);
    return valid(result.patch);
  };

  it("carries the definitions the copied instances need, and the assets they use", () => {
    const inner = groupNodes(example("filmr-sweep"), ["cello", "encode"]);
    if (!inner.ok) throw new Error(inner.message);
    const outer = groupNodes(valid(inner.patch), ["group1", "sweep"]);
    if (!outer.ok) throw new Error(outer.message);
    const patch = valid(outer.patch);
    const clip = copyToPatch(patch, ["group2"], nodeRegistry)!;
    expect(clip.subpatches?.map((s) => s.id)).toEqual(["group1", "group2"]);
    expect(Object.keys(clip.assets ?? {})).toEqual(["cello"]);
    expect(valid(clip)).toEqual(clip);
    const plain = copyToPatch(patch, ["out"], nodeRegistry)!;
    expect(plain.subpatches).toBeUndefined();
  });

  it("reuses an identical definition on duplicate and renames a different one on paste", () => {
    const model = new PatchModel(nodeRegistry, grouped());
    const [copyId] = model.duplicate(["group1"]);
    expect(model.node(copyId!)?.type).toBe("subpatch:group1");
    expect(model.patch.subpatches).toHaveLength(1);

    const clip = copyToPatch(model.patch, ["group1"], nodeRegistry)!;
    const other = grouped();
    const changed: Patch = {
      ...other,
      subpatches: other.subpatches!.map((s) => ({ ...s, name: "something else" })),
    };
    const { patch, ids } = pasteInto(changed, clip, nodeRegistry);
    const pasted = patch.nodes.find((n) => n.id === ids[0])!;
    expect(pasted.type).toBe("subpatch:group1_2");
    expect(patch.subpatches!.map((s) => [s.id, s.name])).toEqual([
      ["group1", "something else"],
      ["group1_2", "group 1"],
    ]);
    expect(() => valid(patch)).not.toThrow();
  });
});

describe("bundles of patches with subpatches", () => {
  it("list the models named inside subpatches and by their instances' overrides", () => {
    const patch = makePatch(
      [
        ["a", "subpatch:codec", { "enc.model": "wave-fixture" }],
        ["b", "subpatch:codec"],
      ],
      [],
      {
        subpatches: [
          {
            id: "codec",
            name: "codec",
            nodes: [
              { id: "enc", type: "Encode", params: { model: "spectral-fixture" } },
              { id: "dec", type: "Decode", params: {} },
            ],
            connections: [{ from: "enc.latent", to: "dec.latent" }],
          },
        ],
      },
    );
    expect(modelIdsOf(patch, nodeRegistry)).toEqual(["spectral-fixture", "wave-fixture"]);
  });
});
