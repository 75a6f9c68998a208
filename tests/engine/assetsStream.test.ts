import { describe, expect, it } from "vitest";
import { decodeWav, encodeWav } from "../../src/dsp/wav";
import { loadAssets } from "../../src/engine/assets";
import type { OpenedFile, ResourceLoader } from "../../src/engine/resources";
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

describe("loadAssets reading files as they play (stream: true)", () => {
  it("opens each file instead of reading it whole, and closes them on dispose", async () => {
    const { loader, open } = folder({ "a.wav": good, "b.wav": good });
    const app = folder({}).loader;
    const patch = patchWith({ a: "a.wav", b: "b.wav" });
    const assets = await loadAssets(patch, { app, patchFiles: loader }, 44100, { stream: true });
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
    const load = loadAssets(patch, { app: loader, patchFiles: loader }, 44100, { stream: true });
    await expect(load).rejects.toThrow(/^bad\.wav: truncated data chunk/);
    expect(open.size).toBe(0);
  });

  it("names a missing file", async () => {
    const { loader } = folder({});
    const patch = patchWith({ a: "gone.wav" });
    const load = loadAssets(patch, { app: loader, patchFiles: loader }, 44100, { stream: true });
    await expect(load).rejects.toThrow(/^gone\.wav: no such file$/);
  });

  it("reads whole where the loader cannot open files, or without stream", async () => {
    const { loader, open } = folder({ "a.wav": good });
    const wholeOnly: ResourceLoader = { read: () => Promise.resolve(good) };
    const patch = patchWith({ a: "a.wav" });
    const a = await loadAssets(patch, { app: wholeOnly, patchFiles: wholeOnly }, 44100, {
      stream: true,
    });
    expect(a.audio("a").length).toBe(3000);
    const b = await loadAssets(
      patch,
      { app: wholeOnly, patchFiles: { ...loader, read: () => Promise.resolve(good) } },
      44100,
    );
    expect(open.size).toBe(0);
    expect(b.audio("a").length).toBe(3000);
  });
});
