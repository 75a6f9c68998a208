import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy } from "../../src/dsp/npy";
import { decodeWav, encodeWav } from "../../src/dsp/wav";
import { outDirTargets } from "../../src/cli/encodeCommand";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-batch-"));

/** A patch that hard-clips: a full-scale sine 12 dB up through an AudioOut without its limiter. */
function clippingPatch(): string {
  const path = join(dir, "clip.patch.json");
  writeFileSync(
    path,
    JSON.stringify({
      format: "latent-patcher.patch",
      version: 2,
      name: "clip",
      nodes: [
        { id: "in", type: "AudioIn", params: { source: "sine", amplitude: 1, seconds: 0.5 } },
        { id: "out", type: "AudioOut", params: { gain: 12, limiter: false } },
      ],
      connections: [{ from: "in.audio", to: "out.audio" }],
    }),
  );
  return path;
}

describe("batches that finish", () => {
  it("reports a bad file in one line, writes the others, and exits 1", async () => {
    const bad = join(dir, "bad.wav");
    writeFileSync(bad, "RIFF\x10\x00\x00\x00WAVEjunkjunk");
    const out = join(dir, "z");
    const r = await runMain(
      "encode",
      "assets/audio/piano.wav",
      bad,
      join(dir, "missing.wav"),
      "assets/audio/flute.wav",
      "--out-dir",
      out,
    );
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(2);
    expect(r.err[0]).toMatch(/^latent-patcher: .*bad\.wav: /);
    expect(r.err[1]).toMatch(/^latent-patcher: .*missing\.wav: no such file$/);
    expect(r.out.at(-1)).toMatch(/^encoded 2 of 4 files; failed: .*bad\.wav, .*missing\.wav$/);
    for (const name of ["piano", "flute"]) {
      expect(decodeNpy(readFileSync(join(out, `${name}.npy`)), name).shape[1]).toBe(32);
      expect(existsSync(join(out, `${name}.json`))).toBe(true);
    }
    expect(existsSync(join(out, "bad.npy"))).toBe(false);
  });

  it("refuses inputs that would share a file in --out-dir before writing anything", async () => {
    for (const sub of ["dup1", "dup2"]) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, "x.wav"), encodeWav([new Float32Array(4410)], 44100, "pcm16"));
    }
    const out = join(dir, "dups");
    const r = await runMain(
      "encode",
      join(dir, "dup1", "x.wav"),
      join(dir, "dup2", "x.wav"),
      "--out-dir",
      out,
    );
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /dup1\/x\.wav and .*dup2\/x\.wav would both be written to .*dups\/x\.npy: encode them into separate folders$/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("refuses names that differ only in case, which one file holds on macOS and Windows", () => {
    expect(() => outDirTargets(["a/take.wav", "b/TAKE.WAV"], "z")).toThrow(
      "a/take.wav and b/TAKE.WAV would both be written to z/take.npy and z/TAKE.npy, one file where case is ignored: encode them into separate folders",
    );
    expect(outDirTargets(["a/take.wav", "b/other.wav"], "z")).toEqual([
      "z/take.npy",
      "z/other.npy",
    ]);
  });
});

describe("lossless, honest output", () => {
  it("renders 24-bit by default, and f32 or s16 when asked", async () => {
    const patch = "examples/reconstruct.patch.json";
    const bits: Record<string, [number, number]> = {};
    for (const format of [undefined, "f32", "s16"]) {
      const out = join(dir, `r-${format ?? "default"}.wav`);
      const args = format ? ["--format", format] : [];
      const r = await runMain("render", patch, "--out", out, "--seconds", "0.5", ...args);
      expect(r.code).toBe(0);
      expect(r.err).toEqual([]);
      const bytes = readFileSync(out);
      bits[format ?? "default"] = [bytes.readUInt16LE(20), bytes.readUInt16LE(34)];
      expect(decodeWav(bytes, out).channels[0]).toHaveLength(22050);
    }
    expect(bits).toEqual({ default: [1, 24], f32: [3, 32], s16: [1, 16] });
  });

  it("says how much of a render is at full scale, with the patch that clipped it", async () => {
    const out = join(dir, "clip.wav");
    const r = await runMain("render", clippingPatch(), "--out", out);
    expect(r.code).toBe(0);
    const samples = decodeWav(readFileSync(out), out).channels[0]!;
    const full = samples.filter((v) => Math.abs(v) >= 8388607 / 8388608).length;
    expect(full).toBeGreaterThan(samples.length / 2);
    expect(r.err).toEqual([
      `latent-patcher: warning: ${out}: ${full} of ${samples.length} samples (${((100 * full) / samples.length).toFixed(2)} %) at full scale: the patch clipped them (an AudioOut with its limiter off clips at full scale)`,
    ]);
  });

  it("reports the peak and the clipped samples of an integer decode; float keeps them", async () => {
    // Latents scaled up 4× decode far past full scale.
    const z = join(dir, "loud.npy");
    const enc = await runMain("encode", "assets/audio/piano.wav", "--seconds", "1", "--out", z);
    expect(enc.code).toBe(0);
    const bytes = readFileSync(z);
    const { data, shape } = decodeNpy(bytes, z);
    const npyHeader = bytes.length - data.length * 4;
    const view = new DataView(bytes.buffer, bytes.byteOffset + npyHeader);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]! * 4, true);
    writeFileSync(z, bytes);
    expect(decodeNpy(readFileSync(z), z).shape).toEqual(shape);

    const s16 = join(dir, "loud16.wav");
    const r = await runMain("decode", z, "--format", "s16", "--out", s16);
    expect(r.code).toBe(0);
    expect(r.err).toHaveLength(1);
    const m =
      /^latent-patcher: warning: .*loud16\.wav: (\d+) of 44100 samples \([\d.]+ %\) clipped to full scale in s16 \(peak \+([\d.]+) dBFS\); --format f32 keeps them$/.exec(
        r.err[0]!,
      );
    expect(m).not.toBeNull();
    const f32 = join(dir, "loud32.wav");
    const rf = await runMain("decode", z, "--out", f32);
    const float = decodeWav(readFileSync(f32), f32).channels[0]!;
    const overs = float.filter((v) => Math.abs(v) > 1).length;
    const peak = float.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    expect(Number(m![1])).toBe(overs);
    expect(Number(m![2])).toBeCloseTo(20 * Math.log10(peak), 1);
    expect(rf.err).toEqual([
      expect.stringMatching(/loud32\.wav: peak \+[\d.]+ dBFS, past full scale \(kept in f32/),
    ]);
    const ints = decodeWav(readFileSync(s16), s16).channels[0]!;
    expect(ints.every((v) => Math.abs(v) <= 1)).toBe(true);
  });
});
