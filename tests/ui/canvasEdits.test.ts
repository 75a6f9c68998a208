/** The patch model's canvas edits: comments, removing a selected cable, renaming the patch. */
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { MAX_COMMENT_LENGTH } from "../../src/engine/patch/schema";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { NEW_COMMENT_TEXT } from "../../src/ui/model/comments";
import { PatchModel } from "../../src/ui/model/patchModel";
import { at, empty, example } from "./helpers";

const reload = (model: PatchModel) => parsePatch(serializePatch(model.toPatch()), nodeRegistry);

describe("comments", () => {
  it("are added, edited, moved and removed, each one undo step, and saved in the file", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const states = [model.patch];
    const a = model.addComment([10, 20], NEW_COMMENT_TEXT);
    const b = model.addComment([300, 20], "second");
    expect([a, b]).toEqual(["comment1", "comment2"]);
    states.push(model.patch);
    expect(model.setCommentText(a, "the angle turns\nthe timbre")).toEqual({ ok: true });
    states.push(model.patch);
    model.move(new Map(), new Map([[a, [40, 60] as const]]));
    states.push(model.patch);
    expect(reload(model).comments).toEqual([
      { id: a, text: "the angle turns\nthe timbre", position: [40, 60] },
      { id: b, text: "second", position: [300, 20] },
    ]);
    model.remove({ comments: [a] });
    expect(model.patch.comments?.map((c) => c.id)).toEqual([b]);
    model.remove({ comments: [b] });
    expect(model.patch.comments).toBeUndefined();
    expect(serializePatch(model.toPatch())).not.toContain('"comments"');
    model.undo();
    model.undo();
    for (let i = states.length - 1; i >= 1; i--) {
      expect(model.patch).toBe(states[i]);
      model.undo();
    }
    expect(model.patch.comments?.map((c) => c.id)).toEqual([a]); // each add is its own step
    model.undo();
    expect(model.patch).toBe(states[0]);
  });

  it("never reuse a taken id, and move with nodes in one step", () => {
    const model = new PatchModel(nodeRegistry, example("reconstruct"));
    const first = model.addComment([0, 0], "x");
    model.remove({ comments: [first] });
    const id = model.addComment([0, 0], "x");
    const other = model.addComment([5, 5], "y");
    expect(other).not.toBe(id);
    const node = model.patch.nodes[0]!.id;
    const before = model.patch;
    model.move(new Map([[node, [999, 999] as const]]), new Map([[id, [7, 8] as const]]));
    expect(model.node(node)?.position).toEqual([999, 999]);
    expect(model.comment(id)?.position).toEqual([7, 8]);
    model.undo();
    expect(model.patch).toBe(before);
  });

  it("refuse text that is too long and unknown ids, leaving the patch unchanged", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const id = model.addComment([0, 0], "ok");
    const before = model.patch;
    expect(model.setCommentText(id, "x".repeat(MAX_COMMENT_LENGTH + 1))).toEqual({
      ok: false,
      message: `a comment holds at most ${MAX_COMMENT_LENGTH} characters, got ${MAX_COMMENT_LENGTH + 1}`,
    });
    expect(model.setCommentText("nope", "x")).toEqual({ ok: false, message: 'no comment "nope"' });
    expect(model.setCommentText(id, "ok")).toEqual({ ok: true });
    expect(model.patch).toBe(before);
    expect(() => model.addComment([0, 0], "x".repeat(MAX_COMMENT_LENGTH + 1))).toThrow(/at most/);
  });

  it("are left alone by node edits and copied patches", () => {
    const model = new PatchModel(nodeRegistry, example("reconstruct"));
    model.addComment([0, 0], "keep me");
    const ids = model.patch.nodes.map((n) => n.id);
    model.removeNodes([ids[0]!]);
    expect(model.patch.comments?.map((c) => c.text)).toEqual(["keep me"]);
    expect(model.copy(ids.slice(1))?.comments).toBeUndefined();
    model.duplicate([ids[1]!]);
    expect(model.patch.comments).toHaveLength(1);
  });
});

describe("removing a selection", () => {
  it("removes one cable, nodes and comments together in one undo step", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    const [cable, other] = model.patch.connections;
    const before = model.patch;
    model.remove({ cables: [cable!] });
    expect(model.patch.connections).not.toContainEqual(cable);
    expect(model.patch.connections).toContainEqual(other);
    expect(model.patch.connections).toHaveLength(before.connections.length - 1);
    model.undo();
    expect(model.patch).toBe(before);

    const comment = model.addComment([0, 0], "c");
    const withComment = model.patch;
    model.remove({ nodes: ["amount"], comments: [comment], cables: [cable!] });
    expect(model.node("amount")).toBeUndefined();
    expect(model.patch.comments).toBeUndefined();
    expect(model.patch.connections).not.toContainEqual(cable);
    model.undo();
    expect(model.patch).toBe(withComment);
  });

  it("does nothing, and adds no undo step, when nothing named is there", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const src = model.addNode("AudioIn", [0, 0]);
    const enc = model.addNode("Encode", [200, 0]);
    model.connect(at(src, "audio"), at(enc, "audio"));
    const before = model.patch;
    model.remove({});
    model.remove({ nodes: ["ghost"], comments: ["ghost"], cables: [{ from: "a.b", to: "c.d" }] });
    expect(model.patch).toBe(before);
    model.undo();
    expect(model.patch.connections).toEqual([]);
  });
});

describe("renaming the patch", () => {
  it("changes the saved name, one undo step, trimmed", () => {
    const model = new PatchModel(nodeRegistry, example("reconstruct"));
    const before = model.patch;
    expect(model.rename("  my latent bend ")).toEqual({ ok: true });
    expect(reload(model).name).toBe("my latent bend");
    model.undo();
    expect(model.patch).toBe(before);
  });

  it("refuses an empty name and leaves the patch unchanged", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const before = model.patch;
    expect(model.rename("   ")).toEqual({ ok: false, message: "a patch name cannot be empty" });
    expect(model.rename(before.name)).toEqual({ ok: true });
    expect(model.patch).toBe(before);
    expect(model.canUndo).toBe(false);
  });
});
