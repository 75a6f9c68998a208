/**
 * Zips as maps of path → bytes (fflate does the zip format). A zip made by zipping a folder keeps
 * that folder as the first segment of every path; `readZip` drops it, so `pack.zip` with
 * `pack/model.json` inside reads the same as a zip with `model.json` at the top. Pure, no DOM.
 */
import { zipSync, type Zippable } from "fflate";
import { ZIP_LIMITS, type ZipLimits } from "../../engine/patch/limits";
import { FileRefusedError } from "./fileRefused";
import { inflateEntry, zipEntries } from "./zipReader";

export { FileRefusedError };

/** Files by `/`-separated path relative to the top of a zip or a dropped folder. */
export type FileTree = ReadonlyMap<string, Uint8Array>;

/** Files that operating systems add to folders and zips; never part of a pack or a bundle. */
const isClutter = (path: string): boolean =>
  path.startsWith("__MACOSX/") || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/.test(path);

/** True when `bytes` start like a zip archive ("PK\x03\x04", or "PK\x05\x06" for an empty one). */
export const looksLikeZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);

/** `files` without their one shared top folder, if every path has the same one. */
export function dropSharedFolder(files: FileTree): FileTree {
  const tops = new Set([...files.keys()].map((p) => (p.includes("/") ? p.split("/")[0] : "")));
  const [top] = tops;
  if (tops.size !== 1 || !top) return files;
  return new Map([...files].map(([p, b]) => [p.slice(top.length + 1), b]));
}

/**
 * The files in the zip `bytes` (folders and OS clutter left out, a shared top folder dropped),
 * inflated within `limits` (see zipReader.ts).
 * @throws FileRefusedError naming `source` (and the entry) when it is not a readable zip or
 *   passes a limit
 */
export function readZip(
  bytes: Uint8Array,
  source: string,
  limits: ZipLimits = ZIP_LIMITS,
): FileTree {
  if (!looksLikeZip(bytes)) throw new FileRefusedError(`${source}: not a zip file`);
  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of zipEntries(bytes, source, limits)) {
    const clean = entry.name.replace(/^\.?\//, "");
    if (clean.endsWith("/") || isClutter(clean)) continue;
    const data = inflateEntry(bytes, entry, `${source}/${clean}`, total, limits);
    total += data.length;
    files.set(clean, data);
  }
  return dropSharedFolder(files);
}

/** Files already compressed gain nothing from deflate; store them. */
const STORED = /\.(zip|gz|mp3|ogg|flac|m4a)$/i;

/**
 * A zip of `files`. Entries carry a fixed date, so the same files always give the same bytes
 * (saving an unchanged bundle twice gives identical files).
 */
export function writeZip(files: FileTree): Uint8Array {
  const tree: Zippable = {};
  for (const [path, data] of files) tree[path] = [data, { level: STORED.test(path) ? 0 : 6 }];
  return zipSync(tree, { mtime: new Date(Date.UTC(2020, 0, 1)) });
}
