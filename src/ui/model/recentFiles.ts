/**
 * Recent files for the Open menu: the last few patches opened or saved, by name, with their text
 * so they open again without a file picker. The list logic is pure; where it is kept (IndexedDB
 * in the app, memory in tests) is a {@link RecentStore}.
 */
export interface RecentFile {
  readonly name: string;
  readonly text: string;
  /** When it was last opened or saved (ms since the epoch). */
  readonly at: number;
}

export const RECENT_MAX = 5;

/** `file` first, an older entry of the same name dropped, at most `max` kept. */
export function pushRecent(
  list: readonly RecentFile[],
  file: RecentFile,
  max = RECENT_MAX,
): RecentFile[] {
  return [file, ...list.filter((f) => f.name !== file.name)].slice(0, max);
}

export interface RecentStore {
  read(): Promise<readonly RecentFile[]>;
  write(list: readonly RecentFile[]): Promise<void>;
}

/** Keeps the recent list in `store`; a store that fails only loses the list, never an edit. */
export class RecentFiles {
  private list: Promise<readonly RecentFile[]>;
  private readonly listeners = new Set<(list: readonly RecentFile[]) => void>();

  constructor(
    private readonly store: RecentStore,
    private readonly now: () => number = Date.now,
  ) {
    this.list = store.read().then(valid, () => []);
  }

  all(): Promise<readonly RecentFile[]> {
    return this.list;
  }

  /** Calls `listener` with the new list after every add; returns the unsubscribe function. */
  subscribe(listener: (list: readonly RecentFile[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records `name` with `text`; resolves with the new list once stored. The list is read again
   * first, so an entry another tab added meanwhile is kept; adds run one at a time.
   */
  add(name: string, text: string): Promise<readonly RecentFile[]> {
    this.list = this.list.then(async (cached) => {
      const stored = await this.store.read().then(valid, () => cached);
      const next = pushRecent(stored, { name, text, at: this.now() });
      for (const l of this.listeners) l(next);
      await this.store.write(next).catch((err: unknown) => console.warn("recent files", err));
      return next;
    });
    return this.list;
  }
}

function valid(list: unknown): RecentFile[] {
  if (!Array.isArray(list)) return [];
  return list.filter(
    (f): f is RecentFile =>
      typeof f === "object" &&
      f !== null &&
      typeof (f as RecentFile).name === "string" &&
      typeof (f as RecentFile).text === "string" &&
      typeof (f as RecentFile).at === "number",
  );
}
