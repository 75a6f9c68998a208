import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { serializePatch } from "../../src/engine/patch/serialize";
import {
  asRecord,
  Autosaver,
  rawText,
  restoreAutosave,
  revisionOf,
  type AutosaveRecord,
} from "../../src/ui/model/autosave";
import { autosaveErrorText } from "../../src/ui/session/keptNotices";
import { PatchModel } from "../../src/ui/model/patchModel";
import { example } from "./helpers";
import { memoryAutosave } from "./memoryAutosave";

const record = (text: string, revision = 1, tab = "a"): AutosaveRecord => ({
  text,
  tab,
  revision,
  at: 0,
});

describe("autosave records", () => {
  it("restores exactly the patch that was saved, from a record or an older build's text", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    model.setParam("amount", "factor", 0.5);
    const text = serializePatch(model.toPatch());
    const restored = restoreAutosave(record(text, 7), nodeRegistry);
    expect(restored).toEqual({ kind: "patch", patch: model.toPatch(), revision: 7 });
    expect(restoreAutosave(text, nodeRegistry)).toEqual({
      kind: "patch",
      patch: model.toPatch(),
      revision: 0,
    });
  });

  it("finds nothing in an empty store", () => {
    expect(restoreAutosave(undefined, nodeRegistry)).toEqual({ kind: "none" });
  });

  it("says why a broken record does not load, and keeps its text as it was", () => {
    expect(restoreAutosave(record("{ not json", 3), nodeRegistry)).toMatchObject({
      kind: "broken",
      reason: expect.stringMatching(/^patch: not valid JSON/) as unknown,
      text: "{ not json",
      revision: 3,
    });
    const gone =
      '{"format":"latent-patcher.patch","version":1,"name":"x","nodes":[{"id":"a","type":"Gone"}],"connections":[]}';
    const broken = restoreAutosave(gone, nodeRegistry);
    expect(broken).toMatchObject({ kind: "broken", text: gone, revision: 0 });
    expect(broken.kind === "broken" && broken.reason).toMatch(/^patch\.nodes\[0\]\.type: /);
    expect(restoreAutosave(42, nodeRegistry)).toEqual({
      kind: "broken",
      reason: "not an autosave record",
      text: "42",
      revision: 0,
    });
  });

  it("reads revisions and text defensively", () => {
    expect(revisionOf(record("x", 4))).toBe(4);
    expect(revisionOf("legacy text")).toBe(0);
    expect(revisionOf({ text: "x", tab: "a", revision: -1 })).toBe(0);
    expect(asRecord({ text: "x", tab: "a", revision: 1.5 })).toBeUndefined();
    expect(rawText({ text: "inner", revision: "bad" })).toBe("inner");
    expect(rawText({ a: 1 })).toBe('{"a":1}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(rawText(cyclic)).toBe("[object Object]");
  });
});

describe("Autosaver", () => {
  it("writes the latest state after a burst of changes, skipping what is already stored", async () => {
    const store = memoryAutosave();
    const saver = new Autosaver(store, { tab: "a", base: 0 });
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    model.subscribe((p) => saver.save(p));
    for (const f of [0.1, 0.2, 0.3, 0.4]) model.setParam("amount", "factor", f, "drag");
    await saver.flushed();
    saver.save(model.toPatch());
    await saver.flushed();
    expect(store.writes).toBeLessThanOrEqual(2);
    expect(restoreAutosave(store.current, nodeRegistry)).toMatchObject({
      kind: "patch",
      patch: model.toPatch(),
      revision: store.writes,
    });
    expect(saver.unsaved).toBe(false);
  });

  it("does not write back the patch it loaded", async () => {
    const text = serializePatch(example("reconstruct"));
    const store = memoryAutosave(record(text, 5));
    const saver = new Autosaver(store, { tab: "b", base: 5, loaded: text });
    saver.save(example("reconstruct"));
    await saver.flushed();
    expect(store.writes).toBe(0);
  });

  it("reports a full disk without throwing, and tries again on the next change", async () => {
    const errors: unknown[] = [];
    const store = memoryAutosave();
    store.fail = new DOMException("The quota has been exceeded.", "QuotaExceededError");
    const saver = new Autosaver(store, { tab: "a", base: 0, onError: (e) => errors.push(e) });
    saver.save(example("reconstruct"));
    await saver.flushed();
    expect(errors).toHaveLength(1);
    expect(saver.unsaved).toBe(true);
    expect(autosaveErrorText(errors[0])).toMatch(/^Autosave failed: .*full \(QuotaExceededError\)/);
    expect(autosaveErrorText(new Error("disk on fire"))).toBe(
      "Autosave failed (Error: disk on fire). Your latest changes are only in this tab — Save the patch as a file.",
    );
    store.fail = undefined;
    saver.save(example("filmr-sweep"));
    await saver.flushed();
    expect(store.writes).toBe(1);
    expect(saver.unsaved).toBe(false);
  });

  it("never writes over another tab's newer revision: holds its changes until told", async () => {
    const store = memoryAutosave();
    const conflicts: number[] = [];
    const a = new Autosaver(store, { tab: "a", base: 0, onConflict: (r) => conflicts.push(r) });
    const b = new Autosaver(store, { tab: "b", base: 0 });
    b.save(example("filmr-sweep"));
    await b.flushed();
    a.save(example("reconstruct"));
    await a.flushed();
    expect(conflicts).toEqual([1]);
    expect(asRecord(store.current)).toMatchObject({ tab: "b", revision: 1 });
    expect(a.conflicted && a.unsaved).toBe(true);
    a.save(example("interpolate"));
    await a.flushed();
    expect(store.writes).toBe(1);

    a.takeOver(1);
    await a.flushed();
    expect(asRecord(store.current)).toMatchObject({
      tab: "a",
      revision: 2,
      text: serializePatch(example("interpolate")),
    });
    // b hears of it on the channel; its own next change would be refused too.
    const heard: number[] = [];
    const c = new Autosaver(store, { tab: "c", base: 2, onConflict: (r) => heard.push(r) });
    c.heard(2);
    c.heard(1);
    expect(heard).toEqual([]);
    c.heard(3);
    expect(heard).toEqual([3]);
  });

  it("adopts the other tab's revision and builds on it", async () => {
    const store = memoryAutosave();
    const a = new Autosaver(store, { tab: "a", base: 0 });
    const b = new Autosaver(store, { tab: "b", base: 0 });
    b.save(example("filmr-sweep"));
    await b.flushed();
    a.save(example("reconstruct"));
    await a.flushed();
    a.adopt(1, serializePatch(example("filmr-sweep")));
    a.save(example("filmr-sweep"));
    await a.flushed();
    expect(store.writes).toBe(1);
    a.save(example("interpolate"));
    await a.flushed();
    expect(asRecord(store.current)).toMatchObject({ tab: "a", revision: 2 });
  });

  it("writes over an older build's plain-text record as revision 1", async () => {
    const text = serializePatch(example("reconstruct"));
    const store = memoryAutosave(text);
    const saver = new Autosaver(store, { tab: "a", base: 0, loaded: text });
    saver.save(example("interpolate"));
    await saver.flushed();
    expect(asRecord(store.current)).toMatchObject({ tab: "a", revision: 1 });
  });

  it("writes nothing while suspended", async () => {
    const store = memoryAutosave("broken text");
    const saver = new Autosaver(store, { tab: "a", base: 0 });
    saver.suspend();
    saver.save(example("reconstruct"));
    await saver.flushed();
    expect(store.current).toBe("broken text");
  });
});
