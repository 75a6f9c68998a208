/**
 * The prebuilt CLI (scripts/buildCli.mjs → build/cli) does what the sources do: the same
 * files, the same messages, the models found from the install's root. Builds it first when
 * it is missing or stale.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { pickEntry } from "../../bin/cliEntry.mjs";
import { decodeWav } from "../../src/dsp/wav";

const run = promisify(execFile);
const ROOT = new URL("../..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "lp-prebuilt-"));

async function cli(
  from: "bundle" | "source",
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, LATENT_PATCHER_FROM: from };
  try {
    const { stdout, stderr } = await run("node", ["bin/latent-patcher.mjs", ...args], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  if (pickEntry(ROOT).kind === "bundle") return;
  const built = spawnSync("node", ["scripts/buildCli.mjs"], { cwd: ROOT, encoding: "utf8" });
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
}, 120_000);

/** A command both builds run, what its output file is, and a check of that file. */
interface SameAsSources {
  readonly command: readonly string[];
  readonly ext: string;
  readonly check: (out: string) => Promise<void>;
}

describe("the prebuilt CLI", { timeout: 180_000 }, () => {
  it("is what bin/latent-patcher.mjs runs once built", () => {
    expect(pickEntry(ROOT)).toEqual({ kind: "bundle", file: join(ROOT, "build/cli/main.mjs") });
  });

  it("prints the usage and finds the packs of the install", async () => {
    const help = await cli("bundle", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: latent-patcher <command>/);
    const models = await cli("bundle", "models");
    expect(models.code).toBe(0);
    expect(models.stdout).toMatch(
      /neural-spectral-2\s+44100 Hz.*models\/neural-spectral-2 \(default\)/,
    );
  });

  it.each<[string, SameAsSources]>([
    [
      "renders the same file as the sources, byte for byte",
      {
        command: ["render", "examples/reconstruct.patch.json", "--seconds", "1"],
        ext: "wav",
        check: (out) => {
          expect(readFileSync(out).length).toBeGreaterThan(44_100 * 3);
          return Promise.resolve();
        },
      },
    ],
    [
      "encodes the same latents as the sources, and decodes them",
      {
        command: ["encode", "assets/audio/piano.wav", "--seconds", "1"],
        ext: "npy",
        check: async (out) => {
          const wav = join(dir, "piano-rt.wav");
          const dec = await cli("bundle", "decode", out, "--out", wav);
          expect(dec.stderr).toBe("");
          expect(dec.code).toBe(0);
          expect(decodeWav(readFileSync(wav), wav).channels[0]!.length).toBe(44_100);
        },
      },
    ],
  ])("%s", async (_, { command, ext, check }) => {
    const [a, b] = [join(dir, `bundle.${ext}`), join(dir, `source.${ext}`)];
    const [rb, rs] = await Promise.all([
      cli("bundle", ...command, "--out", a),
      cli("source", ...command, "--out", b),
    ]);
    expect([rb.stderr, rs.stderr]).toEqual(["", ""]);
    expect([rb.code, rs.code]).toEqual([0, 0]);
    // The same report, but for the output's path and how long it took.
    const said = (stdout: string) =>
      stdout
        .replace(/\(rendered in [\d.]+ s\)/, "")
        .replaceAll(join(dir, "source."), join(dir, "bundle."));
    expect(said(rb.stdout)).toBe(said(rs.stdout));
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    await check(a);
  });

  it("refuses a bad input in one line, as the sources do", async () => {
    const r = await cli("bundle", "validate", join(dir, "missing.patch.json"));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^latent-patcher: .*missing\.patch\.json/);
  });
});
