import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderToFile } from "../../src/cli/streamRender";
import { encodeWav } from "../../src/dsp/wav";
import { Engine } from "../../src/engine/engine";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { parsePatch } from "../../src/engine/patch/parse";
import type { ResourceLoader } from "../../src/engine/resources";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { nodeRegistry } from "../../src/nodes";
import { firstDifference, MemoryFile } from "../helpers/memoryFile";
import { noise, sine } from "../dsp/signals";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lp-long-asset-"));

/** AudioIn (the file `wav`) → `chain` → AudioOut. */
function patchText(wav: string, chain: string[] = []): string {
  const ids = ["in", ...chain.map((t) => t.toLowerCase()), "out"];
  const types = ["AudioIn", ...chain, "AudioOut"];
  const port = (t: string) => (t === "Encode" ? "latent" : "audio");
  return JSON.stringify({
    format: "latent-patcher.patch",
    version: 2,
    name: "long file",
    nodes: ids.map((id, i) => ({
      id,
      type: types[i],
      params: i === 0 ? { source: "asset", asset: "long" } : {},
    })),
    // Each node's output feeds the next node's input of the same type.
    connections: ids.slice(1).map((id, i) => ({
      from: `${ids[i]}.${port(types[i]!)}`,
      to: `${id}.${port(types[i]!)}`,
    })),
    assets: { long: { kind: "file", path: wav } },
  });
}

/** `seconds` of a 48 kHz stereo sound (a tone and noise), as 16-bit PCM. */
function longWav(seconds: number): Uint8Array {
  const n = seconds * 48000;
  return encodeWav([sine(220, 48000, n, 0.6), noise(n, 5, 0.3)], 48000, "pcm16");
}

/** The whole-file render: Engine.render of the first output, the sound decoded whole. */
async function wholeRender(text: string): Promise<Uint8Array> {
  const engine = new Engine({
    registry: nodeRegistry,
    appLoader: fsLoader(process.cwd()),
    patchFiles: fsLoader(dir),
    defaultModelId: DEFAULT_MODEL_ID,
  });
  await engine.load(parsePatch(text, nodeRegistry));
  const [first] = (await engine.render()).outputs.values();
  engine.dispose();
  return encodeWav(first!.channels, first!.sampleRate, "pcm16");
}

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run("node", ["bin/latent-patcher.mjs", ...args], { timeout: 120_000 });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe("render of a long sound file, read as it plays", () => {
  it("a 3-minute 48 kHz stereo file: the CLI writes the same bytes as a whole-file render", async () => {
    writeFileSync(join(dir, "long.wav"), longWav(180));
    const patch = join(dir, "long.patch.json");
    writeFileSync(patch, patchText("long.wav"));
    const out = join(dir, "long-out.wav");
    // 16-bit, as the whole-file render below writes (the command's default is 24-bit).
    const r = await cli("render", patch, "--out", out, "--format", "s16");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const written = new Uint8Array(readFileSync(out));
    const whole = await wholeRender(readFileSync(patch, "utf8"));
    expect(written.length).toBe(44 + 2 * 2 * 180 * 44100);
    expect(firstDifference(written, whole)).toBe(-1);
  }, 240_000);

  it("through the codec, reads the file a bounded chunk at a time, each byte about once", async () => {
    const bytes = longWav(20);
    writeFileSync(join(dir, "codec.wav"), bytes);
    const text = patchText("codec.wav", ["Encode", "Decode"]);
    const file = new MemoryFile(bytes);
    const patchFiles: ResourceLoader = {
      read: () => Promise.reject(new Error("read whole")),
      open: () => Promise.resolve(Object.assign(file, { close: () => Promise.resolve() })),
    };
    const opts = {
      registry: nodeRegistry,
      appLoader: fsLoader(process.cwd()),
      patchFiles,
      defaultModelId: DEFAULT_MODEL_ID,
    };
    const setup = await loadStreamSetup(parsePatch(text, nodeRegistry), opts, {
      streamAssets: true,
    });
    const out = new MemoryFile();
    try {
      await renderToFile(setup, out);
    } finally {
      await setup.dispose();
    }
    expect(firstDifference(out.bytes(), await wholeRender(text))).toBe(-1);
    expect(file.largestRead).toBeLessThanOrEqual(256 * 1024);
    expect(file.bytesRead).toBeLessThan(bytes.length * 1.1);
  }, 120_000);

  it("a truncated sound file: one line naming the file, and no output", async () => {
    writeFileSync(join(dir, "cut.wav"), longWav(2).subarray(0, 100_000));
    const patch = join(dir, "cut.patch.json");
    writeFileSync(patch, patchText("cut.wav"));
    const out = join(dir, "cut-out.wav");
    const r = await cli("render", patch, "--out", out);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^latent-patcher: .*cut\.patch\.json: .*cut\.wav: truncated data chunk/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("a missing sound file: one line naming it, and no output", async () => {
    const patch = join(dir, "missing.patch.json");
    writeFileSync(patch, patchText("nowhere.wav"));
    const out = join(dir, "missing-out.wav");
    const r = await cli("render", patch, "--out", out);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/missing\.patch\.json: .*nowhere\.wav: no such file/);
    expect(existsSync(out)).toBe(false);
  });
});
