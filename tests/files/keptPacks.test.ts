import { describe, expect, it } from "vitest";
import { ModelShelf } from "../../src/ui/bundle/modelShelf";
import {
  keepPacks,
  packOfRecord,
  recordOfPack,
  type KeptPack,
  type PackStore,
} from "../../src/ui/bundle/keptPacks";
import type { MemoryModelPack } from "../../src/engine/models/memoryPack";
import { usersOfModel } from "../../src/ui/ModelMenu";
import { customModelPatch, fixturePack } from "./helpers";

/** An in-memory store that records what was written, like IndexedDB's object store. */
function memoryStore(initial: unknown[] = []) {
  const records = new Map<string, unknown>();
  for (const r of initial) {
    const id = (r as { id?: unknown } | null)?.id;
    records.set(typeof id === "string" ? id : "", r);
  }
  const store: PackStore & { records: Map<string, unknown> } = {
    records,
    all: () => Promise.resolve([...records.values()]),
    put: (record) => {
      records.set(record.id, structuredClone(record));
      return Promise.resolve();
    },
    delete: (id) => {
      records.delete(id);
      return Promise.resolve();
    },
  };
  return store;
}

const pack = (id = "spectral-fixture"): MemoryModelPack => ({ id, files: fixturePack(id) });

describe("kept model packs", () => {
  it("writes a pack added to the shelf and puts it back on a fresh shelf, byte for byte", async () => {
    const store = memoryStore();
    const shelf = new ModelShelf();
    const kept = await keepPacks(shelf, store, { now: () => 1234 });
    expect(kept.restored).toEqual([]);
    shelf.add(pack());
    await kept.settled();
    const record = store.records.get("spectral-fixture") as KeptPack;
    expect(record.keptAt).toBe(1234);
    expect(record.files.map(([name]) => name).sort()).toEqual(
      [...fixturePack("spectral-fixture").keys()].sort(),
    );

    const next = new ModelShelf();
    const again = await keepPacks(next, store);
    expect(again.restored).toEqual(["spectral-fixture"]);
    expect(again.problems).toEqual([]);
    const back = next.get("spectral-fixture")!;
    for (const [name, bytes] of fixturePack("spectral-fixture")) {
      expect(back.files.get(name)).toEqual(bytes);
    }
  });

  it("forgets a removed pack; the same pack may come back, a different one under its id not", async () => {
    const store = memoryStore();
    const shelf = new ModelShelf();
    const kept = await keepPacks(shelf, store);
    shelf.add(pack());
    await kept.settled();
    expect(shelf.remove("spectral-fixture")).toBe(true);
    expect(shelf.remove("spectral-fixture")).toBe(false);
    await kept.settled();
    expect(store.records.size).toBe(0);
    expect(shelf.customIds()).toEqual([]);

    const other: MemoryModelPack = {
      id: "spectral-fixture",
      files: new Map([...fixturePack("spectral-fixture"), ["extra.txt", new Uint8Array([1])]]),
    };
    expect(() => shelf.add(other)).toThrow(/removed in this session.*reload the page/);
    expect(shelf.add(pack())).toBe(true);
    await kept.settled();
    expect(store.records.has("spectral-fixture")).toBe(true);
  });

  it("skips and deletes a damaged record, naming what is wrong, and restores the rest", async () => {
    const good = recordOfPack(pack(), 1);
    const store = memoryStore([
      good,
      { id: "broken", files: [["model.json", "not bytes"]] },
      { id: "bare", files: [] },
    ]);
    const shelf = new ModelShelf();
    const kept = await keepPacks(shelf, store);
    expect(kept.restored).toEqual(["spectral-fixture"]);
    expect(kept.problems).toEqual([
      'the kept model "broken" has a damaged file entry',
      'the kept model "bare" has no model.json',
    ]);
    expect([...store.records.keys()]).toEqual(["spectral-fixture"]);
    expect(() => packOfRecord(null)).toThrow("a kept model record has no id");
    expect(() => packOfRecord({ id: "x" })).toThrow('the kept model "x" has no file list');
  });

  it("stops writing after stop(); a failing store reports and leaves the shelf working", async () => {
    const errors: unknown[] = [];
    const failing: PackStore = {
      all: () => Promise.resolve([]),
      put: () => Promise.reject(new Error("quota exceeded")),
      delete: () => Promise.resolve(),
    };
    const shelf = new ModelShelf();
    const kept = await keepPacks(shelf, failing, { onError: (e) => errors.push(e) });
    expect(shelf.add(pack())).toBe(true);
    await kept.settled();
    expect(errors.map(String)).toEqual(["Error: quota exceeded"]);
    expect(shelf.customIds()).toEqual(["spectral-fixture"]);

    const store = memoryStore();
    const second = new ModelShelf();
    const keeping = await keepPacks(second, store);
    keeping.stop();
    second.add(pack());
    await keeping.settled();
    expect(store.records.size).toBe(0);
  });

  it("names the nodes that still use a model", () => {
    const patch = customModelPatch("spectral-fixture");
    expect(usersOfModel(patch, "spectral-fixture")).toEqual(["the patch's default model", "enc"]);
    expect(usersOfModel(patch, "other")).toEqual([]);
    expect(usersOfModel({ ...patch, model: "other" }, "other")).toEqual([
      "the patch's default model",
    ]);
  });
});
