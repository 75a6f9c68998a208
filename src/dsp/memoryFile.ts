/**
 * A growable in-memory file with the ReadableFile and WritableFile shapes (`fileAccess.ts`), so
 * the streaming .npy writer and reader can hold latents in memory (they are small: 16 floats per
 * frame) between an encode and a decode.
 */
import type { ReadableFile, WritableFile } from "./fileAccess";

export class MemoryFile implements ReadableFile, WritableFile {
  private data = new Uint8Array(4096);
  private size = 0;

  write(buffer: Uint8Array, offset: number, length: number, position: number) {
    const end = position + length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
    this.data.set(buffer.subarray(offset, offset + length), position);
    this.size = Math.max(this.size, end);
    return Promise.resolve({ bytesWritten: length });
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number) {
    const n = Math.max(0, Math.min(length, this.size - position));
    buffer.set(this.data.subarray(position, position + n), offset);
    return Promise.resolve({ bytesRead: n });
  }

  stat() {
    return Promise.resolve({ size: this.size });
  }

  /** The bytes written so far. */
  bytes(): Uint8Array {
    return this.data.subarray(0, this.size);
  }
}
