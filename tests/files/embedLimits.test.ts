import { describe, expect, it } from "vitest";
import * as L from "../../src/engine/patch/limits";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { readBundle } from "../../src/ui/bundle/bundle";
import { packCandidate } from "../../src/ui/bundle/packFiles";
import { checkEmbeddable, embedWav } from "../../src/ui/model/audioDrop";
import { readPatchFile } from "../../src/ui/files";
import { customModelPatch, fixturePack } from "./helpers";

/** The largest sound whose base64 fits the per-sound limit: 36 MiB. */
const PER_SOUND = (L.MAX_EMBEDDED_ASSET_BASE64 / 4) * 3;

describe("sounds too large to embed", () => {
  it("embeds a sound up to 36 MiB, refuses a byte more before decoding it", () => {
    expect(() => checkEmbeddable(PER_SOUND, 0, "a.wav")).not.toThrow();
    expect(() => embedWav("big.wav", new Uint8Array(PER_SOUND + 1))).toThrow(
      "big.wav: 37,748,737 bytes, too large to embed in the patch (the limit is 36 MiB per sound)",
    );
  });

  it("counts the sounds the patch already embeds", () => {
    const before = L.MAX_EMBEDDED_TOTAL_BASE64 - 4;
    expect(() => checkEmbeddable(3, before, "a.wav")).not.toThrow();
    expect(() => checkEmbeddable(4, before, "b.wav")).toThrow(
      "b.wav: with it the patch's sounds would take 75,497,475 bytes (the limit is 72 MiB in all)",
    );
  });

  it("refuses a bundle whose sound is too large to embed, naming the file", async () => {
    const patch = customModelPatch("pca-spectral");
    const bundled = {
      ...patch,
      assets: { tone: { kind: "file" as const, path: "audio/tone.wav" } },
    };
    const files = new Map([
      ["patch.json", new TextEncoder().encode(serializePatch(bundled))],
      ["audio/tone.wav", new Uint8Array(PER_SOUND + 1)],
    ]);
    await expect(
      readBundle(files, "song.zip", {
        registry: nodeRegistry,
        hasModel: () => Promise.resolve(true),
        validate: () => Promise.resolve(),
      }),
    ).rejects.toThrow(
      "song.zip/audio/tone.wav: 37,748,737 bytes, too large to embed in the patch (the limit is 36 MiB per sound)",
    );
  });
});

describe("model pack ONNX files", () => {
  it(`reads an ONNX file of ${L.MAX_ONNX_BYTES} bytes and refuses one byte more`, () => {
    const pack = (size: number) =>
      new Map([...fixturePack("spectral-fixture"), ["decoder.onnx", new Uint8Array(size)]]);
    expect(packCandidate(pack(L.MAX_ONNX_BYTES), "p").id).toBe("spectral-fixture");
    expect(() => packCandidate(pack(L.MAX_ONNX_BYTES + 1), "p")).toThrow(
      "p/decoder.onnx: 268,435,457 bytes, larger than a model file may be (the limit is 256 MiB)",
    );
  });
});

describe("an opened patch file", () => {
  it("is refused on its size before it is read", async () => {
    let read = false;
    const file = (size: number) =>
      ({
        size,
        text: () => {
          read = true;
          return Promise.resolve("{}");
        },
      }) as unknown as File;
    await expect(readPatchFile(file(L.MAX_PATCH_BYTES + 1))).rejects.toThrow(
      "patch: 104,857,601 bytes of text, too large to open (the limit is 100 MiB)",
    );
    expect(read).toBe(false);
    await expect(readPatchFile(file(L.MAX_PATCH_BYTES))).rejects.toThrow("patch.version: missing");
    expect(read).toBe(true);
  });
});
