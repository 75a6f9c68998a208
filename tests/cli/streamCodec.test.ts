import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as wavefileNs from "wavefile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/cli/app";
import { withInput, writeOutput } from "../../src/cli/outputFile";
import { decodeFile, encodeFile } from "../../src/cli/streamCodec";
import { decodeNpy, encodeNpy } from "../../src/dsp/npy";
import { NpyReader } from "../../src/dsp/npyStream";
import { WavReader } from "../../src/dsp/wavReader";
import { resample } from "../../src/dsp/resample";
import { decodeWav, encodeWav } from "../../src/dsp/wav";
import { decodeClip, encodeClip } from "../../src/engine/codec";
import type { LoadedModel } from "../../src/engine/models/types";
import { firstDifference, MemoryFile } from "../helpers/memoryFile";

type WaveFileClass = typeof wavefileNs.WaveFile;
const WaveFile: WaveFileClass =
  (wavefileNs as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileNs as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

const dir = mkdtempSync(join(tmpdir(), "lp-stream-"));
let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(undefined);
});
afterAll(async () => {
  await model.dispose();
});

/** A 24-bit stereo 48 kHz file: the piano on the left, the flute on the right (2.5 s). */
function stereoFile(): Uint8Array {
  const piano = decodeWav(readFileSync("assets/audio/piano.wav"), "piano").channels[0]!;
  const flute = decodeWav(readFileSync("assets/audio/flute.wav"), "flute").channels[0]!;
  const n = 120_000;
  const ch = (x: Float32Array) => Array.from(x.subarray(0, n), (v) => Math.round(v * 8388607));
  const wav = new WaveFile();
  wav.fromScratch(2, 48000, "24", [ch(piano), ch(flute)]);
  return wav.toBuffer();
}

/** The whole-file path the CLI took before streaming. */
async function wholeEncode(bytes: Uint8Array): Promise<{ data: Float32Array; frames: number }> {
  const { channels, sampleRate } = decodeWav(bytes, "x.wav");
  const mono = new Float32Array(channels[0]!.length);
  for (const c of channels) for (let i = 0; i < mono.length; i++) mono[i]! += c[i]! / 2;
  return encodeClip(model, resample(mono, sampleRate, model.sampleRate));
}

describe("streamed encode and decode (the CLI's)", () => {
  it("encodes a resampled stereo file to the whole-file path's latents, for any block size", async () => {
    const bytes = stereoFile();
    const whole = await wholeEncode(bytes);
    for (const block of [128, 5]) {
      const input = new MemoryFile(bytes);
      const out = new MemoryFile();
      const frames = await encodeFile(model, await WavReader.open(input, "x.wav"), out, block);
      expect(frames).toBe(whole.frames);
      const { data, shape } = decodeNpy(out.bytes(), "z.npy");
      expect(shape).toEqual([whole.frames, 32]);
      // The same STFT frames reach the model; only its matrix products may round differently
      // for another number of frames per call.
      let err = 0;
      let scale = 0;
      for (let i = 0; i < data.length; i++) {
        err = Math.max(err, Math.abs(data[i]! - whole.data[i]!));
        scale = Math.max(scale, Math.abs(whole.data[i]!));
      }
      expect(err).toBeLessThanOrEqual(1e-5 * scale);
      expect(input.largestRead).toBeLessThanOrEqual(256 * 1024);
    }
  });

  it("decodes latents to the whole-file path's samples within 1 LSB, for any block size", async () => {
    const { data, frames } = await wholeEncode(stereoFile());
    const npy = encodeNpy(data, [frames, 32]);
    const whole = encodeWav([await decodeClip(model, data, frames)], 44100, "pcm16");
    const want = decodeWav(whole, "whole.wav").channels[0]!;
    for (const block of [frames, 128, 7]) {
      const out = new MemoryFile();
      const r = await decodeFile(model, await NpyReader.open(new MemoryFile(npy), "z.npy"), out, {
        blockFrames: block,
        format: "pcm16",
      });
      expect(r).toMatchObject({ samples: frames * 1024, sampleRate: 44100 });
      const got = decodeWav(out.bytes(), "z.wav").channels[0]!;
      expect(got).toHaveLength(want.length);
      // One call for the whole file is the whole-file path, byte for byte; other splits feed the
      // model other matrix sizes, whose float rounding can move a 16-bit sample by one step.
      if (block === frames) expect(firstDifference(out.bytes(), whole)).toBe(-1);
      let err = 0;
      for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!));
      expect(err).toBeLessThanOrEqual(1 / 32768 + 1e-9);
    }
  });

  it("refuses a NaN latent naming its frame, and leaves no partial file nor a clobbered one", async () => {
    const z = new Float32Array(300 * 32).fill(0.1);
    z[250 * 32 + 3] = Number.NaN;
    const npyPath = join(dir, "nan.npy");
    writeFileSync(npyPath, encodeNpy(z, [300, 32]));
    const out = join(dir, "out.wav");
    writeFileSync(out, "previous take");
    await expect(
      withInput(npyPath, (input) =>
        writeOutput(out, async (file) =>
          decodeFile(model, await NpyReader.open(input, "nan.npy"), file, { format: "pcm16" }),
        ),
      ),
    ).rejects.toThrow("nan.npy: latent frame 250 dim 3 is NaN: latents must be finite");
    expect(readFileSync(out, "utf8")).toBe("previous take");
    expect(readdirSync(dir).sort()).toEqual(["nan.npy", "out.wav"]);
  });

  it("encodes an empty WAV to [0, 32] latents and decodes those to an empty WAV", async () => {
    const npy = new MemoryFile();
    const empty = encodeWav([new Float32Array(0)], 22050, "pcm16");
    const reader = await WavReader.open(new MemoryFile(empty), "e.wav");
    expect(await encodeFile(model, reader, npy)).toBe(0);
    expect(decodeNpy(npy.bytes(), "e.npy").shape).toEqual([0, 32]);
    const wav = new MemoryFile();
    await decodeFile(model, await NpyReader.open(new MemoryFile(npy.bytes()), "e.npy"), wav);
    expect(decodeWav(wav.bytes(), "e.wav").channels[0]).toHaveLength(0);
  });

  it("refuses latents of another shape before writing anything", async () => {
    const npy = encodeNpy(new Float32Array(40), [10, 4]);
    const out = new MemoryFile();
    await expect(
      decodeFile(model, await NpyReader.open(new MemoryFile(npy), "z.npy"), out),
    ).rejects.toThrow('z.npy: shape [10, 4], but model "neural-spectral-2" needs [frames, 32]');
    expect(out.bytes()).toHaveLength(0);
  });
});
