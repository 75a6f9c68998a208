import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { WaveFile } from "wavefile";
import { decodeNpy } from "../../src/dsp/npy";
import { decodeWav } from "../../src/dsp/wav";
import { multiResolutionStftDistance } from "../../src/dsp/metrics";
import { rms } from "../helpers/engine";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lp-cli-"));

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

/**
 * A user error: exit status 2 for a mistake in the command line, 1 for a problem with an input,
 * and exactly one line naming the problem, no stack trace.
 */
function expectUserError(
  r: { code: number; stderr: string },
  pattern: RegExp,
  code: 1 | 2 = 1,
): void {
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^latent-patcher: /);
  expect(r.code).toBe(code);
}

describe("latent-patcher CLI", () => {
  it("lists the models, where each comes from, with the default marked", async () => {
    const r = await cli("models");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /neural-spectral-2\s+44100 Hz\s+32\s+43\.07 \/s\s+spectral\s+models\/neural-spectral-2 \(default\)/,
    );
    expect(r.stdout).toMatch(
      /neural-spectral\s+44100 Hz\s+32\s+43\.07 \/s\s+spectral\s+models\/neural-spectral\n/,
    );
    expect(r.stdout).toMatch(
      /pca-spectral\s+44100 Hz\s+32\s+43\.07 \/s\s+spectral\s+models\/pca-spectral\n/,
    );
    expect(r.stdout).toMatch(
      /neural-spectral-live\s+44100 Hz\s+16\s+86\.13 \/s\s+spectral\s+models\/neural-spectral-live\n/,
    );
  });

  it("encodes a real recording to .npy and decodes it back", async () => {
    const z = join(dir, "piano.npy");
    const out = join(dir, "piano-rt.wav");
    expect((await cli("encode", "assets/audio/piano.wav", "--out", z)).code).toBe(0);
    const { shape } = decodeNpy(readFileSync(z), z);
    const input = decodeWav(readFileSync("assets/audio/piano.wav"), "piano.wav");
    expect(shape).toEqual([Math.ceil(input.channels[0]!.length / 1024), 32]);
    expect((await cli("decode", z, "--out", out)).code).toBe(0);
    const decoded = decodeWav(readFileSync(out), out).channels[0]!;
    // Trimmed to the recording's length, which z.json (written beside z.npy) records.
    expect(decoded.length).toBe(input.channels[0]!.length);
    expect(existsSync(join(dir, "piano.json"))).toBe(true);
    const reference = input.channels[0]!;
    const d = multiResolutionStftDistance(reference, decoded);
    const silence = multiResolutionStftDistance(
      reference,
      new Float32Array(reference.length).fill(1e-4),
    );
    expect(d).toBeLessThan(0.5 * silence);
  });

  it("encodes many inputs into a folder, reading 24-bit stereo 48 kHz too", async () => {
    const wav = new WaveFile();
    const n = 48000;
    const ch = (f: number) =>
      Array.from({ length: n }, (_, i) =>
        Math.round(0.5 * 8388607 * Math.sin((2 * Math.PI * f * i) / 48000)),
      );
    wav.fromScratch(2, 48000, "24", [ch(330), ch(440)]);
    const stereo = join(dir, "tone.wav");
    writeFileSync(stereo, wav.toBuffer());
    const r = await cli("encode", stereo, "assets/audio/flute.wav", "--out-dir", join(dir, "z"));
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "z", "tone.npy"))).toBe(true);
    expect(decodeNpy(readFileSync(join(dir, "z", "tone.npy")), "tone.npy").shape).toEqual([
      Math.ceil(44100 / 1024),
      32,
    ]);
    expect(existsSync(join(dir, "z", "flute.npy"))).toBe(true);
  });

  it("renders a patch to a WAV of the requested length", async () => {
    const out = join(dir, "reconstruct.wav");
    const r = await cli(
      "render",
      "examples/reconstruct.patch.json",
      "--out",
      out,
      "--seconds",
      "1.5",
    );
    expect(r.code).toBe(0);
    const audio = decodeWav(readFileSync(out), out);
    expect(audio.channels[0]!.length).toBe(66150);
    expect(rms(audio.channels[0]!)).toBeGreaterThan(0.005);
  });

  it("gives one-line errors for each kind of bad input", async () => {
    expectUserError(
      await cli("encode", join(dir, "missing.wav"), "--out", join(dir, "x.npy")),
      /missing\.wav: no such file/,
    );
    const broken = join(dir, "broken.wav");
    writeFileSync(broken, "RIFF\x10\x00\x00\x00WAVEjunkjunk");
    expectUserError(await cli("encode", broken, "--out", join(dir, "x.npy")), /broken\.wav: /);
    expectUserError(
      await cli("encode", "assets/audio/piano.wav", "--model", "nope", "--out", join(dir, "x.npy")),
      /unknown model "nope" \(available: .*pca-spectral/,
      2,
    );
    const badPatch = join(dir, "bad.patch.json");
    writeFileSync(
      badPatch,
      JSON.stringify({
        format: "latent-patcher.patch",
        version: 2,
        name: "x",
        nodes: [{ id: "a", type: "FiLMRRotat", params: {} }],
        connections: [],
      }),
    );
    expectUserError(
      await cli("render", badPatch, "--out", join(dir, "x.wav")),
      /bad\.patch\.json: .*nodes\[0\]\.type.*FiLMRRotate/,
    );
    expectUserError(
      await cli("validate", join(dir, "nothing.json")),
      /nothing\.json: no such file/,
    );
    const notNpy = join(dir, "z.npy");
    writeFileSync(notNpy, "hello");
    expectUserError(await cli("decode", notNpy, "--out", join(dir, "x.wav")), /z\.npy: /);
    expectUserError(await cli("frobnicate"), /unknown command "frobnicate"/, 2);
    expectUserError(await cli("render", "examples/reconstruct.patch.json"), /--out is required/, 2);
    expectUserError(
      await cli("render", "examples/reconstruct.patch.json", "--out", "x.wav", "--seconds", "-1"),
      /^latent-patcher: --seconds: expected a positive number, got "-1"$/m,
      2,
    );
  });
});
