import { describe, expect, it } from "vitest";
import { decodeWav, encodeWav } from "../../src/dsp/wav";
import { loadAssets, openAssetFiles, type AssetLoaders } from "../../src/engine/assets";
import type { OpenedFile, ResourceLoader } from "../../src/engine/resources";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { nodeRegistry } from "../../src/nodes";
import { makePatch } from "../helpers/engine";
import { MemoryFile } from "../helpers/memoryFile";
import { sine } from "../dsp/signals";

const good = encodeWav([sine(440, 44100, 3000, 0.5)], 44100, "pcm16");

/** A folder in memory that can open its files, counting which are open. */
function folder(files: Record<string, Uint8Array>) {
  const open = new Set<string>();
  const loader: ResourceLoader = {
    read: (path) => Promise.reject(new Error(`${path}: read whole, not opened`)),
    open(path) {
      const bytes = files[path];
      if (!bytes) return Promise.reject(new Error(`${path}: no such file`));
      open.add(path);
      const file: OpenedFile = Object.assign(new MemoryFile(bytes), {
        close: () => {
          open.delete(path);
          return Promise.resolve();
        },
      });
      return Promise.resolve(file);
    },
  };
  return { loader, open };
}

function patchWith(assets: Record<string, string>) {
  const entries = Object.entries(assets).map(([id, path]) => [id, { kind: "file", path }]);
  return makePatch([], [], { assets: Object.fromEntries(entries) });
}

/** What `loadStreamSetup` does for the CLI: open the files, then load at the clock's rate. */
async function streamed(patch: ReturnType<typeof patchWith>, loaders: AssetLoaders) {
  const opened = await openAssetFiles(patch, loaders);
  return loadAssets(patch, loaders, 44100, { opened });
}

describe("assets read as they play (openAssetFiles, then loadAssets)", () => {
  it("opens each file instead of reading it whole, and closes them on dispose", async () => {
    const { loader, open } = folder({ "a.wav": good, "b.wav": good });
    const app = folder({}).loader;
    const patch = patchWith({ a: "a.wav", b: "b.wav" });
    const assets = await streamed(patch, { app, patchFiles: loader });
    expect([...open].sort()).toEqual(["a.wav", "b.wav"]);
    expect(assets.audio("b").length).toBe(3000);
    expect((await assets.audio("a").read(0, 4))[0]).toEqual(
      decodeWav(good, "a.wav").channels[0]!.subarray(0, 4),
    );
    expect(() => assets.audio("c")).toThrow(/unknown asset "c" \(the patch has: a, b\)/);
    await assets.dispose();
    expect(open.size).toBe(0);
  });

  it("refuses a broken file naming it, and closes the files it had opened", async () => {
    const { loader, open } = folder({ "a.wav": good, "bad.wav": good.subarray(0, 300) });
    const patch = patchWith({ a: "a.wav", bad: "bad.wav" });
    const load = openAssetFiles(patch, { app: loader, patchFiles: loader });
    await expect(load).rejects.toThrow(/^bad\.wav: truncated data chunk/);
    expect(open.size).toBe(0);
  });

  it("names a missing file", async () => {
    const { loader } = folder({});
    const patch = patchWith({ a: "gone.wav" });
    const load = openAssetFiles(patch, { app: loader, patchFiles: loader });
    await expect(load).rejects.toThrow(/^gone\.wav: no such file$/);
  });

  it("reads whole where the loader cannot open files, or without opened files", async () => {
    const { loader, open } = folder({ "a.wav": good });
    const wholeOnly: ResourceLoader = { read: () => Promise.resolve(good) };
    const patch = patchWith({ a: "a.wav" });
    const a = await streamed(patch, { app: wholeOnly, patchFiles: wholeOnly });
    expect(a.audio("a").length).toBe(3000);
    const both = { ...loader, read: () => Promise.resolve(good) };
    const b = await loadAssets(patch, { app: wholeOnly, patchFiles: both }, 44100);
    expect(open.size).toBe(0);
    expect(b.audio("a").length).toBe(3000);
  });

  it("loadStreamSetup refuses a broken file before any model is read", async () => {
    const reads: string[] = [];
    const repo = fsLoader(process.cwd());
    const app: ResourceLoader = {
      read: (path) => {
        reads.push(path);
        return repo.read(path);
      },
    };
    const { loader } = folder({ "bad.wav": good.subarray(0, 300) });
    const patch = makePatch(
      [
        ["in", "AudioIn", { source: "asset", asset: "bad" }],
        ["out", "AudioOut"],
      ],
      [["in.audio", "out.audio"]],
      { assets: { bad: { kind: "file", path: "bad.wav" } } },
    );
    const opts = {
      registry: nodeRegistry,
      appLoader: app,
      patchFiles: loader,
      defaultModelId: DEFAULT_MODEL_ID,
    };
    const load = loadStreamSetup(patch, opts, { streamAssets: true });
    await expect(load).rejects.toThrow(/^bad\.wav: truncated data chunk/);
    expect(reads).toEqual([]);
  });
});
