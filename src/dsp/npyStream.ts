/**
 * `.npy` files of 2-D float arrays `[rows, columns]`, written and read a block of rows at a time
 * from file handles, so memory stays one block whatever the number of rows. The writer knows
 * the shape up front (the header comes first); the bytes equal {@link encodeNpy}'s.
 */
import { npyHeader, parseNpyHeader } from "./npy";
import { readInto, writeFully, type ReadableFile, type WritableFile } from "./fileAccess";

/** Rows encoded or decoded per file access: bounds the buffers. */
const CHUNK_VALUES = 65536;
/** The most header bytes read before giving up (NumPy's own limit is 64 KiB past v1). */
const MAX_HEADER_BYTES = 1 << 16;

/** Writes a `'<f4'` `.npy` of a known shape `[rows, columns]`, rows in order. */
export class NpyWriter {
  private rows = 0;
  private readonly buffer: Uint8Array;
  private readonly dataAt: number;

  private constructor(
    private readonly file: WritableFile,
    readonly shape: readonly [number, number],
    headerLength: number,
  ) {
    this.dataAt = headerLength;
    this.buffer = new Uint8Array(4 * Math.max(shape[1], CHUNK_VALUES));
  }

  /** Writes the header for `shape` to `file`; rows follow with {@link NpyWriter.write}. */
  static async start(file: WritableFile, shape: readonly [number, number]): Promise<NpyWriter> {
    const header = npyHeader(shape);
    await writeFully(file, header, 0);
    return new NpyWriter(file, shape, header.length);
  }

  /** Appends whole rows (frame-major: `data.length` must be a multiple of the columns). */
  async write(data: Float32Array): Promise<void> {
    const columns = this.shape[1];
    const rows = columns === 0 ? 0 : data.length / columns;
    if (!Number.isInteger(rows) || this.rows + rows > this.shape[0]) {
      throw new RangeError(
        `NpyWriter: ${data.length} values are not whole rows of ${columns} within the ${this.shape[0]} declared`,
      );
    }
    const view = new DataView(this.buffer.buffer);
    const chunk = this.buffer.length / 4;
    for (let done = 0; done < data.length;) {
      const step = Math.min(chunk, data.length - done);
      for (let i = 0; i < step; i++) view.setFloat32(4 * i, data[done + i]!, true);
      const at = this.dataAt + 4 * (this.rows * columns + done);
      await writeFully(this.file, this.buffer.subarray(0, 4 * step), at);
      done += step;
    }
    this.rows += rows;
  }

  /** Checks that every declared row was written (a shorter file would not load in NumPy). */
  finish(): void {
    if (this.rows !== this.shape[0])
      throw new Error(`NpyWriter: wrote ${this.rows} rows of the ${this.shape[0]} declared`);
  }
}

/** Reads a `<f4` or `<f8` `.npy` row block by row block, as float32. */
export class NpyReader {
  private row = 0;
  private readonly buffer: Uint8Array;

  private constructor(
    private readonly file: ReadableFile,
    /** The file's name, as messages give it. */
    readonly name: string,
    /** The array's shape, as its header says. */
    readonly shape: readonly number[],
    private readonly width: 4 | 8,
    private readonly start: number,
    private readonly columns: number,
  ) {
    this.buffer = new Uint8Array(width * Math.max(columns, CHUNK_VALUES));
  }

  /**
   * Reads and checks the header (as {@link decodeNpy} does, with its messages naming `name`).
   * Rows are `shape[0]` and columns the product of the other dimensions.
   */
  static async open(file: ReadableFile, name: string): Promise<NpyReader> {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(size, MAX_HEADER_BYTES));
    const got = await readInto(file, head, head.length, 0);
    const layout = parseNpyHeader(head.subarray(0, got), size, name);
    const columns = layout.shape.slice(1).reduce((a, b) => a * b, 1);
    return new NpyReader(file, name, layout.shape, layout.width, layout.start, columns);
  }

  /** Rows in the file (1 for a 0-d array). */
  get rows(): number {
    return this.shape.length === 0 ? 1 : this.shape[0]!;
  }

  /** The next `maxRows` rows (fewer at the end, none past it), row-major, as float32. */
  async read(maxRows: number): Promise<Float32Array> {
    const rows = Math.max(0, Math.min(maxRows, this.rows - this.row));
    const out = new Float32Array(rows * this.columns);
    const view = new DataView(this.buffer.buffer);
    const chunk = this.buffer.length / this.width;
    const first = this.row * this.columns;
    for (let done = 0; done < out.length;) {
      const step = Math.min(chunk, out.length - done);
      const at = this.start + this.width * (first + done);
      const got = await readInto(this.file, this.buffer, this.width * step, at);
      if (got < this.width * step)
        throw new Error(`${this.name}: the file ended early (at byte ${at + got})`);
      for (let i = 0; i < step; i++)
        out[done + i] =
          this.width === 4 ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
      done += step;
    }
    this.row += rows;
    return out;
  }
}
