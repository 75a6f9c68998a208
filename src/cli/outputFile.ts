/**
 * Files the CLI reads and writes by handle, for the streaming commands. An output is written
 * to a hidden file beside it and renamed over it only once complete, so a failure halfway (a
 * NaN latent, a truncated input, Ctrl+C) leaves no half-written file and an existing one intact.
 */
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a folder, not a file";
  if (code === "EACCES") return "permission denied";
  return err instanceof Error ? err.message : String(err);
}

/** Opens `path` for reading; a missing file or a folder is a one-line error naming it. */
export async function openInput(path: string): Promise<FileHandle> {
  try {
    const handle = await open(path, "r");
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error("folder"), { code: "EISDIR" });
    }
    return handle;
  } catch (err) {
    throw new Error(`${path}: ${reason(err)}`);
  }
}

/** Runs `read` on `path` opened for reading, and closes it whatever happens. */
export async function withInput<T>(
  path: string,
  read: (file: FileHandle) => Promise<T>,
): Promise<T> {
  const handle = await openInput(path);
  try {
    return await read(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Runs `write` on a fresh file that becomes `path` when `write` succeeds; when it throws, the
 * partial file is removed and `path` is untouched.
 */
export async function writeOutput<T>(
  path: string,
  write: (file: FileHandle) => Promise<T>,
): Promise<T> {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let handle: FileHandle;
  try {
    handle = await open(partial, "w");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: cannot write it (${code === "ENOENT" ? `the folder ${dirname(path)} does not exist` : reason(err)})`,
    );
  }
  try {
    const result = await write(handle);
    await handle.close();
    await rename(partial, path).catch((err: unknown) => {
      throw new Error(`${path}: cannot write it (${reason(err)})`);
    });
    return result;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  }
}
