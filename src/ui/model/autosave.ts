/**
 * Autosave: after every change the open patch is written to a store (IndexedDB in the browser),
 * and on the next start it comes back. The record is the canonical patch text, so what is
 * restored is exactly what Save would have written; a record that no longer parses (an older
 * build, a node type since removed) is ignored rather than breaking the start.
 */
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { parsePatch } from "../../engine/patch/parse";
import { serializePatch } from "../../engine/patch/serialize";

/** Where the autosaved patch text lives. */
export interface AutosaveStore {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export function autosaveRecord(patch: Patch): string {
  return serializePatch(patch);
}

/** The patch of an autosave record, or undefined when there is none or it no longer loads. */
export function restoreAutosave(
  text: string | undefined,
  registry: NodeRegistry,
): Patch | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePatch(text, registry);
  } catch {
    return undefined;
  }
}

/**
 * Writes patches to `store` one at a time, dropping intermediate ones that arrive while a write
 * is running (only the latest state matters). `flushed()` resolves when nothing is pending.
 */
export class Autosaver {
  private pending: string | undefined;
  private running: Promise<void> | undefined;
  private lastWritten: string | undefined;

  constructor(
    private readonly store: AutosaveStore,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  save(patch: Patch): void {
    this.pending = autosaveRecord(patch);
    this.kick();
  }

  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending !== undefined) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending !== undefined) {
      const text = this.pending;
      this.pending = undefined;
      if (text === this.lastWritten) continue;
      try {
        await this.store.write(text);
        this.lastWritten = text;
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
