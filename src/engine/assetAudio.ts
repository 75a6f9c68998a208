/**
 * The two backings of {@link AssetAudio}: a sound held whole in memory, and a WAV file read on
 * demand, a range at a time, resampled to the clock's rate as it is read. Both give the samples
 * that decoding the whole file and `resample` of it give, so a render does not depend on which
 * one served it.
 */
import {
  checkRate,
  inputSpan,
  resampleRange,
  resamplingKernel,
  type RangeRates,
} from "../dsp/resample";
import type { WavReader } from "../dsp/wavReader";
import type { AssetAudio } from "./nodeDefinition";

/** Samples [start, start + count) of `channel`, zeros outside it. */
function window(channel: Float32Array, start: number, count: number): Float32Array {
  const out = new Float32Array(Math.max(0, count));
  const from = Math.max(0, start);
  const to = Math.min(channel.length, start + count);
  if (from < to) out.set(channel.subarray(from, to), from - start);
  return out;
}

/** A sound held whole in memory, already at `sampleRate`. */
export function memoryAssetAudio(
  channels: readonly Float32Array[],
  sampleRate: number,
): AssetAudio {
  return {
    sampleRate,
    channelCount: channels.length,
    length: channels[0]?.length ?? 0,
    read: (start, count) => Promise.resolve(channels.map((c) => window(c, start, count))),
  };
}

/**
 * The WAV file behind `reader`, read on demand and resampled from its rate to `sampleRate`
 * (band-limited, as `resample` does: each range reads the input its kernel reaches). Memory
 * holds only the range asked for and its input.
 */
export function fileAssetAudio(reader: WavReader, sampleRate: number): AssetAudio {
  checkRate("fileAssetAudio", "sampleRate", sampleRate);
  const fromRate = reader.sampleRate;
  const channelCount = reader.channels;
  if (fromRate === sampleRate) {
    return {
      sampleRate,
      channelCount,
      length: reader.frames,
      async read(start, count) {
        const from = Math.max(0, start);
        const part = await reader.readChannels(from, start + count - from);
        return part.map((c) => window(c, start - from, count));
      },
    };
  }
  const kernel = resamplingKernel(fromRate, sampleRate);
  const rates: RangeRates = { fromRate, toRate: sampleRate, inputLength: reader.frames };
  const length = Math.round((reader.frames * sampleRate) / fromRate);
  return {
    sampleRate,
    channelCount,
    length,
    async read(start, count) {
      const from = Math.max(0, start);
      const to = Math.min(length, start + count);
      if (from >= to) return Array.from({ length: channelCount }, () => new Float32Array(count));
      const span = inputSpan(kernel, rates, from, to - from);
      const input = await reader.readChannels(span.first, span.end - span.first);
      return input.map((c) => {
        const part = resampleRange(c, span.first, kernel, rates, from, to - from);
        return window(part, start - from, count);
      });
    },
  };
}
