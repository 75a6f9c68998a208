import { describe, expect, it } from "vitest";
import { PackCache } from "../../src/engine/models/packCache";
import { loadModels } from "../../src/engine/models/store";
import type { LoadedModel } from "../../src/engine/models/types";
import type { ResourceLoader } from "../../src/engine/resources";
import { fixtureDir, repoLoader } from "./helpers";

const WAVE = fixtureDir("wave-fixture");
const SPECTRAL = fixtureDir("spectral-fixture");

/** The repository's files, counting the manifest reads (one per pack opened). */
function countingLoader(fail = 0): ResourceLoader & { opened(dir: string): number } {
  const counts = new Map<string, number>();
  let failures = fail;
  return {
    async read(path) {
      if (path.endsWith("/model.json")) {
        const dir = path.slice(0, -"/model.json".length);
        counts.set(dir, (counts.get(dir) ?? 0) + 1);
        if (failures-- > 0) throw new Error(`${path}: the disk hiccuped`);
      }
      return repoLoader.read(path);
    },
    opened: (dir) => counts.get(dir) ?? 0,
  };
}

/** Decodes a few frames of zeros: throws once the pack's sessions are released. */
async function decodes(model: LoadedModel): Promise<boolean> {
  const frames = 4;
  const out = await model
    .createDecoder()
    .decode(new Float32Array(frames * model.latentDims), frames);
  return out.length === frames * model.hopSamples;
}

describe("PackCache", () => {
  it("opens a pack once for every holder, and keeps it working until the last lets go", async () => {
    const loader = countingLoader();
    const cache = new PackCache(0);
    const [a, b] = await Promise.all([cache.acquire(loader, WAVE), cache.acquire(loader, WAVE)]);
    expect(loader.opened(WAVE)).toBe(1);
    await a.dispose();
    await a.dispose(); // a second dispose of the same handle does not count twice
    expect(await decodes(b)).toBe(true);
    await b.dispose();
    expect(cache.size).toBe(0);
    await expect(decodes(b)).rejects.toThrow();
  });

  it("keeps the last packs nobody holds for a switch back, and closes the older ones", async () => {
    const loader = countingLoader();
    const cache = new PackCache(1);
    await (await cache.acquire(loader, WAVE)).dispose();
    const again = await cache.acquire(loader, WAVE);
    expect(loader.opened(WAVE)).toBe(1); // kept idle, not opened again
    await again.dispose();
    await (await cache.acquire(loader, SPECTRAL)).dispose(); // pushes the wave pack out
    expect(cache.size).toBe(1);
    await (await cache.acquire(loader, WAVE)).dispose();
    expect(loader.opened(WAVE)).toBe(2);
    await cache.clear();
    expect(cache.size).toBe(0);
  });

  it("opens a replaced pack afresh, while the patch holding the old one keeps it", async () => {
    const loader = countingLoader();
    const cache = new PackCache();
    const old = await cache.acquire(loader, WAVE);
    await cache.invalidate(WAVE);
    const fresh = await cache.acquire(loader, WAVE);
    expect(loader.opened(WAVE)).toBe(2);
    expect(await decodes(old)).toBe(true);
    await old.dispose();
    await expect(decodes(old)).rejects.toThrow();
    expect(await decodes(fresh)).toBe(true);
    await fresh.dispose();
    await cache.clear();
  });

  it("does not keep a pack that failed to open: the next try opens it", async () => {
    const loader = countingLoader(1);
    const cache = new PackCache();
    await expect(cache.acquire(loader, WAVE)).rejects.toThrow(/disk hiccuped/);
    expect(cache.size).toBe(0);
    const model = await cache.acquire(loader, WAVE);
    expect(await decodes(model)).toBe(true);
    await model.dispose();
    await cache.clear();
  });

  it("lets two model stores share their packs (a reload while playing)", async () => {
    const loader = countingLoader();
    const cache = new PackCache();
    const opts = { defaultModelId: "wave-fixture", dirOf: fixtureDir, cache };
    const playing = await loadModels(loader, ["wave-fixture"], opts);
    const next = await loadModels(loader, ["wave-fixture", "spectral-fixture"], opts);
    expect(loader.opened(WAVE)).toBe(1);
    expect(loader.opened(SPECTRAL)).toBe(1);
    await playing.dispose(); // the crossfade ends: the old patch lets go
    expect(await decodes(next.get(""))).toBe(true);
    await next.dispose();
    await cache.clear();
  });
});
