/**
 * What `render` and `validate` read: a patch file, or a bundle zip (docs/bundle.md) checked whole
 * as the app opens it — its patch, sounds and custom model packs — so bundles can be checked
 * headless. Sizes are judged on the file's size before it is read.
 */
import { stat } from "node:fs/promises";
import { memoryPackLoader } from "../engine/models/memoryPack";
import { formatBytes, MAX_PATCH_BYTES, MAX_ZIP_TOTAL_BYTES } from "../engine/patch/limits";
import type { Patch } from "../engine/patch/schema";
import type { ResourceLoader } from "../engine/resources";
import { nodeRegistry } from "../nodes";
import { readBundle } from "../ui/bundle/bundle";
import { validatePack } from "../ui/bundle/packFiles";
import { looksLikeZip, readZip } from "../ui/bundle/zipFiles";
import { appLoader, availableModelIds, readInputFile } from "./app";
import { parsePatchFile } from "./textFiles";

/** A patch ready to load, and where its models come from (a bundle's packs, then the app's). */
export interface PatchInput {
  readonly patch: Patch;
  readonly appLoader: ResourceLoader;
  /** The custom model packs a bundle brought. */
  readonly packIds: readonly string[];
}

const isZipPath = (path: string): boolean => /\.zip$/i.test(path);

/** Refuses a file larger than `limit` before it is read. */
async function checkSize(path: string, limit: number, what: string): Promise<void> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0, // readInputFile reports a missing file
  );
  if (size > limit) {
    throw new Error(
      `${path}: ${formatBytes(size)}, larger than ${what} may be (the limit is ${formatBytes(limit)})`,
    );
  }
}

async function readBundleInput(path: string, bytes: Uint8Array): Promise<PatchInput> {
  const shipped = await availableModelIds();
  const opened = await readBundle(readZip(bytes, path), path, {
    registry: nodeRegistry,
    hasModel: (id) => Promise.resolve(shipped.includes(id)),
    validate: (pack) => validatePack(pack),
  });
  const packs = new Map(opened.packs.map((p) => [p.id, p]));
  return {
    patch: opened.patch,
    appLoader: memoryPackLoader((id) => packs.get(id), appLoader),
    packIds: [...packs.keys()],
  };
}

/**
 * The patch at `path`: a `.patch.json` file, or a bundle (a `.zip`, or a file that starts like
 * one) with its sounds embedded and its packs served from memory.
 * @throws an Error whose message starts with `path` and says what is wrong, in one line where it can
 */
export async function readPatchInput(path: string): Promise<PatchInput> {
  const zipNamed = isZipPath(path);
  await checkSize(
    path,
    zipNamed ? MAX_ZIP_TOTAL_BYTES : MAX_PATCH_BYTES,
    zipNamed ? "a bundle" : "a patch",
  );
  const bytes = await readInputFile(path);
  if (zipNamed || looksLikeZip(bytes)) return readBundleInput(path, bytes);
  try {
    const patch = parsePatchFile(path, new TextDecoder().decode(bytes));
    return { patch, appLoader, packIds: [] };
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
