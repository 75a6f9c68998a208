/**
 * The bytes of a WAV file as this app writes it: a 44-byte header (RIFF, a 16-byte 'fmt '
 * chunk, data) and interleaved little-endian samples, 16-bit PCM or 32-bit float. Shared by
 * the whole-file {@link encodeWav} and the streaming {@link WavWriter}, so both write the same
 * bytes (the same layout wavefile's `fromScratch` wrote before).
 */

/** What a written sample is: 16-bit integer PCM or 32-bit IEEE float. */
export type WavSampleFormat = "pcm16" | "float32";

/** Bytes of the header {@link wavHeader} writes; the samples follow it. */
export const WAV_HEADER_BYTES = 44;

/** Bytes one sample of `format` takes. */
export function bytesPerSample(format: WavSampleFormat): number {
  return format === "pcm16" ? 2 : 4;
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
  view.setUint16(20, format === "pcm16" ? 1 : 3, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, width * 8, true);
  ascii(36, "data");
  view.setUint32(40, Math.min(0xffffffff, dataBytes), true);
  return out;
}

/** A sample as written: clipped to [-1, 1], NaN and ±Inf as 0. */
function clip(v: number): number {
  if (!(v === v) || v === Infinity || v === -Infinity) return 0;
  return v > 1 ? 1 : v < -1 ? -1 : v;
}

/**
 * Writes frames `[from, from + count)` of `channels`, interleaved, into `out` (which must hold
 * `count * channels.length * bytesPerSample(format)` bytes): pcm16 as `round(clip(v) · 32767)`,
 * float32 as `clip(v)`. Nothing written exceeds full scale.
 */
export function encodeSamples(
  channels: readonly Float32Array[],
  from: number,
  count: number,
  format: WavSampleFormat,
  out: Uint8Array,
): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const n = channels.length;
  for (let c = 0; c < n; c++) {
    const ch = channels[c]!;
    if (format === "pcm16") {
      for (let i = 0, at = 2 * c; i < count; i++, at += 2 * n)
        view.setInt16(at, Math.round(clip(ch[from + i]!) * 32767), true);
    } else {
      for (let i = 0, at = 4 * c; i < count; i++, at += 4 * n)
        view.setFloat32(at, clip(ch[from + i]!), true);
    }
  }
}
