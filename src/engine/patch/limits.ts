/**
 * Every limit on what a patch, a bundle or a model pack may hold, in one place (like SQLite's
 * `SQLITE_MAX_*`). Each is far above what an honest file reaches and bounds the time and memory a
 * hostile one can cost; each is documented in docs/patch-format.md, docs/bundle.md or
 * docs/model-pack.md, and tested at its edge.
 */

const MiB = 1024 * 1024;

/** Patch text, in bytes of a file or characters of a string, checked before JSON.parse. */
export const MAX_PATCH_BYTES = 100 * MiB;

/** Nodes of the patch, and of each subpatch definition, once every instance is expanded. */
export const MAX_FLAT_NODES = 10_000;

/** Subpatch instances of the patch, and of each definition, counting nested ones expanded. */
export const MAX_FLAT_INSTANCES = 10_000;

/** Cables of the patch, and of each definition, once every instance is expanded. */
export const MAX_FLAT_CONNECTIONS = 40_000;

/** The nodes every subpatch definition expands to, added over all definitions. */
export const MAX_DEFINITIONS_EXPANDED = 100_000;

/** Subpatch instances within instances within … (the flattener's depth). */
export const MAX_SUBPATCH_DEPTH = 32;

/** Parameters a subpatch definition derives from its inner nodes (its instances' knobs). */
export const MAX_SUBPATCH_PARAMS = 10_000;

/** Subpatch definitions written in the file. */
export const MAX_SUBPATCHES = 1_000;

/** Comments written in the file. */
export const MAX_COMMENTS = 10_000;

/** Assets (sounds) named in the file. */
export const MAX_ASSETS = 10_000;

/** Base64 characters of one embedded asset (about 36 MiB of WAV: 3.5 min of CD stereo). */
export const MAX_EMBEDDED_ASSET_BASE64 = 48 * MiB;

/** Base64 characters of every embedded asset added up. */
export const MAX_EMBEDDED_TOTAL_BASE64 = 96 * MiB;

/** Seconds of sine and noise test sources over every AudioIn (expanded) of a render. */
export const MAX_SOURCE_SECONDS = 1_200;

/** Breakpoints of one Curve (or any list of `[seconds, value]` pairs). */
export const MAX_CURVE_POINTS = 4_096;

/** Numbers in one list parameter (node definitions may allow fewer). */
export const MAX_NUMBERS_LENGTH = 4_096;

/** Files in a bundle or pack zip. */
export const MAX_ZIP_ENTRIES = 1_000;

/** Bytes of one file of a zip once inflated. */
export const MAX_ZIP_ENTRY_BYTES = 256 * MiB;

/** Bytes of every file of a zip once inflated, added up. */
export const MAX_ZIP_TOTAL_BYTES = 512 * MiB;

/** Inflated bytes per compressed byte of one zip entry, judged once it passes the floor below. */
export const MAX_ZIP_RATIO = 200;

/** The ratio is judged past this many inflated bytes: a small file of zeros may compress well. */
export const ZIP_RATIO_FLOOR_BYTES = 1 * MiB;

/** Files in a dropped folder. */
export const MAX_FOLDER_FILES = 1_000;

/** Bytes of every file in a dropped folder, added up (checked on File.size before reading). */
export const MAX_FOLDER_BYTES = 512 * MiB;

/** Bytes of one ONNX file of a model pack. */
export const MAX_ONNX_BYTES = 256 * MiB;

/** The limits of zip reading, injectable so tests can reach them with small files. */
export interface ZipLimits {
  readonly entries: number;
  readonly entryBytes: number;
  readonly totalBytes: number;
  readonly ratio: number;
  readonly ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  entries: MAX_ZIP_ENTRIES,
  entryBytes: MAX_ZIP_ENTRY_BYTES,
  totalBytes: MAX_ZIP_TOTAL_BYTES,
  ratio: MAX_ZIP_RATIO,
  ratioFloorBytes: ZIP_RATIO_FLOOR_BYTES,
};

const grouped = new Intl.NumberFormat("en-US");

/** `1,000,000`; counts that saturated (see `saturating`) read "more than 1e15". */
export const formatCount = (n: number): string =>
  n >= SATURATED ? `more than ${grouped.format(SATURATED)}` : grouped.format(n);

/**
 * A size for messages: `100 MiB` where that is exact, else the count of bytes
 * (`37,748,737 bytes`), so one byte past a limit never reads the same as the limit.
 */
export function formatBytes(n: number): string {
  const [unit, scale] = n < MiB ? ["KiB", 1024] : ["MiB", MiB];
  const rounded = Number((n / scale).toFixed(1));
  return n >= 1024 && rounded * scale === n ? `${rounded} ${unit}` : `${grouped.format(n)} bytes`;
}

/** Counts stop growing here, so that multiplying nested instances never reaches Infinity. */
export const SATURATED = 1e15;

/** `a + b`, or SATURATED past it. */
export const saturating = (n: number): number => Math.min(n, SATURATED);
