/**
 * Where the engine reads bundled files (model packs, builtin audio) from: the file system in
 * Node, `fetch` in a browser, a zip in a bundle. Paths are relative, with "/" separators.
 */
export interface ResourceLoader {
  /** Rejects with an Error whose message names the path when it cannot be read. */
  read(path: string): Promise<Uint8Array>;
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
