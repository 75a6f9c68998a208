/**
 * Reads a WAV file block by block from a file handle: the chunk headers first (skipping the
 * bodies of chunks it does not need, in any order), then the samples a bounded chunk at a time.
 * Reads the formats {@link decodeWav} reads, with the same messages, and gives the same samples:
 * memory stays one chunk whatever the file's length.
 */
import {
  AudioFileError,
  checkFormat,
  fourCC,
  nonFiniteProblem,
  printable,
  readFormat,
  sampleReader,
  type Format,
} from "./wav";
import { readInto, type ReadableFile } from "./fileAccess";

export interface WavReaderOptions {
  /** The most bytes read from the file at once (default 256 KiB; at least one frame). */
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** Enough for any 'fmt ' chunk the decoder reads (extensible is 40 bytes). */
const MAX_FMT_BYTES = 64;

export class WavReader {
  /** Frames read so far. */
  private position = 0;
  private readonly buffer: Uint8Array;
  private readonly view: DataView;
  private readonly read: (at: number) => number;
  private readonly isFloat: boolean;
  private readonly width: number;
  private readonly frameBytes: number;

  private constructor(
    private readonly file: ReadableFile,
    private readonly name: string,
    private readonly fmt: Format,
    private readonly dataAt: number,
    /** Frames in the data chunk. */
    readonly frames: number,
    chunkBytes: number,
  ) {
    const layout = checkFormat(fmt, (p) => this.fail(p));
    this.isFloat = layout.isFloat;
    this.width = layout.width;
    this.frameBytes = layout.frameBytes;
    const chunkFrames = Math.max(1, Math.floor(chunkBytes / this.frameBytes));
    this.buffer = new Uint8Array(chunkFrames * this.frameBytes);
    this.view = new DataView(this.buffer.buffer);
    this.read = sampleReader(this.view, fmt.code, fmt.bits);
  }

  /**
   * Reads the header of the WAV file behind `file`. Throws an {@link AudioFileError} naming
   * `name` and the problem (not a WAV, truncated chunk, unsupported encoding, …).
   */
  static async open(
    file: ReadableFile,
    name: string,
    options: WavReaderOptions = {},
  ): Promise<WavReader> {
    const fail = (problem: string): never => {
      throw new AudioFileError(`${name}: ${problem}`);
    };
    const { size } = await file.stat();
    if (size === 0) fail("empty file");
    const head = await readAt(file, 12, 0);
    const view = new DataView(head.buffer);
    if (head.length < 12 || fourCC(view, 0) !== "RIFF") fail("not a WAV file (no RIFF header)");
    if (fourCC(view, 8) !== "WAVE")
      fail(`not a WAV file (RIFF type '${printable(fourCC(view, 8))}')`);
    let format: Format | undefined;
    let data: { at: number; size: number } | undefined;
    for (let at = 12; at + 8 <= size && !(data && format);) {
      const chunk = new DataView((await readAt(file, 8, at)).buffer);
      const id = fourCC(chunk, 0);
      const chunkSize = chunk.getUint32(4, true);
      const body = at + 8;
      if (id === "fmt ") {
        if (body + chunkSize > size) fail("truncated 'fmt ' chunk");
        const bytes = await readAt(file, Math.min(chunkSize, MAX_FMT_BYTES), body);
        format = readFormat(new DataView(bytes.buffer), 0, chunkSize, fail);
      } else if (id === "data" && !data) {
        if (body + chunkSize > size) {
          fail(`truncated data chunk (header says ${chunkSize} bytes, ${size - body} present)`);
        }
        data = { at: body, size: chunkSize };
      }
      at = body + chunkSize + (chunkSize & 1);
    }
    if (!format) fail("no 'fmt ' chunk");
    if (!data) fail("no 'data' chunk");
    const fmt = format as Format;
    const { frameBytes } = checkFormat(fmt, fail);
    const frames = Math.floor(data!.size / frameBytes);
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    return new WavReader(file, name, fmt, data!.at, frames, chunkBytes);
  }

  get sampleRate(): number {
    return this.fmt.sampleRate;
  }

  get channels(): number {
    return this.fmt.channels;
  }

  /** Frames not read yet. */
  get remaining(): number {
    return this.frames - this.position;
  }

  /**
   * The next `maxFrames` frames (fewer at the end, none past it) mixed to mono: the mean of the
   * channels, accumulated in float32 channel by channel as the CLI always mixed them. A NaN or
   * infinite sample of a float file is refused, naming where, as {@link decodeWav} does.
   */
  async readMono(maxFrames: number): Promise<Float32Array> {
    const total = Math.max(0, Math.min(maxFrames, this.remaining));
    const out = new Float32Array(total);
    const chunkFrames = this.buffer.length / this.frameBytes;
    const n = this.fmt.channels;
    for (let done = 0; done < total;) {
      const step = Math.min(chunkFrames, total - done);
      const want = step * this.frameBytes;
      const at = this.dataAt + this.position * this.frameBytes;
      const got = await readInto(this.file, this.buffer, want, at);
      if (got < want) this.fail(`truncated data chunk (the file ended at byte ${at + got})`);
      for (let f = 0; f < step; f++) {
        let acc = 0;
        for (let c = 0; c < n; c++) {
          const v = Math.fround(this.read(f * this.frameBytes + c * this.width));
          if (this.isFloat && !Number.isFinite(v))
            this.fail(nonFiniteProblem(this.position + f, c, v, this.fmt.sampleRate));
          acc = n === 1 ? v : Math.fround(acc + v / n);
        }
        out[done + f] = acc;
      }
      this.position += step;
      done += step;
    }
    return out;
  }

  /**
   * Frames [start, start + count) of every channel, clamped to the data chunk, as
   * {@link decodeWav} gives them (float32, NaN or infinity refused naming where). Reads at
   * positions and leaves {@link remaining} alone, so ranges can come in any order; each call
   * reads a bounded chunk at a time into a buffer of its own.
   */
  async readChannels(start: number, count: number): Promise<Float32Array[]> {
    const from = Math.max(0, Math.min(this.frames, Math.floor(start)));
    const total = Math.max(0, Math.min(this.frames, Math.floor(start + count)) - from);
    const n = this.fmt.channels;
    const out = Array.from({ length: n }, () => new Float32Array(total));
    const chunkFrames = Math.min(total, this.buffer.length / this.frameBytes);
    const bytes = new Uint8Array(chunkFrames * this.frameBytes);
    const read = sampleReader(new DataView(bytes.buffer), this.fmt.code, this.fmt.bits);
    for (let done = 0; done < total;) {
      const step = Math.min(chunkFrames, total - done);
      const want = step * this.frameBytes;
      const at = this.dataAt + (from + done) * this.frameBytes;
      const got = await readInto(this.file, bytes, want, at);
      if (got < want) this.fail(`truncated data chunk (the file ended at byte ${at + got})`);
      for (let f = 0; f < step; f++) {
        for (let c = 0; c < n; c++) {
          const v = Math.fround(read(f * this.frameBytes + c * this.width));
          if (this.isFloat && !Number.isFinite(v))
            this.fail(nonFiniteProblem(from + done + f, c, v, this.fmt.sampleRate));
          out[c]![done + f] = v;
        }
      }
      done += step;
    }
    return out;
  }

  private fail(problem: string): never {
    throw new AudioFileError(`${this.name}: ${problem}`);
  }
}

async function readAt(file: ReadableFile, length: number, position: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const got = await readInto(file, bytes, length, position);
  return bytes.subarray(0, got).slice();
}
