import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeWav } from "../../src/dsp/wav";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-decode-batch-"));

describe("decode batches like encode", () => {
  it("decodes a.npy bad.npy b.npy into --out-dir, skipping the bad one (exit 1)", async () => {
    for (const name of ["piano", "flute"])
      copyFileSync(`assets/audio/${name}.wav`, join(dir, `${name}.wav`));
    const z = join(dir, "z");
    const enc = await runMain(
      "encode",
      join(dir, "piano.wav"),
      join(dir, "flute.wav"),
      "--out-dir",
      z,
    );
    expect(enc.code, enc.err.join("\n")).toBe(0);
    writeFileSync(join(z, "bad.npy"), "not an npy file");
    const out = join(dir, "wav");
    const r = await runMain(
      "decode",
      join(z, "piano.npy"),
      join(z, "bad.npy"),
      join(z, "flute.npy"),
      "--out-dir",
      out,
    );
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/bad\.npy/);
    expect(r.out.at(-1)).toBe(`decoded 2 of 3 files; failed: ${join(z, "bad.npy")}`);
    for (const name of ["piano", "flute"]) {
      const source = decodeWav(readFileSync(join(dir, `${name}.wav`)), name).channels[0]!;
      const decoded = decodeWav(readFileSync(join(out, `${name}.wav`)), name).channels[0]!;
      expect(decoded).toHaveLength(source.length);
    }
    expect(existsSync(join(out, "bad.wav"))).toBe(false);
  });

  it("needs --out-dir for several inputs, and refuses two that would share a file", async () => {
    const several = await runMain("decode", "a.npy", "b.npy", "--out", "x.wav");
    expect(several.code).toBe(2);
    expect(several.err[0]).toMatch(/several inputs need --out-dir DIR/);
    const clash = await runMain("decode", "a/z.npy", "b/Z.npy", "--out-dir", join(dir, "c"));
    expect(clash.code).toBe(2);
    expect(clash.err[0]).toMatch(/would both be written to .*: decode them into separate folders$/);
  });
});
