/**
 * Loaded model packs shared between the patches a worker plays. Opening a pack builds its ONNX
 * sessions — hundreds of milliseconds of a busy thread for a neural pack — so a patch reloaded
 * while playing (Ctrl-Enter in the text view, an edit that rebuilds the graph, another demo on
 * the same model) takes the sessions the playing patch already has instead of building them
 * again while the sound waits. A pack is stateless (each Encode/Decode makes its own streaming
 * state), so two patches can hold it at once: during a crossfade both do.
 *
 * Each holder gets its own handle; the sessions are released when the last handle is disposed
 * and the pack has fallen out of the few idle ones kept for a switch back.
 */
import type { ResourceLoader } from "../resources";
import { ALL_PACK_ROLES, loadModelPack, type LoadModelPackOptions } from "./loadPack";
import type { LoadedModel } from "./types";

interface Entry {
  readonly key: string;
  readonly model: Promise<LoadedModel>;
  holders: number;
  /** Set once {@link PackCache.invalidate} replaced it: released when its last holder goes. */
  stale: boolean;
}

/** A refcounted cache of {@link loadModelPack}, keyed by the pack's folder and options. */
export class PackCache {
  private readonly entries = new Map<string, Entry>();
  /** Entries nobody holds, oldest first: kept for a switch back, up to `keepIdle`. */
  private idle: Entry[] = [];

  /** @param keepIdle packs nobody holds that stay open (default 2). */
  constructor(private readonly keepIdle = 2) {}

  /**
   * The pack in `dir`, loaded once for every holder. Each call's handle must be disposed once;
   * a pack that failed to load is not kept, so the next call tries again.
   */
  async acquire(
    loader: ResourceLoader,
    dir: string,
    options: LoadModelPackOptions = {},
  ): Promise<LoadedModel> {
    // A pack opened for one half only is another entry than the whole pack.
    const roles = options.roles ?? ALL_PACK_ROLES;
    const key = `${dir}\u0000${JSON.stringify(options.onnx ?? {})}\u0000${roles.join(",")}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, model: loadModelPack(loader, dir, options), holders: 0, stale: false };
      this.entries.set(key, entry);
    }
    const held = entry;
    held.holders++;
    this.idle = this.idle.filter((e) => e !== held);
    let model: LoadedModel;
    try {
      model = await held.model;
    } catch (err) {
      held.holders--;
      if (this.entries.get(key) === held) this.entries.delete(key);
      throw err;
    }
    let released: Promise<void> | undefined;
    return {
      ...model,
      dispose: () => (released ??= this.release(held)),
    };
  }

  /**
   * Forgets the packs in `dir` (a pack of that id was dropped or replaced): later calls load it
   * afresh; patches holding the old one keep it until they let go.
   */
  async invalidate(dir: string): Promise<void> {
    const gone = [...this.entries.values()].filter((e) => e.key.startsWith(`${dir}\u0000`));
    await Promise.all(gone.map((e) => this.forget(e)));
  }

  /** Forgets every pack (the inference backend changed). */
  async clear(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.forget(e)));
  }

  /** How many packs are open (held or idle), for tests and status. */
  get size(): number {
    return this.entries.size;
  }

  private async forget(entry: Entry): Promise<void> {
    entry.stale = true;
    this.entries.delete(entry.key);
    if (this.idle.includes(entry)) {
      this.idle = this.idle.filter((e) => e !== entry);
      await close(entry);
    }
  }

  private async release(entry: Entry): Promise<void> {
    entry.holders--;
    if (entry.holders > 0) return;
    if (entry.stale) return close(entry);
    this.idle.push(entry);
    while (this.idle.length > this.keepIdle) {
      const oldest = this.idle.shift()!;
      this.entries.delete(oldest.key);
      await close(oldest);
    }
  }
}

async function close(entry: Entry): Promise<void> {
  const model = await entry.model.catch(() => undefined);
  await model?.dispose();
}
