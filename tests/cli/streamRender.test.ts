import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderToFile } from "../../src/cli/streamRender";
import { encodeWav } from "../../src/dsp/wav";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { parsePatch } from "../../src/engine/patch/parse";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { nodeRegistry } from "../../src/nodes";
import { testEngine } from "../helpers/engine";
import { firstDifference, MemoryFile } from "../helpers/memoryFile";

const files = readdirSync("examples").filter((f) => f.endsWith(".patch.json"));

/** Engine.render's first output as the CLI wrote it before streaming: one whole WAV. */
async function wholeRender(text: string, seconds?: number): Promise<Uint8Array> {
  const engine = testEngine();
  await engine.load(parsePatch(text, nodeRegistry));
  const [first] = (await engine.render({ seconds })).outputs.values();
  engine.dispose();
  return encodeWav(first!.channels, first!.sampleRate, "pcm16");
}

async function streamedRender(text: string, seconds?: number, blockFrames?: number) {
  const opts = {
    registry: nodeRegistry,
    appLoader: fsLoader(process.cwd()),
    patchFiles: fsLoader(process.cwd()),
    defaultModelId: DEFAULT_MODEL_ID,
  };
  // As the CLI loads it: sound files are read as they play.
  const setup = await loadStreamSetup(parsePatch(text, nodeRegistry), opts, {
    streamAssets: true,
  });
  const file = new MemoryFile();
  try {
    const r = await renderToFile(setup, file, { seconds, blockFrames });
    return { file, r };
  } finally {
    await setup.dispose();
  }
}

describe("streamed render (the CLI's render)", () => {
  for (const name of files) {
    it(`${name}: writes the same bytes as the whole-file render`, async () => {
      const text = readFileSync(`examples/${name}`, "utf8");
      const { file, r } = await streamedRender(text);
      const whole = await wholeRender(text);
      expect(r.samples).toBe(4 * 44100);
      expect(firstDifference(file.bytes(), whole)).toBe(-1);
      // It writes block by block (16 frames of 1024 samples, 16-bit), never the whole file at once.
      expect(file.largestWrite).toBeLessThanOrEqual(16 * 1024 * 2);
    });
  }

  it("gives the same bytes for another block size and a --seconds past the material", async () => {
    const text = readFileSync("examples/reconstruct.patch.json", "utf8");
    const { file, r } = await streamedRender(text, 5.3, 7);
    expect(r.samples).toBe(Math.round(5.3 * 44100));
    expect(r.peak).toBeGreaterThan(0.01);
    expect(firstDifference(file.bytes(), await wholeRender(text, 5.3))).toBe(-1);
  });
});
