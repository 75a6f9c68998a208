/**
 * The custom model packs loaded into the running app (dropped, or opened from a bundle), beside
 * the packs the app ships. The engine reads them through `loader`; the model selects of Encode
 * and Decode list `customIds`. Pure, no DOM.
 */
import { memoryPackLoader, type MemoryModelPack } from "../../engine/models/memoryPack";
import type { ResourceLoader } from "../../engine/resources";
import { FileRefusedError } from "./zipFiles";

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const samePack = (a: MemoryModelPack, b: MemoryModelPack): boolean =>
  a.files.size === b.files.size &&
  [...a.files].every(([name, bytes]) => {
    const other = b.files.get(name);
    return other !== undefined && sameBytes(bytes, other);
  });

export class ModelShelf {
  private readonly packs = new Map<string, MemoryModelPack>();
  /**
   * Ids removed since the page opened: engines here and in the worker may still hold the model
   * they loaded under that id, so only the same pack may come back under it before a reload.
   */
  private readonly removed = new Map<string, MemoryModelPack>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change (for `useSyncExternalStore`). */
  version = 0;

  /** The ids of the custom packs, sorted. */
  customIds(): string[] {
    return [...this.packs.keys()].sort();
  }

  get(id: string): MemoryModelPack | undefined {
    return this.packs.get(id);
  }

  /**
   * Whether `add(pack)` would add it: false for the same pack again.
   * @throws FileRefusedError when a different pack already has its id
   */
  check(pack: MemoryModelPack): boolean {
    const gone = this.removed.get(pack.id);
    if (gone && !samePack(gone, pack)) {
      throw new FileRefusedError(
        `a different model "${pack.id}" was removed in this session and may still be in use; reload the page to load this one under the same id, or give it another id in its model.json`,
      );
    }
    const held = this.packs.get(pack.id);
    if (held && samePack(held, pack)) return false;
    if (held) {
      throw new FileRefusedError(
        `a different model "${pack.id}" is already loaded; give this pack another id in its model.json (or reload the page to replace it)`,
      );
    }
    return true;
  }

  /**
   * Puts a validated pack on the shelf. The same pack again changes nothing (false); a different
   * pack under an id already taken is refused, since patches name models by id.
   * @returns true when the pack is new
   */
  add(pack: MemoryModelPack): boolean {
    if (!this.check(pack)) return false;
    this.packs.set(pack.id, pack);
    this.removed.delete(pack.id);
    this.changed();
    return true;
  }

  /** Takes pack `id` off the shelf; false when there was none. */
  remove(id: string): boolean {
    const pack = this.packs.get(id);
    if (!pack) return false;
    this.packs.delete(id);
    this.removed.set(id, pack);
    this.changed();
    return true;
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Serves the shelf's packs at `models/<id>/…` and everything else from `app`. */
  loader(app: ResourceLoader): ResourceLoader {
    return memoryPackLoader((id) => this.packs.get(id), app);
  }
}

/** The shelf of the running app. */
export const appModels = new ModelShelf();
