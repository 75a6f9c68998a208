/**
 * Reading a zip within limits: the central directory is read first (entry count, declared sizes
 * and ratios judged before anything is inflated), then each entry is inflated with fflate's
 * streaming `Inflate`, a small slice of compressed bytes at a time, stopping as soon as it passes
 * its byte limit, its ratio, the total or its own declared size. A zip bomb is refused after
 * inflating about a mebibyte, not its hundreds. Pure, no DOM: the app runs it in a Worker.
 */
import { Inflate, strFromU8 } from "fflate";
import { formatBytes, formatCount, ZIP_LIMITS, type ZipLimits } from "../../engine/patch/limits";
import { hasControlChars } from "../../engine/patch/path";
import { FileRefusedError } from "./fileRefused";

/** One file as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where its local header starts. */
  readonly offset: number;
  readonly encrypted: boolean;
}

/** Deflate's largest ratio: one compressed byte inflates to at most this many. */
const DEFLATE_MAX_RATIO = 1032;

/** Inflated bytes one step may produce at worst, before any has been judged. */
const STEP_BUDGET = 4 * 1024 * 1024;

/**
 * Compressed bytes to hand the inflater next, after `n` inflated: whatever they hold, the step
 * can at most double what has already been accepted (or inflate STEP_BUDGET), so a bomb is caught
 * within a few mebibytes while an honest file goes through in large steps.
 */
const nextSlice = (n: number): number =>
  Math.min(1024 * 1024, Math.max(4096, Math.floor(Math.max(STEP_BUDGET, n) / DEFLATE_MAX_RATIO)));

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

/**
 * The entries of the zip `bytes`, from its central directory.
 * @throws FileRefusedError naming `source`: damaged, ZIP64, or more entries than the limit
 */
export function zipEntries(bytes: Uint8Array, source: string, limits = ZIP_LIMITS): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const damaged = (why: string) => new FileRefusedError(`${source}: a damaged zip file (${why})`);
  let end = bytes.length - 22;
  const stop = Math.max(0, end - 65535);
  while (end >= stop && view.getUint32(end, true) !== EOCD) end--;
  if (end < stop) throw damaged("no end of central directory");
  const count = view.getUint16(end + 10, true);
  const at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === ZIP64_MARK) {
    throw new FileRefusedError(
      `${source}: a ZIP64 archive (over 4 GiB or 65,535 files), past the limits`,
    );
  }
  if (count > limits.entries) {
    throw new FileRefusedError(
      `${source}: ${formatCount(count)} files in the zip (the limit is ${formatCount(limits.entries)})`,
    );
  }
  const entries: ZipEntry[] = [];
  let p = at;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) {
      throw damaged(`central directory entry ${i + 1} is cut or missing`);
    }
    const flags = view.getUint16(p + 8, true);
    const nameLength = view.getUint16(p + 28, true);
    const skip = nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    const entry: ZipEntry = {
      name: strFromU8(bytes.subarray(p + 46, p + 46 + nameLength), !(flags & 0x800)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
      encrypted: (flags & 1) !== 0,
    };
    // A name is quoted in messages, one line each: control characters (a newline) would break
    // the line, and no honest file name holds one.
    if (hasControlChars(entry.name)) {
      const quoted = JSON.stringify(entry.name);
      throw new FileRefusedError(
        `${source}: entry ${i + 1}'s name holds control characters (${quoted.length > 80 ? `${quoted.slice(0, 77)}…` : quoted})`,
      );
    }
    if (entry.size === ZIP64_MARK || entry.compressedSize === ZIP64_MARK) {
      throw new FileRefusedError(
        `${source}/${entry.name}: a ZIP64 entry (over 4 GiB), past the limits`,
      );
    }
    entries.push(entry);
    p += 46 + skip;
  }
  return entries;
}

/** The compressed bytes of `entry`, after its local header. */
function dataOf(bytes: Uint8Array, entry: ZipEntry, where: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.offset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== LOCAL) {
    throw new FileRefusedError(`${where}: a damaged zip file (no local header)`);
  }
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    throw new FileRefusedError(`${where}: a damaged zip file (the entry is cut short)`);
  }
  return bytes.subarray(start, start + entry.compressedSize);
}

/** Refusals for an entry that has inflated to `n` bytes from `used` compressed bytes so far. */
function judge(n: number, used: number, before: number, where: string, limits: ZipLimits): void {
  if (n > limits.entryBytes) {
    throw new FileRefusedError(
      `${where}: inflates past ${formatBytes(limits.entryBytes)} (the limit per file)`,
    );
  }
  if (before + n > limits.totalBytes) {
    throw new FileRefusedError(
      `${where}: the files up to here inflate past ${formatBytes(limits.totalBytes)} (the limit for a zip)`,
    );
  }
  if (n > limits.ratioFloorBytes && n > used * limits.ratio) {
    throw new FileRefusedError(
      `${where}: compressed more than ${limits.ratio}:1, like a zip bomb (the limit is ${limits.ratio}:1 past ${formatBytes(limits.ratioFloorBytes)})`,
    );
  }
}

/**
 * The inflated bytes of `entry`; `before` bytes were inflated from the zip already.
 * @throws FileRefusedError naming `where` when it passes a limit or is damaged
 */
export function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  where: string,
  before: number,
  limits = ZIP_LIMITS,
): Uint8Array {
  if (entry.encrypted) throw new FileRefusedError(`${where}: encrypted, which the app cannot read`);
  // Declared sizes can lie, so they are judged here and checked again while inflating.
  judge(entry.size, entry.compressedSize, before, where, limits);
  const data = dataOf(bytes, entry, where);
  if (entry.method === 0) return data.slice();
  if (entry.method !== 8) {
    throw new FileRefusedError(
      `${where}: compressed with method ${entry.method}, which the app cannot read (only stored or deflated)`,
    );
  }
  const chunks: Uint8Array[] = [];
  let n = 0;
  const inflater = new Inflate((chunk) => {
    n += chunk.length;
    chunks.push(chunk);
  });
  try {
    let used = 0;
    do {
      const next = Math.min(data.length, used + nextSlice(n));
      inflater.push(data.subarray(used, next), next === data.length);
      used = next;
      judge(n, used, before, where, limits);
      if (n > entry.size) {
        throw new FileRefusedError(
          `${where}: a damaged zip file (inflates past the ${formatBytes(entry.size)} it declares)`,
        );
      }
    } while (used < data.length);
  } catch (err) {
    if (err instanceof FileRefusedError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new FileRefusedError(`${where}: a damaged zip file (${reason})`);
  }
  if (n !== entry.size) {
    throw new FileRefusedError(
      `${where}: a damaged zip file (inflates to ${n} bytes, not the ${entry.size} it declares)`,
    );
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
