import * as wavefileNs from "wavefile";
import { describe, expect, it } from "vitest";
import { AudioFileError, decodeWav, encodeWav } from "../../src/dsp/wav";
import { sine } from "./signals";

type WaveFileClass = typeof wavefileNs.WaveFile;
const WaveFile: WaveFileClass =
  (wavefileNs as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileNs as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

const left = sine(441, 44100, 500, 0.9);
const right = sine(1000, 44100, 500, -0.5);

/** Writes a file with wavefile at the given bit depth, from samples in [-1, 1]. */
function fileAt(bitDepth: string, channels: Float32Array[], sampleRate = 44100): Uint8Array {
  const bits = bitDepth === "32f" || bitDepth === "64" ? 0 : Number(bitDepth);
  const scaled = channels.map((ch) =>
    Array.from(ch, (v) =>
      bits === 0
        ? v
        : bits === 8
          ? Math.round(v * 127) + 128
          : Math.round(v * (2 ** (bits - 1) - 1)),
    ),
  );
  const wav = new WaveFile();
  wav.fromScratch(channels.length, sampleRate, bitDepth, scaled);
  return wav.toBuffer();
}

/** A WAVE_FORMAT_EXTENSIBLE (0xFFFE) 32-bit float file, written byte by byte. */
function extensibleFloat32(channels: Float32Array[], sampleRate: number): Uint8Array {
  const n = channels[0]?.length ?? 0;
  const dataBytes = n * channels.length * 4;
  const out = new Uint8Array(12 + 8 + 40 + 8 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => out.set(new TextEncoder().encode(s), at);
  ascii(0, "RIFF");
  v.setUint32(4, out.length - 8, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 40, true);
  v.setUint16(20, 0xfffe, true);
  v.setUint16(22, channels.length, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels.length * 4, true);
  v.setUint16(32, channels.length * 4, true);
  v.setUint16(34, 32, true);
  v.setUint16(36, 22, true);
  v.setUint16(38, 32, true);
  v.setUint32(40, 0x3f, true);
  // SubFormat GUID 00000003-0000-0010-8000-00aa00389b71 (IEEE float).
  out.set([3, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71], 44);
  ascii(60, "data");
  v.setUint32(64, dataBytes, true);
  for (let i = 0; i < n; i++) {
    channels.forEach((ch, c) => v.setFloat32(68 + (i * channels.length + c) * 4, ch[i] ?? 0, true));
  }
  return out;
}

function expectError(bytes: Uint8Array, pattern: RegExp): void {
  let caught: unknown;
  try {
    decodeWav(bytes, "piano.wav");
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AudioFileError);
  const message = (caught as Error).message;
  expect(message).toMatch(/^piano\.wav: /);
  expect(message).toMatch(pattern);
  expect(message).not.toContain("\n");
}

describe("decodeWav", () => {
  it.each([
    ["8", 1 / 64],
    ["16", 1e-4],
    ["24", 1e-6],
    ["32", 1e-8],
    ["32f", 1e-7],
    ["64", 1e-7],
  ])("reads %s-bit stereo files", (bitDepth, tol) => {
    const decoded = decodeWav(fileAt(bitDepth, [left, right], 48000), "x.wav");
    expect(decoded.sampleRate).toBe(48000);
    expect(decoded.channels).toHaveLength(2);
    decoded.channels.forEach((ch, c) => {
      const want = c === 0 ? left : right;
      expect(ch).toHaveLength(500);
      let err = 0;
      for (let i = 0; i < 500; i++) err = Math.max(err, Math.abs((ch[i] ?? 0) - (want[i] ?? 0)));
      expect(err).toBeLessThan(tol);
    });
  });

  it("reads WAVE_FORMAT_EXTENSIBLE float files with many channels, and 24-bit", () => {
    const ch = [left, right, left, right, left, right];
    const decoded = decodeWav(extensibleFloat32(ch, 96000), "six.wav");
    expect(decoded.sampleRate).toBe(96000);
    expect(decoded.channels).toHaveLength(6);
    decoded.channels.forEach((got, c) => expect(got).toEqual(ch[c]));
    const i24 = decodeWav(fileAt("24", ch), "six24.wav");
    expect(i24.channels[5]?.[7]).toBeCloseTo(right[7] ?? NaN, 5);
  });

  it("refuses a float file with a NaN or infinite sample, naming the sample, time and channel", () => {
    const bad = Float32Array.from(right);
    bad[7] = Number.NaN;
    expect(() => decodeWav(extensibleFloat32([left, bad], 44100), "nan.wav")).toThrow(
      "nan.wav: sample 7 (0.000 s) of channel 2 is NaN: samples must be finite",
    );
    const inf = Float32Array.from(left);
    inf[3] = -Infinity;
    expect(() => decodeWav(extensibleFloat32([inf], 8000), "inf.wav")).toThrow(
      /sample 3 .* channel 1 is -Infinity/,
    );
    // A 64-bit sample past float32's range would be stored as Infinity: refused too.
    const huge = Float64Array.from(left);
    huge[5] = 1e300;
    expect(() => decodeWav(fileAt("64", [huge as unknown as Float32Array]), "huge.wav")).toThrow(
      /sample 5 .* is Infinity/,
    );
    // Loud but finite floats are kept as stored.
    const loud = Float32Array.from(left, (v) => v * 4);
    expect(decodeWav(extensibleFloat32([loud], 8000), "loud.wav").channels[0]).toEqual(loud);
  });

  it("accepts a Buffer-like view with a byte offset", () => {
    const bytes = fileAt("16", [left]);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodeWav(padded.subarray(3), "x.wav").channels[0]).toEqual(
      decodeWav(bytes, "x.wav").channels[0],
    );
  });

  it("names the file and the problem for bad input", () => {
    const good = fileAt("16", [left]);
    expectError(new Uint8Array(), /empty/);
    expectError(new TextEncoder().encode("ID3 this is an mp3 really"), /no RIFF header/);
    const avi = good.slice();
    avi.set(new TextEncoder().encode("AVI "), 8);
    expectError(avi, /not a WAV file/);
    expectError(good.subarray(0, good.length - 100), /truncated data/);
    expectError(good.subarray(0, 30), /truncated 'fmt '|no 'data'/);
    const adpcm = good.slice();
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expectError(adpcm, /unsupported encoding \(Microsoft ADPCM/);
    const mono0 = good.slice();
    new DataView(mono0.buffer).setUint16(22, 0, true);
    expectError(mono0, /zero channels/);
    const rate = good.slice();
    new DataView(rate.buffer).setUint32(24, 4_000_000_000, true);
    expectError(rate, /sample rate/);
  });

  it("keeps the message on one line when the RIFF type holds control bytes (found by npm run fuzz)", () => {
    const bytes = fileAt("16", [left]);
    bytes.set([0x57, 0x0a, 0xd8, 0x00], 8);
    expect(() => decodeWav(bytes, "x.wav")).toThrow(
      new AudioFileError("x.wav: not a WAV file (RIFF type 'W\\x0a\\xd8\\x00')"),
    );
  });
});

describe("encodeWav", () => {
  it("round-trips pcm16, pcm24 and float32 stereo", () => {
    for (const format of ["pcm16", "pcm24", "float32"] as const) {
      const back = decodeWav(encodeWav([left, right], 22050, format), "rt.wav");
      expect(back.sampleRate).toBe(22050);
      expect(back.channels).toHaveLength(2);
      const tol = format === "pcm16" ? 2 / 32768 : format === "pcm24" ? 2 / 8388608 : 1e-7;
      back.channels.forEach((ch, c) => {
        const want = c === 0 ? left : right;
        for (let i = 0; i < want.length; i += 37)
          expect(Math.abs((ch[i] ?? 0) - (want[i] ?? 0))).toBeLessThan(tol);
      });
    }
  });

  it("clips integer formats to full scale, keeps float past it, writes NaN and infinities as 0", () => {
    const wild = Float32Array.from([2, -3, Number.NaN, Infinity, -Infinity, 0.25]);
    const full = { pcm16: 32767 / 32768, pcm24: 8388607 / 8388608 };
    for (const format of ["pcm16", "pcm24"] as const) {
      const ch = decodeWav(encodeWav([wild], 8000, format), "w.wav").channels[0];
      const quarter = Math.round(0.25 * full[format] * (format === "pcm16" ? 32768 : 8388608));
      expect(Array.from(ch ?? [])).toEqual([
        full[format],
        -full[format],
        0,
        0,
        0,
        quarter / (format === "pcm16" ? 32768 : 8388608),
      ]);
    }
    const float = decodeWav(encodeWav([wild], 8000, "float32"), "w.wav").channels[0];
    expect(Array.from(float ?? [])).toEqual([2, -3, 0, 0, 0, 0.25]);
  });

  it("rejects mismatched channels", () => {
    expect(() => encodeWav([left, right.subarray(1)], 44100, "pcm16")).toThrow(/lengths/);
    expect(() => encodeWav([], 44100, "pcm16")).toThrow(/no channels/);
  });
});
