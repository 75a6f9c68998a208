import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { patchToText } from "../../src/text";
import { meaning } from "../text/normalize";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lp-text-"));
const examples = readdirSync("examples").filter((f) => f.endsWith(".patch.json"));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", ["bin/latent-patcher.mjs", ...args], {
      timeout: 120_000,
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("latent-patcher text", () => {
  it("prints every example's text form, and --to-json reads it back to the same patch", async () => {
    for (const file of examples) {
      const original = parsePatch(readFileSync(`examples/${file}`, "utf8"), nodeRegistry);
      const text = await cli("text", `examples/${file}`);
      expect([text.code, text.stdout]).toEqual([0, patchToText(original, nodeRegistry)]);
      const lp = join(dir, file.replace(".patch.json", ".lp"));
      writeFileSync(lp, text.stdout);
    }
    const json = await cli("text", "--to-json", join(dir, "subpatch-chain.lp"));
    expect(json.code).toBe(0);
    const original = parsePatch(
      readFileSync("examples/subpatch-chain.patch.json", "utf8"),
      nodeRegistry,
    );
    expect(meaning(parsePatch(json.stdout, nodeRegistry), nodeRegistry)).toEqual(
      meaning(original, nodeRegistry),
    );
  }, 120_000);

  it("renders a .lp file bit-equal to its JSON", async () => {
    const lp = join(dir, "reconstruct-render.lp");
    const original = parsePatch(
      readFileSync("examples/reconstruct.patch.json", "utf8"),
      nodeRegistry,
    );
    writeFileSync(lp, patchToText(original, nodeRegistry));
    const fromJson = join(dir, "json.wav");
    const fromText = join(dir, "text.wav");
    const a = await cli(
      "render",
      "examples/reconstruct.patch.json",
      "--out",
      fromJson,
      "--seconds",
      "2",
    );
    const b = await cli("render", lp, "--out", fromText, "--seconds", "2");
    expect([a.code, b.code, b.stderr]).toEqual([0, 0, ""]);
    expect(readFileSync(fromText).equals(readFileSync(fromJson))).toBe(true);
  }, 240_000);

  it("validates a .lp file, and names the line and column of a mistake in one message", async () => {
    const good = join(dir, "good.lp");
    writeFileSync(good, "tone = AudioIn frequency=330\nout = AudioOut tone gain=-6\n");
    const ok = await cli("validate", good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ok: .*good\.lp: "untitled", 2 nodes, 1 connections/);
    const bad = join(dir, "bad.lp");
    writeFileSync(bad, "tone = AudioIn frequency=330\nout = AudioOut tone limiter=maybe\n");
    const r = await cli("validate", bad);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `latent-patcher: ${bad}: line 2, column 29: limiter takes true or false, not a word`,
    );
  }, 120_000);
});
