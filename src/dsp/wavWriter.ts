/**
 * Writes a WAV file block by block: the header first (sizes 0), the samples as they come, the
 * RIFF and data sizes last. The finished file has the same bytes as {@link encodeWav} of the
 * whole signal, and memory stays one block, whatever the length.
 */
import {
  bytesPerSample,
  emptySampleStats,
  encodeSamples,
  WAV_HEADER_BYTES,
  wavHeader,
  type SampleStats,
  type WavSampleFormat,
} from "./wavEncoding";
import { writeFully, type WritableFile } from "./fileAccess";

/** Frames encoded per `write` call on the file: bounds the writer's buffer. */
const CHUNK_FRAMES = 16384;
/** The largest data chunk a RIFF size field can describe. */
const MAX_DATA_BYTES = 0xffffffff - 36;

export class WavWriter {
  private frames = 0;
  private readonly seen: SampleStats = emptySampleStats();
  private readonly buffer: Uint8Array;
  private readonly frameBytes: number;

  private constructor(
    private readonly file: WritableFile,
    readonly channels: number,
    readonly sampleRate: number,
    readonly format: WavSampleFormat,
  ) {
    this.frameBytes = channels * bytesPerSample(format);
    this.buffer = new Uint8Array(CHUNK_FRAMES * this.frameBytes);
  }

  /** Writes the header of an empty file to `file` and returns a writer for its samples. */
  static async start(
    file: WritableFile,
    channels: number,
    sampleRate: number,
    format: WavSampleFormat,
  ): Promise<WavWriter> {
    const header = wavHeader(channels, sampleRate, format, 0);
    const writer = new WavWriter(file, channels, sampleRate, format);
    await writeFully(file, header, 0);
    return writer;
  }

  /** Frames written so far. */
  get framesWritten(): number {
    return this.frames;
  }

  /** The peak of every sample written so far, and how many were clipped or non-finite. */
  get stats(): Readonly<SampleStats> {
    return this.seen;
  }

  /**
   * Appends frames `[from, from + count)` of `channels` (one array per channel, as many as the
   * writer was started with), as {@link encodeSamples} writes them (integer formats clipped to
   * full scale, float kept).
   */
  async write(channels: readonly Float32Array[], from = 0, count?: number): Promise<void> {
    if (channels.length !== this.channels)
      throw new RangeError(`WavWriter: expected ${this.channels} channels, got ${channels.length}`);
    const n = count ?? (channels[0]?.length ?? 0) - from;
    if (channels.some((c) => c.length < from + n))
      throw new RangeError(`WavWriter: a channel is shorter than ${from + n} frames`);
    if ((this.frames + n) * this.frameBytes > MAX_DATA_BYTES)
      throw new RangeError("WavWriter: the audio would pass the 4 GB a WAV file can hold");
    for (let done = 0; done < n;) {
      const step = Math.min(CHUNK_FRAMES, n - done);
      const bytes = this.buffer.subarray(0, step * this.frameBytes);
      encodeSamples(channels, from + done, step, this.format, bytes, this.seen);
      await writeFully(this.file, bytes, WAV_HEADER_BYTES + this.frames * this.frameBytes);
      this.frames += step;
      done += step;
    }
  }

  /** Writes the final sizes into the header; the file is then complete. */
  async finish(): Promise<void> {
    const header = wavHeader(this.channels, this.sampleRate, this.format, this.frames);
    await writeFully(this.file, header, 0);
  }
}
