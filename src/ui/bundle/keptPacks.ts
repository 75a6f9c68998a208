/**
 * Custom model packs survive a reload: every pack put on the app's shelf (dropped, or opened
 * from a bundle) is written to a store (IndexedDB in the browser) and put back on the shelf at
 * the next start, so an autosaved or recent patch that uses it opens as it was. Removing a pack
 * from the shelf removes it from the store. Pure, no DOM.
 */
import type { MemoryModelPack } from "../../engine/models/memoryPack";
import type { ModelShelf } from "./modelShelf";

/** One kept pack as the store holds it. */
export interface KeptPack {
  readonly id: string;
  /** [file name, bytes] pairs, as in the pack folder. */
  readonly files: readonly (readonly [string, Uint8Array])[];
  /** When it was kept (ms since 1970). */
  readonly keptAt: number;
}

/** Where kept packs live, keyed by pack id. */
export interface PackStore {
  /** Every record, as stored (checked by {@link packOfRecord}). */
  all(): Promise<unknown[]>;
  put(record: KeptPack): Promise<void>;
  delete(id: string): Promise<void>;
}

export function recordOfPack(pack: MemoryModelPack, keptAt: number): KeptPack {
  return { id: pack.id, files: [...pack.files], keptAt };
}

/**
 * The pack of a stored record.
 * @throws Error saying what is wrong with a record that is not a kept pack
 */
export function packOfRecord(value: unknown): MemoryModelPack {
  const r = value as Partial<KeptPack> | null;
  if (typeof r !== "object" || r === null || typeof r.id !== "string" || r.id === "") {
    throw new Error("a kept model record has no id");
  }
  if (!Array.isArray(r.files)) throw new Error(`the kept model "${r.id}" has no file list`);
  const files = new Map<string, Uint8Array>();
  for (const entry of r.files as unknown[]) {
    const [name, bytes] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (typeof name !== "string" || !(bytes instanceof Uint8Array)) {
      throw new Error(`the kept model "${r.id}" has a damaged file entry`);
    }
    files.set(name, bytes);
  }
  if (!files.has("model.json")) throw new Error(`the kept model "${r.id}" has no model.json`);
  return { id: r.id, files };
}

export interface KeptPacksOutcome {
  /** Ids put back on the shelf. */
  readonly restored: string[];
  /** One line per record that could not be restored (it is deleted from the store). */
  readonly problems: string[];
}

/**
 * Puts the stored packs on `shelf`, then keeps `store` in step with it: packs added later are
 * written, packs removed are deleted. Write failures go to `onError`; the shelf is never blocked
 * by the store. Returns what was restored; `stop()` ends the keeping; `settled()` resolves when
 * the writes so far are done.
 */
export async function keepPacks(
  shelf: ModelShelf,
  store: PackStore,
  opts: { readonly now?: () => number; readonly onError?: (err: unknown) => void } = {},
): Promise<KeptPacksOutcome & { stop(): void; settled(): Promise<void> }> {
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? (() => {});
  const restored: string[] = [];
  const problems: string[] = [];
  for (const record of await store.all()) {
    try {
      const pack = packOfRecord(record);
      shelf.add(pack);
      restored.push(pack.id);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      const id = (record as { id?: unknown } | null)?.id;
      if (typeof id === "string") await store.delete(id).catch(onError);
    }
  }
  const kept = new Set(shelf.customIds());
  let writing = Promise.resolve();
  const stop = shelf.subscribe(() => {
    const ids = new Set(shelf.customIds());
    for (const id of ids) {
      if (kept.has(id)) continue;
      const pack = shelf.get(id);
      if (pack) writing = writing.then(() => store.put(recordOfPack(pack, now()))).catch(onError);
    }
    for (const id of kept) {
      if (!ids.has(id)) writing = writing.then(() => store.delete(id)).catch(onError);
    }
    kept.clear();
    for (const id of ids) kept.add(id);
  });
  return { restored, problems, stop, settled: () => writing };
}
