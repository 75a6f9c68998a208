import { describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { readZip, writeZip, dropSharedFolder } from "../../src/ui/bundle/zipFiles";

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe("zip files", () => {
  it("reads back what it wrote, and writes the same bytes for the same files", () => {
    const files = new Map([
      ["patch.json", strToU8('{"a":1}')],
      ["audio/x.wav", new Uint8Array([1, 2, 3, 250])],
    ]);
    const zip = writeZip(files);
    const back = readZip(zip, "b.zip");
    expect([...back.keys()].sort()).toEqual(["audio/x.wav", "patch.json"]);
    expect(text(back.get("patch.json"))).toBe('{"a":1}');
    expect([...back.get("audio/x.wav")!]).toEqual([1, 2, 3, 250]);
    expect(writeZip(files)).toEqual(zip);
  });

  it("drops the one folder a zipped folder shares, and OS clutter", () => {
    const zip = zipSync({
      "pack/model.json": strToU8("{}"),
      "pack/encoder.onnx": strToU8("e"),
      "pack/.DS_Store": strToU8("junk"),
      "__MACOSX/pack/._model.json": strToU8("junk"),
    });
    expect([...readZip(zip, "p.zip").keys()].sort()).toEqual(["encoder.onnx", "model.json"]);
    // Two top-level entries: nothing to drop.
    const two = new Map([
      ["a/x", new Uint8Array()],
      ["b/y", new Uint8Array()],
    ]);
    expect(dropSharedFolder(two)).toBe(two);
  });

  it("refuses a file that is not a zip, and a damaged zip, naming the file", () => {
    expect(() => readZip(strToU8('{"format":"x"}'), "song.zip")).toThrow(
      "song.zip: not a zip file",
    );
    const zip = writeZip(new Map([["patch.json", strToU8("x".repeat(2000))]]));
    expect(() => readZip(zip.slice(0, zip.length - 30), "cut.zip")).toThrow(
      /^cut\.zip: a damaged zip file/,
    );
  });
});
