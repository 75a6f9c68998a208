/**
 * A folder dropped on the page, read through the File and Directory Entries API
 * (`DataTransferItem.webkitGetAsEntry`) into a {@link FileTree}. Typed structurally so tests can
 * pass plain objects.
 */
import type { FileTree } from "./zipFiles";

/** The parts of `FileSystemEntry` read here. */
export interface DroppedEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

export interface DroppedFile extends DroppedEntry {
  file(ok: (file: Blob) => void, fail: (err: unknown) => void): void;
}

export interface DroppedDirectory extends DroppedEntry {
  createReader(): {
    readEntries(ok: (entries: DroppedEntry[]) => void, fail: (err: unknown) => void): void;
  };
}

/** The folder's files beyond this many are refused (a pack holds a handful). */
const MAX_FILES = 1000;

async function children(dir: DroppedDirectory): Promise<DroppedEntry[]> {
  const reader = dir.createReader();
  const all: DroppedEntry[] = [];
  // readEntries hands out a batch at a time (100 in Chromium) until it returns none.
  for (;;) {
    const batch = await new Promise<DroppedEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Every file under `dir`, by path relative to it. */
export async function readDroppedFolder(dir: DroppedDirectory): Promise<FileTree> {
  const files = new Map<string, Uint8Array>();
  const walk = async (entry: DroppedEntry, prefix: string): Promise<void> => {
    if (files.size > MAX_FILES) {
      throw new Error(`${dir.name}: more than ${MAX_FILES} files; is this a model pack?`);
    }
    if (entry.isDirectory) {
      for (const child of await children(entry as DroppedDirectory)) {
        await walk(child, `${prefix}${child.name}${child.isDirectory ? "/" : ""}`);
      }
    } else if (entry.isFile) {
      const blob = await new Promise<Blob>((ok, fail) => (entry as DroppedFile).file(ok, fail));
      files.set(prefix, new Uint8Array(await blob.arrayBuffer()));
    }
  };
  await walk(dir, "");
  return files;
}
