import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/dsp/npy";
import { NpyReader, NpyWriter } from "../../src/dsp/npyStream";
import { MemoryFile } from "../helpers/memoryFile";
import { noise } from "./signals";

const rows = 1000;
const cols = 32;
const data = noise(rows * cols, 3, 4);

describe("NpyWriter and NpyReader", () => {
  it("write the same bytes as encodeNpy, a few rows at a time, and read them back in blocks", async () => {
    const file = new MemoryFile();
    const writer = await NpyWriter.start(file, [rows, cols]);
    for (let r = 0; r < rows; r += 129)
      await writer.write(data.subarray(r * cols, Math.min(rows, r + 129) * cols));
    writer.finish();
    expect(file.bytes()).toEqual(encodeNpy(data, [rows, cols]));
    const reader = await NpyReader.open(new MemoryFile(file.bytes()), "z.npy");
    expect(reader.shape).toEqual([rows, cols]);
    const back = new Float32Array(rows * cols);
    for (let r = 0, part = await reader.read(300); part.length > 0; part = await reader.read(300)) {
      back.set(part, r * cols);
      r += part.length / cols;
    }
    expect(back).toEqual(data);
  });

  it("reads '<f8' as float32, as decodeNpy does", async () => {
    const f4 = encodeNpy(data, [rows, cols]);
    // Rewrite the payload as float64 under a '<f8' header of the same length.
    const start = f4.length - 4 * data.length;
    const f8 = new Uint8Array(start + 8 * data.length);
    f8.set(f4.subarray(0, start));
    f8[new TextDecoder("latin1").decode(f8.subarray(0, start)).indexOf("<f4") + 2] = 0x38;
    const view = new DataView(f8.buffer);
    data.forEach((v, i) => view.setFloat64(start + 8 * i, v, true));
    const reader = await NpyReader.open(new MemoryFile(f8), "z.npy");
    expect(await reader.read(rows)).toEqual(decodeNpy(f8, "z.npy").data);
  });

  it("refuses what decodeNpy refuses, with its messages, and a short block count", async () => {
    const good = encodeNpy(data, [rows, cols]);
    await expect(
      NpyReader.open(new MemoryFile(good.subarray(0, good.length - 4)), "z.npy"),
    ).rejects.toThrow("z.npy: data is 127996 bytes, shape [1000, 32] needs 128000");
    await expect(
      NpyReader.open(new MemoryFile(new TextEncoder().encode("hello")), "z.npy"),
    ).rejects.toThrow("z.npy: not a .npy file (bad magic)");
    const writer = await NpyWriter.start(new MemoryFile(), [2, 3]);
    await expect(writer.write(new Float32Array(4))).rejects.toThrow(/not whole rows of 3/);
    await writer.write(new Float32Array(3));
    expect(() => writer.finish()).toThrow("NpyWriter: wrote 1 rows of the 2 declared");
  });
});
