/**
 * Where the engine reads bundled files (model packs, builtin audio) from: the file system in
 * Node, `fetch` in a browser, a zip in a bundle. Paths are relative, with "/" separators.
 */
import type { ReadableFile } from "../dsp/fileAccess";

export interface ResourceLoader {
  /** Rejects with an Error whose message names the path when it cannot be read. */
  read(path: string): Promise<Uint8Array>;
  /**
   * Opens the file for reads at positions, where the loader can (a folder on disk), so a long
   * sound can be read as it plays instead of whole; rejects naming the path like `read`.
   */
  open?(path: string): Promise<OpenedFile>;
}

/** A file opened by {@link ResourceLoader.open}; the opener closes it. */
export interface OpenedFile extends ReadableFile {
  close(): Promise<void>;
}

/** Reads resources over HTTP(S) relative to `baseUrl` (browser). */
export function fetchLoader(baseUrl: string): ResourceLoader {
  return {
    async read(path) {
      const url = new URL(path, baseUrl);
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
