import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeWav } from "../../src/dsp/wav";
import { nodeRegistry } from "../../src/nodes";
import { bundleFiles } from "../../src/ui/bundle/bundle";
import { packCandidate } from "../../src/ui/bundle/packFiles";
import { writeZip } from "../../src/ui/bundle/zipFiles";
import { customModelPatch, fixturePack } from "../files/helpers";
import { streamZip, zeros } from "../files/zipBombs";
import { nestedBomb } from "../patch/hostile";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lp-cli-bundle-"));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", ["bin/latent-patcher.mjs", ...args], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A user error: non-zero exit and exactly one line, naming the problem. */
function expectOneLine(r: { code: number; stderr: string }, line: string): void {
  expect(r.code).not.toBe(0);
  expect(r.stderr.trim().split("\n")).toEqual([`latent-patcher: ${line}`]);
}

/** The bundle the app exports for the custom-model patch: patch, its sound, the fixture pack. */
function exportBundle(name: string): string {
  const files = bundleFiles(customModelPatch(), {
    registry: nodeRegistry,
    customPack: (id) =>
      id === "spectral-fixture" ? packCandidate(fixturePack(id), id) : undefined,
  });
  const path = join(dir, name);
  writeFileSync(path, writeZip(files));
  return path;
}

describe("latent-patcher with a bundle", () => {
  it("validates and renders an exported bundle, with its sound and custom model inside", async () => {
    const bundle = exportBundle("song.bundle.zip");
    const ok = await cli("validate", bundle);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toMatch(/^ok: .*song\.bundle\.zip: "custom model", 4 nodes, 3 connections/);
    const out = join(dir, "song.wav");
    const r = await cli("render", bundle, "--out", out);
    expect(r.code).toBe(0);
    const wav = decodeWav(readFileSync(out), out);
    expect(wav.sampleRate).toBe(16000);
    expect(Math.max(...wav.channels[0]!.map(Math.abs))).toBeGreaterThan(0.05);
  }, 120_000);

  it("refuses a bundle whose model is missing, naming it", async () => {
    const files = bundleFiles(customModelPatch(), {
      registry: nodeRegistry,
      customPack: () => undefined,
    });
    const path = join(dir, "nomodel.zip");
    writeFileSync(path, writeZip(files));
    expectOneLine(
      await cli("validate", path),
      `${path}: the patch uses the model "spectral-fixture", which is neither in the bundle (models/spectral-fixture/) nor loaded in this app`,
    );
  });

  it("refuses a zip bomb in one line, naming the entry", async () => {
    const path = join(dir, "bomb.zip");
    writeFileSync(
      path,
      streamZip({ "patch.json": () => [strToU8("{}")], "zeros.bin": () => zeros(20) }),
    );
    expectOneLine(
      await cli("validate", path),
      `${path}/zeros.bin: compressed more than 200:1, like a zip bomb (the limit is 200:1 past 1 MiB)`,
    );
  });

  it("refuses the crafted nested patch in one line", async () => {
    const path = join(dir, "nested.patch.json");
    writeFileSync(path, JSON.stringify(nestedBomb(6, 10)));
    expectOneLine(
      await cli("validate", path),
      `${path}: patch.nodes: expands to 1,000,004 nodes when flattened (the limit is 10,000)`,
    );
  });
});
