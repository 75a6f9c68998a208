/**
 * `render` from patch to file, block by block: the engine's streaming renderer plays the patch
 * and each block goes straight to the WAV writer, latency removed, so memory holds the patch's
 * sources and a block rather than every node's output over the whole render. The file equals
 * `Engine.render`'s first AudioOut, `seconds` long (the streaming renderer's contract).
 */
import type { WritableFile } from "../dsp/fileAccess";
import { WavWriter } from "../dsp/wavWriter";
import type { SampleStats, WavSampleFormat } from "../dsp/wavEncoding";
import { StreamingRender } from "../engine/stream/streamingRender";
import type { StreamSetup } from "../engine/stream/loadStream";

/** What a streamed render wrote. */
export interface RenderedFile {
  readonly samples: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** The largest absolute sample before clipping to full scale (NaN counts as 0). */
  readonly peak: number;
  /** What the writer counted: samples clipped (integer formats) or at full scale. */
  readonly stats: Readonly<SampleStats>;
}

/**
 * Renders `setup`'s first output node for `seconds` (default: the longest source) in blocks of
 * `blockFrames` latent frames, writing `format` (default 16-bit PCM) to `output`.
 */
export async function renderToFile(
  setup: StreamSetup,
  output: WritableFile,
  options: {
    readonly seconds?: number;
    readonly blockFrames?: number;
    readonly format?: WavSampleFormat;
  } = {},
): Promise<RenderedFile> {
  const blockFrames = Math.max(1, Math.floor(options.blockFrames ?? 16));
  const stream = await StreamingRender.create(setup, {
    seconds: options.seconds,
    precomputeBlockFrames: blockFrames,
    precomputeSources: false,
  });
  try {
    const { sampleRate } = setup.clock;
    const total = stream.durationSamples;
    let skip = stream.latencySamples;
    let writer: WavWriter | undefined;
    let peak = 0;
    while (!stream.ended && (writer?.framesWritten ?? 0) < total) {
      const frames = Math.min(blockFrames, stream.totalFrames - stream.framePosition);
      const block = await stream.next(frames);
      writer ??= await WavWriter.start(
        output,
        block.channels.length,
        sampleRate,
        options.format ?? "pcm16",
      );
      const length = block.channels[0]?.length ?? 0;
      const from = Math.min(skip, length);
      skip -= from;
      const count = Math.min(length - from, total - writer.framesWritten);
      if (count <= 0) continue;
      for (const c of block.channels)
        for (let i = from; i < from + count; i++) peak = Math.max(peak, Math.abs(c[i]!) || 0);
      await writer.write(block.channels, from, count);
    }
    if (!writer) throw new Error("the patch rendered no blocks");
    await writer.finish();
    const { stats } = writer;
    return { samples: writer.framesWritten, sampleRate, channels: writer.channels, peak, stats };
  } finally {
    stream.dispose();
  }
}
