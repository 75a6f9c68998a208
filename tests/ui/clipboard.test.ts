import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { clipboardPatch, copyToPatch, PASTE_OFFSET, pasteInto } from "../../src/ui/model/clipboard";
import { PatchModel } from "../../src/ui/model/patchModel";
import { empty, example } from "./helpers";

const copy = (patch: Patch, ids: string[]) => copyToPatch(patch, ids, nodeRegistry)!;

describe("copying the selection", () => {
  it("keeps the selected nodes, the cables between them and the assets they use", () => {
    const clip = copy(example("effect-transfer"), ["wet", "encWet", "avgWet", "effect"]);
    expect(clip.nodes.map((n) => n.id)).toEqual(["wet", "encWet", "avgWet", "effect"]);
    expect(clip.connections).toEqual([
      { from: "wet.audio", to: "encWet.audio" },
      { from: "encWet.latent", to: "avgWet.in" },
      { from: "avgWet.out", to: "effect.a" },
    ]);
    expect(clip.assets).toEqual({ "piano-reverb": { kind: "builtin", name: "piano-reverb" } });
  });

  it("is a patch file: serialized, it parses back to itself", () => {
    const clip = copy(example("effect-transfer"), ["dry", "encDry"]);
    expect(parsePatch(serializePatch(clip), nodeRegistry)).toEqual(clip);
  });

  it("leaves assets out when the nodes use none, and gives nothing for an empty selection", () => {
    expect(copy(example("effect-transfer"), ["encWet"]).assets).toBeUndefined();
    expect(copyToPatch(example("effect-transfer"), [], nodeRegistry)).toBeUndefined();
    expect(copyToPatch(example("effect-transfer"), ["nope"], nodeRegistry)).toBeUndefined();
  });
});

describe("pasting a clipboard patch", () => {
  it("renames colliding ids, rewires the cables to them and offsets positions", () => {
    const patch = example("effect-transfer");
    const clip = copy(patch, ["wet", "encWet"]);
    const { patch: next, ids } = pasteInto(patch, clip, nodeRegistry);
    expect(ids).toEqual(["audioin1", "encode1"]);
    expect(next.nodes).toHaveLength(patch.nodes.length + 2);
    expect(next.connections.at(-1)).toEqual({ from: "audioin1.audio", to: "encode1.audio" });
    expect(next.nodes.find((n) => n.id === "audioin1")?.position).toEqual([
      50 + PASTE_OFFSET,
      64 + PASTE_OFFSET,
    ]);
    expect(next.assets).toEqual(patch.assets); // the same asset is shared, not copied
    expect(() => parsePatch(serializePatch(next), nodeRegistry)).not.toThrow();
  });

  it("keeps free ids and places the clip's top-left corner at the cursor", () => {
    const clip = copy(example("effect-transfer"), ["encWet", "avgWet"]);
    const { patch, ids } = pasteInto(empty, clip, nodeRegistry, [1000, 2000]);
    expect(ids).toEqual(["encWet", "avgWet"]);
    expect(patch.nodes.map((n) => n.position)).toEqual([
      [1000, 2000],
      [1250, 2000],
    ]);
  });

  it("merges assets, renaming one whose id is taken by a different asset", () => {
    const clip = copy(example("effect-transfer"), ["guitar"]);
    const target: Patch = {
      ...empty,
      nodes: [{ id: "g", type: "AudioIn", params: { source: "asset", asset: "guitar" } }],
      assets: { guitar: { kind: "builtin", name: "piano" } },
    };
    const { patch, ids } = pasteInto(target, clip, nodeRegistry);
    expect(ids).toEqual(["guitar"]);
    expect(patch.assets).toEqual({
      guitar: { kind: "builtin", name: "piano" },
      guitar_2: { kind: "builtin", name: "guitar" },
    });
    expect(patch.nodes[1]?.params).toEqual({ source: "asset", asset: "guitar_2" });
    expect(() => parsePatch(serializePatch(patch), nodeRegistry)).not.toThrow();
  });

  it("adds the clip's assets to a patch that had none", () => {
    const clip = copy(example("effect-transfer"), ["dry"]);
    const { patch } = pasteInto(empty, clip, nodeRegistry);
    expect(patch.assets).toEqual({ piano: { kind: "builtin", name: "piano" } });
  });
});

