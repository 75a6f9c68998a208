/**
 * A folder dropped on the page, read through the File and Directory Entries API
 * (`DataTransferItem.webkitGetAsEntry`) into a {@link FileTree}. Typed structurally so tests can
 * pass plain objects.
 */
import {
  formatBytes,
  formatCount,
  MAX_FOLDER_BYTES,
  MAX_FOLDER_FILES,
} from "../../engine/patch/limits";
import { FileRefusedError } from "./fileRefused";
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

/**
 * Every file under `dir`, by path relative to it. Sizes are read from the File before its
 * bytes, so a folder past the limits is refused without reading it.
 * @throws FileRefusedError past MAX_FOLDER_FILES files or MAX_FOLDER_BYTES in all
 */
export async function readDroppedFolder(
  dir: DroppedDirectory,
  limits = { files: MAX_FOLDER_FILES, bytes: MAX_FOLDER_BYTES },
): Promise<FileTree> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = async (entry: DroppedEntry, prefix: string): Promise<void> => {
    if (entry.isDirectory) {
      for (const child of await children(entry as DroppedDirectory)) {
        await walk(child, `${prefix}${child.name}${child.isDirectory ? "/" : ""}`);
      }
    } else if (entry.isFile) {
      if (files.size >= limits.files) {
        throw new FileRefusedError(
          `${dir.name}: more than ${formatCount(limits.files)} files (the limit for a dropped folder); is this a model pack?`,
        );
      }
      const blob = await new Promise<Blob>((ok, fail) => (entry as DroppedFile).file(ok, fail));
      total += blob.size;
      if (total > limits.bytes) {
        throw new FileRefusedError(
          `${dir.name}/${prefix}: the files up to here take ${formatBytes(total)} (the limit for a dropped folder is ${formatBytes(limits.bytes)})`,
        );
      }
      files.set(prefix, new Uint8Array(await blob.arrayBuffer()));
    }
  };
  await walk(dir, "");
  return files;
}
