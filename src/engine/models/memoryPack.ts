/**
 * Model packs held in memory — read from a dropped folder, a zip or a bundle — and the
 * {@link ResourceLoader}s that serve them to `loadModelPack` and the engine.
 */
import type { ResourceLoader } from "../resources";

/** A pack's files by name relative to the pack folder (`model.json`, `encoder.onnx`, …). */
export type PackFiles = ReadonlyMap<string, Uint8Array>;

/** A model pack in memory: its id (from its manifest) and its files. */
export interface MemoryModelPack {
  readonly id: string;
  readonly files: PackFiles;
}

/** Reads `<root>/<name>` from `files`; any other path is refused, naming what the pack has. */
export function packFilesLoader(root: string, files: PackFiles): ResourceLoader {
  return {
    read(path) {
      const name = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
      const bytes = name === undefined ? undefined : files.get(name);
      if (bytes) return Promise.resolve(bytes);
      const has = [...files.keys()].sort().join(", ") || "nothing";
      return Promise.reject(new Error(`${path}: no such file (the pack has: ${has})`));
    },
  };
}

/**
 * Serves `models/<id>/<file>` from the in-memory pack `packOf(id)` when there is one, and every
 * other path from `fallback` (the app's own files). `packOf` is asked on every read, so packs
 * added later are seen.
 */
export function memoryPackLoader(
  packOf: (id: string) => MemoryModelPack | undefined,
  fallback: ResourceLoader,
): ResourceLoader {
  return {
    read(path) {
      const match = /^models\/([^/]+)\//.exec(path);
      const pack = match ? packOf(match[1] ?? "") : undefined;
      return pack
        ? packFilesLoader(`models/${pack.id}`, pack.files).read(path)
        : fallback.read(path);
    },
  };
}