describe("PatchModel copy, paste and duplicate", () => {
  it("pastes as one undo step", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    const before = model.patch;
    const ids = model.paste(model.copy(["wet", "encWet", "avgWet"])!);
    expect(ids).toHaveLength(3);
    expect(model.patch.nodes).toHaveLength(before.nodes.length + 3);
    expect(model.patch.connections).toHaveLength(before.connections.length + 2);
    model.undo();
    expect(model.patch).toBe(before);
    model.redo();
    expect(model.patch.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(ids));
  });

  it("duplicates the selection offset, as one undo step", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    const before = model.patch;
    expect(model.duplicate(["amount"])).toEqual(["latentscale1"]);
    expect(model.node("latentscale1")).toEqual({
      id: "latentscale1",
      type: "LatentScale",
      params: { factor: 1 },
      position: [1050 + PASTE_OFFSET, 176 + PASTE_OFFSET],
    });
    model.undo();
    expect(model.patch).toBe(before);
    expect(model.duplicate([])).toEqual([]);
    expect(model.canRedo).toBe(true); // an empty duplicate commits nothing
  });
});

describe("reading the clipboard", () => {
  it("accepts a copied patch and names what is wrong with anything else", () => {
    const clip = copy(example("effect-transfer"), ["amount"]);
    expect(clipboardPatch(serializePatch(clip), nodeRegistry)).toEqual({ ok: true, patch: clip });
    expect(clipboardPatch(undefined, nodeRegistry)).toEqual({
      ok: false,
      message: "the clipboard is empty",
    });
    const prose = clipboardPatch("hello there", nodeRegistry);
    expect(prose.ok).toBe(false);
    const bad = JSON.stringify({
      format: "latent-patcher.patch",
      version: 2,
      name: "bad",
      nodes: [{ id: "x", type: "Encode", params: { model: 3 } }],
    });
    expect(clipboardPatch(bad, nodeRegistry)).toEqual({
      ok: false,
      message: expect.stringContaining("patch.nodes[0].params.model: expected a string") as string,
    });
  });
});

describe("comments on the clipboard", () => {
  const annotated = (): Patch => {
    const model = new PatchModel(nodeRegistry, example("reconstruct"));
    model.addComment([100, 50], "the dry piano");
    model.addComment([900, 50], "not copied");
    return model.patch;
  };

  it("go with the nodes when selected; other comments stay behind", () => {
    const patch = annotated();
    const [mine] = patch.comments!;
    const clip = copyToPatch(patch, ["piano"], nodeRegistry, [mine!.id])!;
    expect(clip.comments).toEqual([mine]);
    expect(parsePatch(serializePatch(clip), nodeRegistry)).toEqual(clip);
    expect(copyToPatch(patch, ["piano"], nodeRegistry)!.comments).toBeUndefined();
  });

  it("paste with fresh ids where taken, moved with the nodes, in one undo step", () => {
    const patch = annotated();
    const [mine] = patch.comments!;
    const clip = copyToPatch(patch, ["piano"], nodeRegistry, [mine!.id])!;
    const { patch: pasted, commentIds } = pasteInto(patch, clip, nodeRegistry);
    expect(commentIds).toHaveLength(1);
    expect(commentIds[0]).not.toBe(mine!.id);
    const copy = pasted.comments!.find((c) => c.id === commentIds[0])!;
    expect(copy.text).toBe("the dry piano");
    expect(copy.position).toEqual([
      mine!.position[0] + PASTE_OFFSET,
      mine!.position[1] + PASTE_OFFSET,
    ]);
    expect(pasted.comments).toHaveLength(3);

    const model = new PatchModel(nodeRegistry, patch);
    model.paste(clip);
    expect(model.patch.comments).toHaveLength(3);
    model.undo();
    expect(model.patch).toEqual(patch);
  });

  it("a comment alone can be copied and pasted at the cursor", () => {
    const patch = annotated();
    const [mine] = patch.comments!;
    const clip = copyToPatch(patch, [], nodeRegistry, [mine!.id])!;
    expect(clip.nodes).toEqual([]);
    const { patch: pasted, ids, commentIds } = pasteInto(patch, clip, nodeRegistry, [10, 20]);
    expect(ids).toEqual([]);
    expect(pasted.comments!.find((c) => c.id === commentIds[0])!.position).toEqual([10, 20]);
    expect(copyToPatch(patch, [], nodeRegistry, ["nope"])).toBeUndefined();
  });
});
