import { strToU8, Inflate, zipSync } from "fflate";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as L from "../../src/engine/patch/limits";
import { readDroppedFolder, type DroppedDirectory } from "../../src/ui/bundle/droppedFolder";
import { readZip } from "../../src/ui/bundle/zipFiles";
import { declareSize, noise, streamZip, zeros } from "./zipBombs";

const limits = (over: Partial<L.ZipLimits>): L.ZipLimits => ({ ...L.ZIP_LIMITS, ...over });
const many = (n: number) =>
  zipSync(Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.txt`, strToU8("x")])));

describe("zip limits, at the edge", () => {
  it(`reads ${L.MAX_ZIP_ENTRIES} files and refuses one more before inflating any`, () => {
    expect(readZip(many(L.MAX_ZIP_ENTRIES), "ok.zip").size).toBe(L.MAX_ZIP_ENTRIES);
    expect(() => readZip(many(L.MAX_ZIP_ENTRIES + 1), "many.zip")).toThrow(
      "many.zip: 1,001 files in the zip (the limit is 1,000)",
    );
  });

  it("refuses an entry past its byte limit, naming it", () => {
    const zip = zipSync({ "a.bin": noise(1000), "big/b.bin": noise(1001) });
    const small = limits({ entryBytes: 1000 });
    expect(readZip(zipSync({ "a.bin": noise(1000) }), "z.zip", small).get("a.bin")).toHaveLength(
      1000,
    );
    expect(() => readZip(zip, "z.zip", small)).toThrow(
      "z.zip/big/b.bin: inflates past 1,000 bytes (the limit per file)",
    );
    // The same with a header that lies about the size: caught while inflating.
    expect(() => readZip(declareSize(zip, 10), "z.zip", limits({ entryBytes: 100_000 }))).toThrow(
      /^z\.zip\/a\.bin: a damaged zip file \(inflates past the 10 bytes it declares\)$/,
    );
  });

  it("refuses the files whose sum passes the total limit, naming the one that passes it", () => {
    const zip = zipSync({ "a.bin": noise(600), "b.bin": noise(600) });
    expect(readZip(zip, "t.zip", limits({ totalBytes: 1200 })).size).toBe(2);
    expect(() => readZip(zip, "t.zip", limits({ totalBytes: 1199 }))).toThrow(
      "t.zip/b.bin: the files up to here inflate past 1,199 bytes (the limit for a zip)",
    );
  });

  it("reads a well-compressed file up to the ratio, and small files of zeros at any ratio", () => {
    const zip = streamZip({ "silence.wav": () => zeros(2) });
    expect(readZip(zip, "s.zip", limits({ ratio: 2000 })).get("silence.wav")).toHaveLength(2 << 20);
    expect(readZip(zip, "s.zip", limits({ ratioFloorBytes: 2 << 20 })).size).toBe(1);
    expect(() => readZip(zip, "s.zip")).toThrow(
      "s.zip/silence.wav: compressed more than 200:1, like a zip bomb (the limit is 200:1 past 1 MiB)",
    );
  });
});

describe("hostile entry names", () => {
  it("refuses a name with a newline in one line, the name quoted", () => {
    const zip = zipSync({ "ok.txt": strToU8("x"), "evil\r\nname.wav": strToU8("y") });
    let message = "";
    try {
      readZip(zip, "z.zip");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`z.zip: entry 2's name holds control characters ("evil\\r\\nname.wav")`);
    expect(message.split("\n")).toHaveLength(1);
  });
});

describe("a 1,000:1 zip bomb (20 MiB of zeros; bench/limits.ts measures 200 MiB)", () => {
  const bomb = streamZip({ "patch.json": () => [strToU8("{}")], "zeros.bin": () => zeros(20) });
  afterEach(() => vi.restoreAllMocks());

  it("is about 20 KiB, and is refused from its directory without inflating anything", () => {
    expect(bomb.length).toBeLessThan(25_000);
    const push = vi.spyOn(Inflate.prototype, "push");
    expect(() => readZip(bomb, "bomb.zip")).toThrow(
      "bomb.zip/zeros.bin: compressed more than 200:1, like a zip bomb (the limit is 200:1 past 1 MiB)",
    );
    expect(push.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it("is refused after about a mebibyte when its header lies about its size", () => {
    // 4 MiB declared from ~20 KiB passes the declared ratio; the stream shows the truth.
    const lying = declareSize(bomb, 4 << 20, "zeros.bin");
    const push = vi.spyOn(Inflate.prototype, "push");
    expect(() => readZip(lying, "bomb.zip")).toThrow(
      "bomb.zip/zeros.bin: compressed more than 200:1, like a zip bomb (the limit is 200:1 past 1 MiB)",
    );
    // What was handed to the inflater bounds what came out: at most 1,032 bytes per byte.
    const pushed = push.mock.calls.reduce((sum, [chunk]) => sum + chunk.length, 0);
    expect(pushed * 1032).toBeLessThan(8 << 20);
  });
});

/** A dropped folder of files with these sizes whose bytes can be read only when `readable`. */
function folder(sizes: readonly number[], read: string[]): DroppedDirectory {
  const files = sizes.map((size, i) => ({
    name: `f${i}.bin`,
    isFile: true,
    isDirectory: false,
    file: (ok: (b: Blob) => void) =>
      ok({
        size,
        arrayBuffer: () => {
          read.push(`f${i}.bin`);
          return Promise.resolve(new ArrayBuffer(size));
        },
      } as Blob),
  }));
  return {
    name: "pack",
    isFile: false,
    isDirectory: true,
    createReader: () => ({ readEntries: (ok) => ok(files.splice(0, files.length)) }),
  };
}

describe("a dropped folder's limits", () => {
  it("reads files up to the byte limit and refuses the one past it before reading it", async () => {
    const read: string[] = [];
    const limits = { files: 10, bytes: 1000 };
    expect((await readDroppedFolder(folder([500, 500], read), limits)).size).toBe(2);
    read.length = 0;
    await expect(readDroppedFolder(folder([500, 500, 1], read), limits)).rejects.toThrow(
      "pack/f2.bin: the files up to here take 1,001 bytes (the limit for a dropped folder is 1,000 bytes)",
    );
    expect(read).toEqual(["f0.bin", "f1.bin"]);
  });

  it(`refuses more than ${L.MAX_FOLDER_FILES} files`, async () => {
    const ok = Array<number>(L.MAX_FOLDER_FILES).fill(1);
    expect((await readDroppedFolder(folder(ok, []))).size).toBe(L.MAX_FOLDER_FILES);
    await expect(readDroppedFolder(folder([...ok, 1], []))).rejects.toThrow(
      "pack: more than 1,000 files (the limit for a dropped folder); is this a model pack?",
    );
  });
});
