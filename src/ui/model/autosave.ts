/**
 * Autosave: after every change the open patch is written to a store (IndexedDB in the browser),
 * and on the next start it comes back. The record is the canonical patch text, so what is
 * restored is exactly what Save would have written, plus who wrote it: the tab's id and a
 * revision that every write raises by one. A write only lands when the stored revision is still
 * the one this tab last loaded or wrote (compare-and-set), so two tabs never silently overwrite
 * each other. A record that no longer loads is kept aside by the caller, never overwritten.
 */
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { parsePatch } from "../../engine/patch/parse";
import { serializePatch } from "../../engine/patch/serialize";

/** The stored autosave: the patch text, the tab that wrote it and its revision. */
export interface AutosaveRecord {
  readonly text: string;
  readonly tab: string;
  readonly revision: number;
  /** When it was written (ms since the epoch). */
  readonly at: number;
}

/** An autosave record that failed to load, kept aside (never overwritten) for the user. */
export interface KeptRecord {
  readonly id: string;
  readonly at: number;
  /** Why it did not load (the parser's first message). */
  readonly reason: string;
  /** The record's text as it was: what Download gives back. */
  readonly text: string;
}

/** What a compare-and-set write did: stored, or refused because another tab wrote `revision`. */
export type WriteOutcome =
  { readonly ok: true } | { readonly ok: false; readonly revision: number };

/** Where the autosave record (and the records kept aside) live. */
export interface AutosaveStore {
  /** The stored value as it is: a record, an older build's plain text, or anything. */
  read(): Promise<unknown>;
  /** Stores `record` only if the stored revision is still `base`, in one transaction. */
  write(record: AutosaveRecord, base: number): Promise<WriteOutcome>;
  /** Adds `kept` to the records kept aside. */
  keep(kept: KeptRecord): Promise<void>;
  /** The records kept aside, oldest first. */
  kept(): Promise<KeptRecord[]>;
  /** Forgets the kept record `id` (the user discarded it). */
  discard(id: string): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** `raw` as a record of this build, or undefined (an older build stored plain text). */
export function asRecord(raw: unknown): AutosaveRecord | undefined {
  if (!isObject(raw)) return undefined;
  const { text, tab, revision, at } = raw;
  if (typeof text !== "string" || typeof tab !== "string") return undefined;
  if (typeof revision !== "number" || !Number.isSafeInteger(revision) || revision < 0) {
    return undefined;
  }
  return { text, tab, revision, at: typeof at === "number" ? at : 0 };
}

/** The revision of a stored value: 0 for nothing, plain text or anything unreadable. */
export const revisionOf = (raw: unknown): number => asRecord(raw)?.revision ?? 0;

/** The text a stored value holds, as the user would want it back: never throws. */
export function rawText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  const record = asRecord(raw);
  if (record) return record.text;
  if (isObject(raw) && typeof raw.text === "string") return raw.text;
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

/** True when a write on top of `base` may replace the stored value `raw`. */
export const mayWrite = (raw: unknown, base: number): boolean => revisionOf(raw) === base;

/** What was found in the store at start. */
export type Restored =
  | { readonly kind: "none" }
  | { readonly kind: "patch"; readonly patch: Patch; readonly revision: number }
  | {
      readonly kind: "broken";
      readonly reason: string;
      readonly text: string;
      readonly revision: number;
    };

/** Reads a stored value: nothing, a patch that loads, or a broken record (with the reason). */
export function restoreAutosave(raw: unknown, registry: NodeRegistry): Restored {
  if (raw === undefined) return { kind: "none" };
  const revision = revisionOf(raw);
  const text = typeof raw === "string" ? raw : asRecord(raw)?.text;
  if (text === undefined) {
    return { kind: "broken", reason: "not an autosave record", text: rawText(raw), revision };
  }
  try {
    return { kind: "patch", patch: parsePatch(text, registry), revision };
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
    return { kind: "broken", reason, text, revision };
  }
}

/** How an {@link Autosaver} reports what happened to its writes. */
export interface AutosaverOptions {
  /** This tab's id, written in every record. */
  readonly tab: string;
  /** The revision this tab loaded (0 when the store held none). */
  readonly base: number;
  /** The text this tab loaded, so that an unchanged patch is not written again. */
  readonly loaded?: string;
  readonly now?: () => number;
  /** A write landed. */
  readonly onSaved?: (record: AutosaveRecord) => void;
  /** A write failed (a full disk: QuotaExceededError); the next change tries again. */
  readonly onError?: (err: unknown) => void;
  /** Another tab wrote `revision` since; nothing more is written until `adopt` or `takeOver`. */
  readonly onConflict?: (revision: number) => void;
}

/**
 * Writes patches to its store one at a time, dropping intermediate ones that arrive while a write
 * is running (only the latest state matters). `flushed()` resolves when nothing is pending.
 * While another tab's newer revision is unresolved, or while suspended, changes are held here.
 */
export class Autosaver {
  private pending: string | undefined;
  private running: Promise<void> | undefined;
  private lastWritten: string | undefined;
  private latest: string | undefined;
  private base: number;
  private held: "conflict" | "suspended" | undefined;
  private readonly now: () => number;

  constructor(
    private readonly store: AutosaveStore,
    private readonly options: AutosaverOptions,
  ) {
    this.base = options.base;
    this.lastWritten = this.latest = options.loaded;
    this.now = options.now ?? Date.now;
  }

  save(patch: Patch): void {
    this.latest = this.pending = serializePatch(patch);
    this.kick();
  }

  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }

  /** The revision this tab's next write builds on. */
  get revision(): number {
    return this.base;
  }

  /** True when another tab's revision is unresolved. */
  get conflicted(): boolean {
    return this.held === "conflict";
  }

  /** True when this tab has a change that is not stored. */
  get unsaved(): boolean {
    return this.latest !== this.lastWritten;
  }

  /** Another tab announced that it wrote `revision`: a conflict if it is past this tab's. */
  heard(revision: number): void {
    if (revision > this.base) this.conflict(revision);
  }

  /** Stops writing (the stored record must stay as it is); changes are held. */
  suspend(): void {
    this.held = "suspended";
  }

  /** This tab opened the stored `revision` (holding `text`): builds on it from now on. */
  adopt(revision: number, text: string): void {
    this.base = revision;
    this.lastWritten = this.latest = text;
    this.pending = undefined;
    this.held = undefined;
  }

  /** This tab keeps its own patch: writes it over the stored `revision`. */
  takeOver(revision: number): void {
    this.base = revision;
    this.held = undefined;
    this.lastWritten = undefined;
    this.pending = this.latest;
    this.kick();
  }

  private conflict(revision: number): void {
    if (this.held === "conflict") return;
    this.held = "conflict";
    this.options.onConflict?.(revision);
  }

  private kick(): void {
    if (this.running || this.held) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending !== undefined) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending !== undefined && !this.held) {
      const text = this.pending;
      this.pending = undefined;
      if (text === this.lastWritten) continue;
      const record = { text, tab: this.options.tab, revision: this.base + 1, at: this.now() };
      try {
        const outcome = await this.store.write(record, this.base);
        if (outcome.ok) {
          this.base = record.revision;
          this.lastWritten = text;
          this.options.onSaved?.(record);
        } else {
          this.pending ??= text;
          this.conflict(outcome.revision);
        }
      } catch (err) {
        this.options.onError?.(err);
      }
    }
  }
}
