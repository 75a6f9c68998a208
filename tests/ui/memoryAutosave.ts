/**
 * An in-memory AutosaveStore with the IndexedDB store's rules (compare-and-set writes, records
 * kept aside by id), shared by several "tabs" in a test; `fail` makes the next writes throw.
 */
import {
  mayWrite,
  revisionOf,
  type AutosaveStore,
  type KeptRecord,
} from "../../src/ui/model/autosave";

export interface MemoryAutosave extends AutosaveStore {
  /** The stored value, as IndexedDB would hold it. */
  current: unknown;
  readonly keptRecords: Map<string, KeptRecord>;
  /** How many writes landed. */
  writes: number;
  /** Thrown by the next writes (and keeps) while set. */
  fail: Error | undefined;
}

export function memoryAutosave(current?: unknown): MemoryAutosave {
  const store: MemoryAutosave = {
    current,
    keptRecords: new Map(),
    writes: 0,
    fail: undefined,
    read: () => Promise.resolve(store.current),
    write: async (record, base) => {
      await new Promise((r) => setTimeout(r, 1));
      if (store.fail) throw store.fail;
      if (!mayWrite(store.current, base)) return { ok: false, revision: revisionOf(store.current) };
      store.current = record;
      store.writes++;
      return { ok: true };
    },
    keep: (kept) => {
      if (store.fail) return Promise.reject(store.fail);
      if (store.keptRecords.has(kept.id)) return Promise.reject(new Error(`${kept.id} exists`));
      store.keptRecords.set(kept.id, kept);
      return Promise.resolve();
    },
    kept: () => Promise.resolve([...store.keptRecords.values()]),
    discard: (id) => {
      store.keptRecords.delete(id);
      return Promise.resolve();
    },
  };
  return store;
}
