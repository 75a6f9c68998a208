import { describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { nodeRegistry } from "../../src/nodes";
import { ModelShelf } from "../../src/ui/bundle/modelShelf";
import { packCandidate } from "../../src/ui/bundle/packFiles";
import { readDroppedFolder, type DroppedEntry } from "../../src/ui/bundle/droppedFolder";
import { customModelPatch, fixturePack } from "./helpers";

describe("a custom model pack in the engine", () => {
  it("renders a patch on a pack served from memory, reporting progress up to 1", async () => {
    const shelf = new ModelShelf();
    shelf.add(packCandidate(fixturePack("spectral-fixture"), "spectral-fixture"));
    const engine = new Engine({
      registry: nodeRegistry,
      appLoader: shelf.loader(fsLoader(process.cwd())),
      defaultModelId: "neural-spectral",
    });
    await engine.load(customModelPatch());
    const fractions: number[] = [];
    const result = await engine.render({ blockFrames: 4, onProgress: (f) => fractions.push(f) });
    const out = result.outputs.get("out")!;
    expect(out.sampleRate).toBe(16000);
    expect(Math.max(...out.channels[0]!.map(Math.abs))).toBeGreaterThan(0.05);
    expect(fractions.length).toBeGreaterThan(4);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    engine.dispose();
  });
});

/** A fake `FileSystemEntry` tree; directories hand out their entries two at a time. */
function fakeDir(name: string, tree: Record<string, Uint8Array | object>): DroppedEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      const entries = Object.entries(tree).map(([n, v]) =>
        v instanceof Uint8Array
          ? {
              name: n,
              isFile: true,
              isDirectory: false,
              file: (ok: (b: Blob) => void) => ok(new Blob([v as Uint8Array<ArrayBuffer>])),
            }
          : fakeDir(n, v as Record<string, Uint8Array>),
      );
      return {
        readEntries: (ok: (e: DroppedEntry[]) => void) => ok(entries.splice(0, 2)),
      };
    },
  } as DroppedEntry;
}

describe("a dropped folder", () => {
  it("reads every file, in batches and sub-folders, by path relative to the folder", async () => {
    const bytes = (n: number) => new Uint8Array([n]);
    const dir = fakeDir("pack", {
      "model.json": bytes(1),
      "encoder.onnx": bytes(2),
      "decoder.onnx": bytes(3),
      data: { "a.npy": bytes(4) },
    });
    const files = await readDroppedFolder(dir as Parameters<typeof readDroppedFolder>[0]);
    expect([...files].map(([p, b]) => [p, b[0]]).sort()).toEqual([
      ["data/a.npy", 4],
      ["decoder.onnx", 3],
      ["encoder.onnx", 2],
      ["model.json", 1],
    ]);
  });
});
