import * as wavefileNs from "wavefile";
import { describe, expect, it } from "vitest";
import { AudioFileError, decodeWav, encodeWav } from "../../src/dsp/wav";
import { WavReader } from "../../src/dsp/wavReader";
import { WavWriter } from "../../src/dsp/wavWriter";
import { MemoryFile } from "../helpers/memoryFile";
import { noise, sine } from "./signals";

type WaveFileClass = typeof wavefileNs.WaveFile;
const WaveFile: WaveFileClass =
  (wavefileNs as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileNs as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

const left = sine(441, 44100, 5000, 0.9);
const right = noise(5000, 7, 0.5);

/** A file written by wavefile at `bitDepth` from samples in [-1, 1]. */
function fileAt(bitDepth: string, channels: Float32Array[], sampleRate = 48000): Uint8Array {
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

/** The chunks of a RIFF file (id and body), in order. */
function chunksOf(bytes: Uint8Array): [string, Uint8Array][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: [string, Uint8Array][] = [];
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = new TextDecoder().decode(bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    out.push([id, bytes.slice(at + 8, at + 8 + size)]);
    at += 8 + size + (size & 1);
  }
  return out;
}

/** A RIFF/WAVE file of these chunks, in this order (odd sizes padded). */
function riff(chunks: [string, Uint8Array][]): Uint8Array {
  const size = chunks.reduce((n, [, b]) => n + 8 + b.length + (b.length & 1), 4);
  const out = new Uint8Array(8 + size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode("RIFFxxxxWAVE"));
  view.setUint32(4, size, true);
  let at = 12;
  for (const [id, body] of chunks) {
    out.set(new TextEncoder().encode(id), at);
    view.setUint32(at + 4, body.length, true);
    out.set(body, at + 8);
    at += 8 + body.length + (body.length & 1);
  }
  return out;
}

/** The mono mix the CLI always made of a decoded file: the channels' mean, summed in float32. */
function monoOf(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]!.length);
  for (const c of channels) for (let i = 0; i < out.length; i++) out[i]! += c[i]! / channels.length;
  return out;
}

