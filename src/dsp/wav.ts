import * as wavefileNs from "wavefile";

type WaveFileClass = typeof wavefileNs.WaveFile;
// wavefile is CommonJS under Node (its namespace only has `default`) and an ES
// module under bundlers (named export `WaveFile`); accept both shapes.
const WaveFile: WaveFileClass =
  (wavefileNs as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileNs as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

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

interface Format {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

function fourCC(view: DataView, at: number): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += String.fromCharCode(view.getUint8(at + i));
  return s;
}

/** A chunk id as it can be shown in a one-line message: bytes outside printable ASCII as \xNN. */
function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

function readFormat(view: DataView, at: number, size: number, fail: (m: string) => never): Format {
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
  for (let at = 12; at + 8 <= bytes.length && !data;) {
    const id = fourCC(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (body + size > bytes.length) fail("truncated 'fmt ' chunk");
      format = readFormat(view, body, size, fail);
    } else if (id === "data") {
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
  const frameBytes = width * fmt.channels;
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
      if (isFloat && !Number.isFinite(ch[f]!)) {
        fail(
          `sample ${f} (${(f / fmt.sampleRate).toFixed(3)} s) of channel ${c + 1} is ${ch[f]}: samples must be finite`,
        );
      }
    }
  }
  return { sampleRate: fmt.sampleRate, channels };
}

function sampleReader(view: DataView, code: number, bits: number): (at: number) => number {
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

function clip(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return v > 1 ? 1 : v < -1 ? -1 : v;
}

/**
 * Encodes channels (equal lengths) as a WAV file with wavefile: `"pcm16"`
 * (samples clipped to [-1, 1], NaN/±Inf → 0, scaled by 32767 and rounded) or
 * `"float32"` (IEEE float, also clipped to [-1, 1] with NaN/±Inf → 0, so
 * nothing written exceeds full scale).
 */
export function encodeWav(
  channels: readonly Float32Array[],
  sampleRate: number,
  format: "pcm16" | "float32",
): Uint8Array {
  if (channels.length === 0) throw new RangeError("encodeWav: no channels");
  const length = channels[0]?.length ?? 0;
  if (channels.some((c) => c.length !== length)) {
    throw new RangeError("encodeWav: channels have different lengths");
  }
  if (!Number.isInteger(sampleRate) || sampleRate < 1) {
    throw new RangeError(`encodeWav: sample rate must be a positive integer, got ${sampleRate}`);
  }
  const samples = channels.map((ch) => {
    const out = format === "pcm16" ? new Int16Array(length) : new Float32Array(length);
    for (let i = 0; i < length; i++) {
      const v = clip(ch[i] ?? 0);
      out[i] = format === "pcm16" ? Math.round(v * 32767) : v;
    }
    return out;
  });
  const wav = new WaveFile();
  wav.fromScratch(channels.length, sampleRate, format === "pcm16" ? "16" : "32f", samples);
  return wav.toBuffer();
}
