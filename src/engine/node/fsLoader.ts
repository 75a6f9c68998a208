import { open, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ResourceLoader } from "../resources";

/** The one-line message for a file that cannot be read, naming its path. */
function problem(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  return new Error(`${path}: ${code === "ENOENT" ? "no such file" : String(err)}`);
}

/** Reads resources from a folder on disk (Node only); `open` reads them at positions. */
export function fsLoader(root: string): ResourceLoader {
  return {
    async read(path) {
      try {
        return new Uint8Array(await readFile(resolve(root, path)));
      } catch (err) {
        throw problem(path, err);
      }
    },
    async open(path) {
      try {
        return await open(resolve(root, path), "r");
      } catch (err) {
        throw problem(path, err);
      }
    },
  };
}
