import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ResourceLoader } from "../resources";

/** Reads resources from a folder on disk (Node only). */
export function fsLoader(root: string): ResourceLoader {
  return {
    async read(path) {
      try {
        return new Uint8Array(await readFile(resolve(root, path)));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(`${path}: ${code === "ENOENT" ? "no such file" : String(err)}`);
      }
    },
  };
}
