import { bytesPerSample, encodeSamples, wavHeader, type WavSampleFormat } from "./wavEncoding";

/** Decoded audio: sample rate and one Float32Array per channel, in [-1, 1]. */
export interface DecodedAudio {
  sampleRate: number;
  channels: Float32Array[];
}

/** A sound file that cannot be read; the message is one line naming the file. */
export class AudioFileError extends Error {
  override name = "AudioFileError";
}

const MIN_RATE = 1000;
const MAX_RATE = 768_000;
const CODEC_NAMES: Record<number, string> = {
  2: "Microsoft ADPCM",
  6: "A-law",
  7: "µ-law",
  0x11: "IMA ADPCM",
  0x31: "GSM 6.10",
  0x50: "MPEG",
  0x55: "MP3",
};

/** The 'fmt ' chunk's fields the decoder uses (the extensible sub-format folded into `code`). */
export interface Format {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

/** The four-character chunk id at `at`. */
export function fourCC(view: DataView, at: number): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += String.fromCharCode(view.getUint8(at + i));
  return s;
}

/** A chunk id as it can be shown in a one-line message: bytes outside printable ASCII as \xNN. */
export function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Reads a 'fmt ' chunk body of `size` bytes at `at`; `fail` throws with the problem. */
export function readFormat(
  view: DataView,
  at: number,
  size: number,
  fail: (m: string) => never,
): Format {
  if (size < 16) fail(`'fmt ' chunk too short (${size} bytes)`);
  let code = view.getUint16(at, true);
  const bits = view.getUint16(at + 14, true);
  if (code === 0xfffe) {
    if (size < 40) fail("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short");
    code = view.getUint16(at + 24, true); // first two bytes of the SubFormat GUID
  }
  return {
    code,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    bits,
  };
}

/**
 * Decodes a RIFF/WAVE file: 8/16/24/32-bit integer PCM and 32/64-bit IEEE float,
 * plain or WAVE_FORMAT_EXTENSIBLE, any number of channels, to float32. Integer
 * PCM is scaled by 2^(bits−1) (8-bit is unsigned, offset 128); floats are kept
 * as stored, and a float file with a NaN or infinite sample (or a 64-bit value
 * beyond float32's range) is refused, naming where. Hand-parsed rather than read
 * with wavefile, whose reader treats extensible float as integer PCM and throws
 * untyped errors on bad input.
 * @param name the file name used in error messages
 * @throws AudioFileError with one line naming `name` and the problem
 */
export function decodeWav(bytes: Uint8Array, name: string): DecodedAudio {
  const fail = (problem: string): never => {
    throw new AudioFileError(`${name}: ${problem}`);
  };
  if (bytes.length === 0) fail("empty file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || fourCC(view, 0) !== "RIFF") fail("not a WAV file (no RIFF header)");
  if (fourCC(view, 8) !== "WAVE")
    fail(`not a WAV file (RIFF type '${printable(fourCC(view, 8))}')`);
  let format: Format | undefined;
  let data: { at: number; size: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length && !(data && format);) {
    const id = fourCC(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (body + size > bytes.length) fail("truncated 'fmt ' chunk");
      format = readFormat(view, body, size, fail);
    } else if (id === "data" && !data) {
      if (body + size > bytes.length) {
        fail(`truncated data chunk (header says ${size} bytes, ${bytes.length - body} present)`);
      }
      data = { at: body, size };
    }
    at = body + size + (size & 1);
  }
  if (!format) fail("no 'fmt ' chunk");
  if (!data) fail("no 'data' chunk");
  const fmt = format as Format;
  const chunk = data as { at: number; size: number };
  const { isFloat, width, frameBytes } = checkFormat(fmt, fail);
  const frames = Math.floor(chunk.size / frameBytes);
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  const read = sampleReader(view, fmt.code, fmt.bits);
  for (let f = 0; f < frames; f++) {
    const base = chunk.at + f * frameBytes;
    for (let c = 0; c < fmt.channels; c++) {
      const ch = channels[c] as Float32Array;
      ch[f] = read(base + c * width);
      // Only float files can hold these (checked as stored, so a float64 past float32's range
      // counts); they would turn every latent they touch into NaN.
      if (isFloat && !Number.isFinite(ch[f]!)) fail(nonFiniteProblem(f, c, ch[f]!, fmt.sampleRate));
    }
  }
  return { sampleRate: fmt.sampleRate, channels };
}

/**
 * Checks that a format is one the decoders read (PCM 8/16/24/32 or float 32/64, 1+ channels,
 * a plausible rate); `fail` throws with the problem. Returns the sample layout.
 */
export function checkFormat(
  fmt: Format,
  fail: (problem: string) => never,
): { isFloat: boolean; width: number; frameBytes: number } {
  if (fmt.channels === 0) fail("zero channels");
  if (fmt.sampleRate < MIN_RATE || fmt.sampleRate > MAX_RATE) {
    fail(`sample rate ${fmt.sampleRate} Hz outside ${MIN_RATE}..${MAX_RATE} Hz`);
  }
  const isPcm = fmt.code === 1 && [8, 16, 24, 32].includes(fmt.bits);
  const isFloat = fmt.code === 3 && (fmt.bits === 32 || fmt.bits === 64);
  if (!isPcm && !isFloat) {
    const codec = CODEC_NAMES[fmt.code] ?? `format code ${fmt.code}`;
    fail(`unsupported encoding (${codec}, ${fmt.bits}-bit); expected PCM or float`);
  }
  const width = fmt.bits / 8;
  return { isFloat, width, frameBytes: width * fmt.channels };
}

/** The message for a NaN or infinite sample `frame` of channel `channel` (0-based). */
export function nonFiniteProblem(
  frame: number,
  channel: number,
  value: number,
  sampleRate: number,
): string {
  return `sample ${frame} (${(frame / sampleRate).toFixed(3)} s) of channel ${channel + 1} is ${value}: samples must be finite`;
}

/** Reads one sample at a byte offset of `view`, scaled to [-1, 1] for integer PCM. */
export function sampleReader(view: DataView, code: number, bits: number): (at: number) => number {
  if (code === 3) {
    return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  }
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) =>
        ((view.getInt8(at + 2) << 16) | (view.getUint8(at + 1) << 8) | view.getUint8(at)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/**
 * Encodes channels (equal lengths) as a WAV file: `"pcm16"` or `"pcm24"` (samples clipped to
 * [-1, 1], NaN/±Inf → 0, scaled by 32767 or 8388607 and rounded) or `"float32"` (IEEE float,
 * NaN/±Inf → 0, kept past full scale). The same bytes as {@link WavWriter} writes block by block.
 */
export function encodeWav(
  channels: readonly Float32Array[],
  sampleRate: number,
  format: WavSampleFormat,
): Uint8Array {
  if (channels.length === 0) throw new RangeError("encodeWav: no channels");
  const length = channels[0]?.length ?? 0;
  if (channels.some((c) => c.length !== length)) {
    throw new RangeError("encodeWav: channels have different lengths");
  }
  const header = wavHeader(channels.length, sampleRate, format, length);
  const out = new Uint8Array(header.length + length * channels.length * bytesPerSample(format));
  out.set(header);
  encodeSamples(channels, 0, length, format, out.subarray(header.length));
  return out;
}
