import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { serializePatch } from "../../src/engine/patch/serialize";
import {
  Autosaver,
  autosaveRecord,
  restoreAutosave,
  type AutosaveStore,
} from "../../src/ui/model/autosave";
import { PatchModel } from "../../src/ui/model/patchModel";
import { example } from "./helpers";

function memoryStore(): AutosaveStore & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    read: () => Promise.resolve(writes[writes.length - 1]),
    write: async (text) => {
      await new Promise((r) => setTimeout(r, 1));
      writes.push(text);
    },
  };
}

describe("autosave", () => {
  it("restores exactly the patch that was saved", () => {
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    model.setParam("amount", "factor", 0.5);
    const restored = restoreAutosave(autosaveRecord(model.toPatch()), nodeRegistry);
    expect(restored).toEqual(model.toPatch());
    expect(serializePatch(restored!)).toBe(serializePatch(model.toPatch()));
  });

  it("ignores a missing or broken record", () => {
    expect(restoreAutosave(undefined, nodeRegistry)).toBeUndefined();
    expect(restoreAutosave("{ not json", nodeRegistry)).toBeUndefined();
    expect(
      restoreAutosave(
        '{"format":"latent-patcher.patch","version":1,"name":"x","nodes":[{"id":"a","type":"Gone"}]}',
        nodeRegistry,
      ),
    ).toBeUndefined();
  });

  it("writes the latest state after a burst of changes, skipping what is already stored", async () => {
    const store = memoryStore();
    const saver = new Autosaver(store);
    const model = new PatchModel(nodeRegistry, example("effect-transfer"));
    model.subscribe((p) => saver.save(p));
    for (const f of [0.1, 0.2, 0.3, 0.4]) model.setParam("amount", "factor", f, "drag");
    await saver.flushed();
    saver.save(model.toPatch());
    await saver.flushed();
    expect(store.writes.length).toBeLessThanOrEqual(2);
    expect(restoreAutosave(await store.read(), nodeRegistry)).toEqual(model.toPatch());
  });

  it("reports a failing store without throwing", async () => {
    const errors: unknown[] = [];
    const saver = new Autosaver(
      { read: () => Promise.resolve(undefined), write: () => Promise.reject(new Error("quota")) },
      (e) => errors.push(e),
    );
    saver.save(example("reconstruct"));
    await saver.flushed();
    expect(errors).toHaveLength(1);
  });
});
