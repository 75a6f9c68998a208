import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resample } from "../../src/dsp/resample";
import { AudioFileError, decodeWav, encodeWav } from "../../src/dsp/wav";
import { WavReader } from "../../src/dsp/wavReader";
import { fileAssetAudio, memoryAssetAudio } from "../../src/engine/assetAudio";
import type { AssetAudio } from "../../src/engine/nodeDefinition";
import { MemoryFile } from "../helpers/memoryFile";
import { noise, sine } from "../dsp/signals";

const CLOCK = 44100;

/** The whole-array asset the app makes of `bytes`: decoded, resampled to the clock. */
function wholeOf(bytes: Uint8Array): AssetAudio {
  const { sampleRate, channels } = decodeWav(bytes, "whole.wav");
  const at = channels.map((c) => (sampleRate === CLOCK ? c : resample(c, sampleRate, CLOCK)));
  return memoryAssetAudio(at, CLOCK);
}

/** The CLI's asset: the same bytes read from a file on demand, through a small read chunk. */
async function streamedOf(bytes: Uint8Array, chunkBytes = 4096): Promise<AssetAudio> {
  const reader = await WavReader.open(new MemoryFile(bytes), "long.wav", { chunkBytes });
  return fileAssetAudio(reader, CLOCK);
}

const cases: [string, Uint8Array][] = [
  ["16-bit mono at the clock's rate", encodeWav([sine(440, CLOCK, 9000, 0.8)], CLOCK, "pcm16")],
  [
    "float stereo at 48 kHz (resampled)",
    encodeWav([sine(300, 48000, 7000, 0.7), noise(7000, 3, 0.4)], 48000, "float32"),
  ],
  ["16-bit mono at 22.05 kHz (resampled up)", encodeWav([noise(4000, 9, 0.5)], 22050, "pcm16")],
];

describe("an asset read on demand (fileAssetAudio)", () => {
  for (const [name, bytes] of cases) {
    it(`${name}: any range equals the same range of the whole decoded array`, async () => {
      const whole = wholeOf(bytes);
      const streamed = await streamedOf(bytes);
      expect(streamed.length).toBe(whole.length);
      expect(streamed.channelCount).toBe(whole.channelCount);
      expect(streamed.sampleRate).toBe(CLOCK);
      const range = fc.tuple(
        fc.integer({ min: -3000, max: whole.length + 3000 }),
        fc.integer({ min: 0, max: 6000 }),
      );
      await fc.assert(
        fc.asyncProperty(range, async ([start, count]) => {
          const got = await streamed.read(start, count);
          const want = await whole.read(start, count);
          expect(got.map((c) => c.length)).toEqual(want.map(() => count));
          for (let c = 0; c < want.length; c++) expect(got[c]).toEqual(want[c]);
        }),
        { numRuns: 60, seed: 17 },
      );
    });
  }

  it("reads consecutive blocks that join into the whole sound, reading each byte about once", async () => {
    const bytes = cases[1]![1];
    const file = new MemoryFile(bytes);
    const asset = fileAssetAudio(await WavReader.open(file, "b.wav", { chunkBytes: 4096 }), CLOCK);
    const whole = await wholeOf(bytes).read(0, asset.length);
    const joined = whole.map(() => new Float32Array(asset.length));
    for (let at = 0; at < asset.length; at += 1024) {
      const block = await asset.read(at, 1024);
      block.forEach((c, i) => joined[i]!.set(c.subarray(0, asset.length - at), at));
    }
    expect(joined).toEqual(whole);
    expect(file.largestRead).toBeLessThanOrEqual(4096);
    // Each block re-reads only the resampling kernel's reach around it.
    expect(file.bytesRead).toBeLessThan(bytes.length * 1.25);
  });

  it("refuses a truncated file when it is opened, naming the file", async () => {
    const bytes = cases[0]![1];
    const open = WavReader.open(new MemoryFile(bytes.subarray(0, 5000)), "song.wav");
    await expect(open).rejects.toThrow(AudioFileError);
    await expect(open).rejects.toThrow(/^song\.wav: truncated data chunk/);
  });

  it("refuses a file cut short while it plays, naming the file and where it ended", async () => {
    const bytes = cases[0]![1];
    const file = new MemoryFile(bytes);
    const asset = fileAssetAudio(await WavReader.open(file, "song.wav"), CLOCK);
    expect((await asset.read(0, 100))[0]!.length).toBe(100);
    const cut = new MemoryFile(bytes.subarray(0, 8100));
    Object.assign(file, { read: cut.read.bind(cut) });
    await expect(asset.read(4000, 100)).rejects.toThrow(
      /^song\.wav: truncated data chunk \(the file ended at byte 8100\)/,
    );
  });

  it("refuses a NaN sample when its range is read, naming the file and the sample", async () => {
    const samples = sine(440, CLOCK, 5000, 0.5);
    const bytes = encodeWav([samples], CLOCK, "float32");
    const data = bytes.length - 4 * samples.length;
    new DataView(bytes.buffer).setFloat32(data + 4 * 3000, NaN, true);
    const asset = await streamedOf(bytes);
    expect((await asset.read(0, 2000))[0]).toEqual(samples.subarray(0, 2000));
    await expect(asset.read(2990, 20)).rejects.toThrow(/^long\.wav: .*NaN/);
  });

  it("an asset held in memory reads zeros outside the sound", async () => {
    const asset = memoryAssetAudio([Float32Array.of(1, 2, 3)], CLOCK);
    expect(await asset.read(-2, 7)).toEqual([Float32Array.of(0, 0, 1, 2, 3, 0, 0)]);
    expect(await asset.read(5, 2)).toEqual([new Float32Array(2)]);
  });
});
