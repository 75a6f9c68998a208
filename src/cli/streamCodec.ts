/**
 * `encode` and `decode` from file to file, block by block: a WAV is read a chunk at a time,
 * mixed to mono, resampled as a stream and encoded a block of latent frames at a time into a
 * `.npy` whose header (the frame count) is known from the WAV header; a `.npy` is read a block
 * of rows at a time, decoded and written to a WAV whose sizes are filled in at the end. Memory
 * stays a few blocks whatever the file's length, and the output equals the whole-clip path
 * (`encodeClip`/`decodeClip` of the whole file, up to float rounding inside the model).
 */
import { StreamResampler } from "../dsp/streamResampler";
import { NpyWriter, type NpyReader } from "../dsp/npyStream";
import type { WritableFile } from "../dsp/fileAccess";
import type { WavReader } from "../dsp/wavReader";
import { WavWriter } from "../dsp/wavWriter";
import type { SampleStats, WavSampleFormat } from "../dsp/wavEncoding";
import type { LoadedModel } from "../engine/models/types";

/** Latent frames per encoder or decoder call: big enough to amortise a model call. */
export const CODEC_BLOCK_FRAMES = 128;
/** Input frames read from a WAV at once. */
const READ_FRAMES = 65536;

/** Samples `resample` makes of `length` samples (the stream resampler makes as many). */
export function resampledLength(length: number, fromRate: number, toRate: number): number {
  return fromRate === toRate ? length : Math.round((length * toRate) / fromRate);
}

/**
 * Encodes the WAV that `reader` reads (opened first, so a broken file is refused before a model
 * loads; any supported format and rate, mixed to mono, resampled to the model's rate) into a
 * `.npy` `[frames, latentDims]` written to `output`; the last frame is padded with silence.
 * Only the first `inputFrames` frames of the file are read (default: all of them).
 * Returns the number of frames.
 */
export async function encodeFile(
  model: LoadedModel,
  reader: WavReader,
  output: WritableFile,
  blockFrames = CODEC_BLOCK_FRAMES,
  inputFrames = reader.frames,
): Promise<number> {
  const hop = model.hopSamples;
  const wanted = Math.min(inputFrames, reader.frames);
  const length = resampledLength(wanted, reader.sampleRate, model.sampleRate);
  const frames = Math.ceil(length / hop);
  const npy = await NpyWriter.start(output, [frames, model.latentDims]);
  const encoder = model.createEncoder();
  const resampler = new StreamResampler(reader.sampleRate, model.sampleRate);
  const block = new Float32Array(blockFrames * hop);
  let filled = 0;
  const feed = async (samples: Float32Array): Promise<void> => {
    for (let i = 0; i < samples.length;) {
      const n = Math.min(block.length - filled, samples.length - i);
      block.set(samples.subarray(i, i + n), filled);
      filled += n;
      i += n;
      if (filled === block.length) {
        await npy.write(await encoder.encode(block));
        filled = 0;
      }
    }
  };
  for (let read = 0; read < wanted;) {
    const chunk = await reader.readMono(Math.min(READ_FRAMES, wanted - read));
    if (chunk.length === 0) break;
    read += chunk.length;
    await feed(resampler.push(chunk));
  }
  await feed(resampler.flush());
  if (filled > 0) {
    const padded = Math.ceil(filled / hop) * hop;
    block.fill(0, filled, padded);
    await npy.write(await encoder.encode(block.subarray(0, padded)));
  }
  npy.finish();
  return frames;
}

/** The message for a latent that is not a finite number, naming where it is. */
function checkLatents(name: string, z: Float32Array, firstFrame: number, dims: number): void {
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i]!)) {
      throw new Error(
        `${name}: latent frame ${firstFrame + Math.floor(i / dims)} dim ${i % dims} is ${z[i]}: latents must be finite`,
      );
    }
  }
}

/** How {@link decodeFile} writes its WAV. */
export interface DecodeOptions {
  /** Latent frames per decoder call. */
  readonly blockFrames?: number;
  /** The WAV's sample format; default 32-bit float (lossless). */
  readonly format?: WavSampleFormat;
  /** Samples to keep (the source's length); default every frame's `frames * hop`. */
  readonly samples?: number;
}

/** What {@link decodeFile} wrote. */
export interface DecodedFile {
  readonly samples: number;
  readonly sampleRate: number;
  /** Its peak, and the samples clipped to full scale or written as 0 (non-finite). */
  readonly stats: Readonly<SampleStats>;
}

/**
 * Decodes the `.npy` `[frames, latentDims]` that `reader` reads (opened first, so a broken file
 * is refused before a model loads) to a mono WAV of `frames * hop` samples (or fewer, see
 * {@link DecodeOptions.samples}) at the model's rate, latency removed, written to `output`.
 */
export async function decodeFile(
  model: LoadedModel,
  reader: NpyReader,
  output: WritableFile,
  options: DecodeOptions = {},
): Promise<DecodedFile> {
  const blockFrames = options.blockFrames ?? CODEC_BLOCK_FRAMES;
  const { name } = reader;
  const dims = model.latentDims;
  if (reader.shape.length !== 2 || reader.shape[1] !== dims) {
    throw new Error(
      `${name}: shape [${reader.shape.join(", ")}], but model "${model.id}" needs [frames, ${dims}]`,
    );
  }
  const frames = reader.rows;
  const total = Math.min(frames * model.hopSamples, options.samples ?? Infinity);
  const decoder = model.createDecoder();
  const wav = await WavWriter.start(output, 1, model.sampleRate, options.format ?? "float32");
  let skip = decoder.latencySamples;
  const emit = async (samples: Float32Array): Promise<void> => {
    const from = Math.min(skip, samples.length);
    skip -= from;
    const count = Math.min(samples.length - from, total - wav.framesWritten);
    if (count > 0) await wav.write([samples], from, count);
  };
  for (let done = 0; done < frames;) {
    const z = await reader.read(blockFrames);
    const n = z.length / dims;
    checkLatents(name, z, done, dims);
    await emit(await decoder.decode(z, n));
    done += n;
  }
  // The decoder's latency is flushed with zero latents, as decodeClip pads them.
  const tail = Math.ceil(decoder.latencySamples / model.hopSamples);
  if (tail > 0) await emit(await decoder.decode(new Float32Array(tail * dims), tail));
  await wav.finish();
  return { samples: wav.framesWritten, sampleRate: model.sampleRate, stats: wav.stats };
}
