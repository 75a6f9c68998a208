/**
 * The parts of a file handle the streaming readers and writers use (`fs.promises.FileHandle`
 * has them), kept abstract so `src/dsp` imports no Node module and tests can instrument them.
 */

/** A file read at positions. */
export interface ReadableFile {
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
}

/** A file written at positions. */
export interface WritableFile {
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesWritten: number }>;
}

/**
 * Reads up to `length` bytes at `position` into `buffer` (from its start); returns the count,
 * fewer only where the file ends.
 */
export async function readInto(
  file: ReadableFile,
  buffer: Uint8Array,
  length: number,
  position: number,
): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead <= 0) break;
    done += bytesRead;
  }
  return done;
}

/** Writes all of `bytes` at `position`. */
export async function writeFully(
  file: WritableFile,
  bytes: Uint8Array,
  position: number,
): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`the file took no bytes at ${position + done}`);
    done += bytesWritten;
  }
}
