/**
 * The page's side of bundles and dropped packs: which models the app's server ships, reading a
 * picked or dropped zip, downloading a bundle.
 */
import { parseManifest } from "../../engine/models/parseManifest";
import type { Patch } from "../../engine/patch/schema";
import { nodeRegistry } from "../../nodes";
import { bundleFiles } from "./bundle";
import { appModels } from "./modelShelf";
import { formatBytes, MAX_ZIP_TOTAL_BYTES } from "../../engine/patch/limits";
import { FileRefusedError } from "./fileRefused";
import { looksLikeZip, writeZip, type FileTree } from "./zipFiles";
import { readZipOffThread } from "./zipThread";

const shipped = new Map<string, Promise<boolean>>();

/** True when the app's server has `models/<id>/model.json` with that id (asked once per id). */
export function appHasModel(id: string): Promise<boolean> {
  let known = shipped.get(id);
  if (!known) {
    const url = new URL(`models/${encodeURIComponent(id)}/model.json`, new URL("/", location.href));
    known = fetch(url)
      .then(async (res) => res.ok && parseManifest(await res.text(), url.pathname).id === id)
      .catch(() => false);
    shipped.set(id, known);
  }
  return known;
}

/** True for a file to read as a zip: named `.zip`, or starting like one. */
export async function isZipFile(file: File): Promise<boolean> {
  if (/\.zip$/i.test(file.name) || file.type === "application/zip") return true;
  return looksLikeZip(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
}

/**
 * The files inside a picked or dropped zip, read within the limits off the page's thread; a zip
 * larger than everything it may inflate to is refused before it is read.
 */
export async function readZipFile(file: File): Promise<FileTree> {
  if (file.size > MAX_ZIP_TOTAL_BYTES) {
    throw new FileRefusedError(
      `${file.name}: ${formatBytes(file.size)}, larger than a zip may be (the limit is ${formatBytes(MAX_ZIP_TOTAL_BYTES)})`,
    );
  }
  return readZipOffThread(new Uint8Array(await file.arrayBuffer()), file.name);
}

/** The bundle's file name: the patch file's name with `.bundle.zip` for `.patch.json`. */
export const bundleFileName = (patchFileName: string): string =>
  patchFileName.replace(/\.patch\.json$/, ".bundle.zip");

/** The zip of `patch`'s bundle, with the custom packs it uses from the app's shelf. */
export function bundleBlob(patch: Patch): Blob {
  const files = bundleFiles(patch, {
    registry: nodeRegistry,
    customPack: (id) => appModels.get(id),
  });
  return new Blob([writeZip(files) as Uint8Array<ArrayBuffer>], { type: "application/zip" });
}
