import type { ReadableFile, WritableFile } from "../../src/dsp/fileAccess";

/**
 * A file in memory with the handle methods the streaming readers and writers use, recording
 * the largest single read and write (to check that they stay within a bound) and how many
 * bytes were read in all.
 */
export class MemoryFile implements ReadableFile, WritableFile {
  largestRead = 0;
  largestWrite = 0;
  bytesRead = 0;
  private data: Uint8Array;
  private length: number;

  constructor(initial: Uint8Array = new Uint8Array(0)) {
    this.data = initial.slice();
    this.length = initial.length;
  }

  /** The file's bytes. */
  bytes(): Uint8Array {
    return this.data.slice(0, this.length);
  }

  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }> {
    this.largestRead = Math.max(this.largestRead, length);
    const n = Math.max(0, Math.min(length, this.length - position));
    buffer.set(this.data.subarray(position, position + n), offset);
    this.bytesRead += n;
    return Promise.resolve({ bytesRead: n });
  }

  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesWritten: number }> {
    this.largestWrite = Math.max(this.largestWrite, length);
    const end = position + length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(buffer.subarray(offset, offset + length), position);
    this.length = Math.max(this.length, end);
    return Promise.resolve({ bytesWritten: length });
  }

  stat(): Promise<{ size: number }> {
    return Promise.resolve({ size: this.length });
  }
}

/**
 * Index of the first element where `a` and `b` differ (a length difference counts at the
 * shorter length), or −1: a fast stand-in for `toEqual` on large typed arrays.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}