/** Everything the reader gives, `step` frames at a time. */
async function readAll(reader: WavReader, step: number): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (let p = await reader.readMono(step); p.length > 0; p = await reader.readMono(step))
    parts.push(p);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function openError(bytes: Uint8Array): Promise<Error> {
  try {
    const reader = await WavReader.open(new MemoryFile(bytes), "song.wav");
    await readAll(reader, 1000);
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a refusal");
}

describe("WavReader", () => {
  it.each(["8", "16", "24", "32", "32f", "64"])(
    "reads %s-bit mono and stereo as decodeWav does, mixed to mono, within its chunk size",
    async (bits) => {
      for (const channels of [[left], [left, right]]) {
        const bytes = fileAt(bits, channels);
        const file = new MemoryFile(bytes);
        const reader = await WavReader.open(file, "x.wav", { chunkBytes: 999 });
        expect([reader.sampleRate, reader.channels, reader.frames]).toEqual([
          48000,
          channels.length,
          5000,
        ]);
        const got = await readAll(reader, 777);
        expect(got).toEqual(monoOf(decodeWav(bytes, "x.wav").channels));
        // Never more than one chunk (rounded down to whole frames) or a header field at once.
        expect(file.largestRead).toBeLessThanOrEqual(999);
        expect(file.bytesRead).toBeLessThan(bytes.length + 200);
      }
    },
  );

  it("finds the chunks in any order, past extra chunks of odd sizes", async () => {
    const chunks = chunksOf(fileAt("16", [left, right]));
    const fmt = chunks.find(([id]) => id === "fmt ")!;
    const data = chunks.find(([id]) => id === "data")!;
    const list: [string, Uint8Array] = ["LIST", new Uint8Array(13).fill(65)];
    const junk: [string, Uint8Array] = ["JUNK", new Uint8Array(1)];
    const want = monoOf(decodeWav(riff([fmt, data]), "x.wav").channels);
    for (const order of [
      [list, fmt, junk, data],
      [data, list, fmt],
      [junk, data, fmt, list],
    ]) {
      const reader = await WavReader.open(new MemoryFile(riff(order)), "x.wav");
      expect(await readAll(reader, 4096)).toEqual(want);
    }
    // The whole-file decoder reads the same orders.
    expect(monoOf(decodeWav(riff([data, list, fmt]), "x.wav").channels)).toEqual(want);
  });

  it("ignores a trailing partial frame, as decodeWav does", async () => {
    const chunks = chunksOf(fileAt("24", [left, right]));
    const fmt = chunks.find(([id]) => id === "fmt ")!;
    const [, body] = chunks.find(([id]) => id === "data")!;
    const ragged = riff([fmt, ["data", body.subarray(0, body.length - 4)]]);
    const reader = await WavReader.open(new MemoryFile(ragged), "x.wav");
    expect(reader.frames).toBe(4999);
    expect(await readAll(reader, 1 << 20)).toEqual(monoOf(decodeWav(ragged, "x.wav").channels));
  });

  it("refuses a truncated file, a NaN sample and a non-WAV with one line naming the file", async () => {
    const good = fileAt("16", [left]);
    const cut = await openError(good.subarray(0, good.length - 100));
    expect(cut).toBeInstanceOf(AudioFileError);
    expect(cut.message).toBe(
      "song.wav: truncated data chunk (header says 10000 bytes, 9900 present)",
    );
    expect((await openError(new Uint8Array())).message).toBe("song.wav: empty file");
    expect((await openError(new TextEncoder().encode("ID3 mp3"))).message).toMatch(
      /^song\.wav: not a WAV file/,
    );
    expect((await openError(good.subarray(0, 30))).message).toMatch(
      /^song\.wav: (truncated 'fmt '|no 'data')/,
    );
    const bad = Float32Array.from(right);
    bad[4321] = Number.NaN;
    expect((await openError(fileAt("32f", [left, bad]))).message).toBe(
      "song.wav: sample 4321 (0.090 s) of channel 2 is NaN: samples must be finite",
    );
    const adpcm = good.slice();
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expect((await openError(adpcm)).message).toMatch(/unsupported encoding \(Microsoft ADPCM/);
  });

  it("says so when the file shrinks while it is read", async () => {
    const bytes = fileAt("16", [left]);
    const file = new MemoryFile(bytes);
    const reader = await WavReader.open(file, "live.wav", { chunkBytes: 1000 });
    await reader.readMono(100);
    // The file loses its tail after the header was read.
    const shorter = new MemoryFile(bytes.subarray(0, 4000));
    Object.assign(file, { read: shorter.read.bind(shorter) });
    await expect(reader.readMono(5000)).rejects.toThrow(
      /^live\.wav: truncated data chunk \(the file ended at byte 4000\)$/,
    );
  });
});

describe("WavWriter", () => {
  it.each(["pcm16", "pcm24", "float32"] as const)(
    "writes %s in pieces to the same bytes as encodeWav, counting what it clips",
    async (format) => {
      const wild = Float32Array.from(left, (v, i) => (i % 97 === 0 ? 3 : i === 5 ? NaN : v));
      const file = new MemoryFile();
      const writer = await WavWriter.start(file, 2, 22050, format);
      for (let at = 0; at < wild.length; at += 1234)
        await writer.write([wild, right], at, Math.min(1234, wild.length - at));
      await writer.finish();
      expect(writer.framesWritten).toBe(5000);
      expect(file.bytes()).toEqual(encodeWav([wild, right], 22050, format));
      const back = decodeWav(file.bytes(), "w.wav").channels[0]!;
      const overs = wild.filter((v) => Math.abs(v) > 1).length;
      expect(overs).toBeGreaterThan(40);
      expect(writer.stats.peak).toBe(3);
      expect(writer.stats.nonFinite).toBe(1);
      if (format === "float32") {
        // A float file keeps every level: lossless, and nothing is counted as clipped.
        expect(writer.stats.clipped).toBe(0);
        expect(back.filter((v) => v === 3)).toHaveLength(overs);
      } else {
        expect(writer.stats.clipped).toBe(overs);
        expect(back.every((v) => Math.abs(v) <= 1)).toBe(true);
      }
    },
  );

  it("writes the bytes wavefile wrote before (16-bit and 32-bit float headers and samples)", () => {
    const ints = [left, right].map((ch) => Int16Array.from(ch, (v) => Math.round(v * 32767)));
    const wav16 = new WaveFile();
    wav16.fromScratch(2, 44100, "16", ints);
    expect(encodeWav([left, right], 44100, "pcm16")).toEqual(new Uint8Array(wav16.toBuffer()));
    const wav32 = new WaveFile();
    wav32.fromScratch(1, 8000, "32f", [right]);
    expect(encodeWav([right], 8000, "float32")).toEqual(new Uint8Array(wav32.toBuffer()));
  });

  it("writes a valid empty file and refuses a wrong channel count", async () => {
    const file = new MemoryFile();
    const writer = await WavWriter.start(file, 1, 44100, "pcm16");
    await expect(writer.write([left, right])).rejects.toThrow(/expected 1 channels, got 2/);
    await writer.finish();
    expect(decodeWav(file.bytes(), "e.wav").channels[0]).toHaveLength(0);
  });
});
