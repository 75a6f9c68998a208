/**
 * The bytes of a WAV file as this app writes it: a 44-byte header (RIFF, a 16-byte 'fmt '
 * chunk, data) and interleaved little-endian samples, 16/24-bit PCM or 32-bit float. Shared by
 * the whole-file {@link encodeWav} and the streaming {@link WavWriter}, so both write the same
 * bytes (the same layout wavefile's `fromScratch` wrote before).
 */

/** What a written sample is: 16- or 24-bit integer PCM, or 32-bit IEEE float. */
export type WavSampleFormat = "pcm16" | "pcm24" | "float32";

/** Bytes of the header {@link wavHeader} writes; the samples follow it. */
export const WAV_HEADER_BYTES = 44;

/** Bytes one sample of `format` takes. */
export function bytesPerSample(format: WavSampleFormat): number {
  return format === "pcm16" ? 2 : format === "pcm24" ? 3 : 4;
}

/**
 * The header of a file of `frames` frames. The RIFF and data sizes are the only fields that
 * depend on the length, at byte offsets 4 and 40 ({@link WavWriter} fills them in at the end).
 */
export function wavHeader(
  channels: number,
  sampleRate: number,
  format: WavSampleFormat,
  frames: number,
): Uint8Array {
  if (!Number.isInteger(channels) || channels < 1 || channels > 65535) {
    throw new RangeError(`wavHeader: channels must be an integer in 1..65535, got ${channels}`);
  }
  if (!Number.isInteger(sampleRate) || sampleRate < 1) {
    throw new RangeError(`encodeWav: sample rate must be a positive integer, got ${sampleRate}`);
  }
  const width = bytesPerSample(format);
  const dataBytes = frames * channels * width;
  const out = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, Math.min(0xffffffff, 36 + dataBytes), true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, format === "float32" ? 3 : 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, width * 8, true);
  ascii(36, "data");
  view.setUint32(40, Math.min(0xffffffff, dataBytes), true);
  return out;
}

/** What {@link encodeSamples} met on its way: how loud the signal was, and what it changed. */
export interface SampleStats {
  /** The largest absolute finite sample, before any clipping. */
  peak: number;
  /** Samples past full scale written as ±1: integer formats only. */
  clipped: number;
  /** Finite samples at or past full scale (|v| ≥ 1): a signal clipped before it was written. */
  fullScale: number;
  /** NaN and ±Inf samples, written as 0. */
  nonFinite: number;
}

/** Fresh {@link SampleStats}: nothing seen yet. */
export const emptySampleStats = (): SampleStats => ({
  peak: 0,
  clipped: 0,
  fullScale: 0,
  nonFinite: 0,
});

/**
 * Writes frames `[from, from + count)` of `channels`, interleaved, into `out` (which must hold
 * `count * channels.length * bytesPerSample(format)` bytes): pcm16 as `round(clip(v) · 32767)`,
 * pcm24 as `round(clip(v) · 8388607)`, float32 as `v` unclipped (a float file keeps a level past
 * full scale, losslessly); NaN and ±Inf as 0.
 * `stats` (when given) accumulates the peak and what was clipped or replaced.
 */
export function encodeSamples(
  channels: readonly Float32Array[],
  from: number,
  count: number,
  format: WavSampleFormat,
  out: Uint8Array,
  stats: SampleStats = emptySampleStats(),
): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const n = channels.length;
  const width = bytesPerSample(format);
  const scale = format === "pcm16" ? 32767 : 8388607;
  for (let c = 0; c < n; c++) {
    const ch = channels[c]!;
    for (let i = 0, at = width * c; i < count; i++, at += width * n) {
      let v = ch[from + i]!;
      if (v !== v || v === Infinity || v === -Infinity) {
        stats.nonFinite++;
        v = 0;
      } else {
        const a = Math.abs(v);
        if (a > stats.peak) stats.peak = a;
        if (a >= 1) stats.fullScale++;
        if (a > 1 && format !== "float32") {
          stats.clipped++;
          v = v > 0 ? 1 : -1;
        }
      }
      if (format === "float32") view.setFloat32(at, v, true);
      else if (format === "pcm16") view.setInt16(at, Math.round(v * scale), true);
      else {
        const s = Math.round(v * scale);
        view.setUint8(at, s & 0xff);
        view.setUint8(at + 1, (s >> 8) & 0xff);
        view.setUint8(at + 2, (s >> 16) & 0xff);
      }
    }
  }
}
