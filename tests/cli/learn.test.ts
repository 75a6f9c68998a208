/**
 * `learn` and `apply` from the command line: an operation fitted from dry/wet WAV pairs (the wet
 * side a made-up effect: quieter and darker), written as JSON, applied to a sound it was not
 * fitted on; and the refusals, each in one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeWav, encodeWav } from "../../src/dsp/wav";
import { parseOperation } from "../../src/engine/learn/operationFile";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-learn-"));

/** The first 2 s of a builtin recording, and the same through a one-pole lowpass at −9 dB. */
function makePair(name: string): { dry: string; wet: string } {
  const audio = decodeWav(readFileSync(`assets/audio/${name}.wav`), name);
  const x = audio.channels[0]!.subarray(0, 2 * audio.sampleRate);
  const y = new Float32Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) y[i] = 0.35 * (s += 0.15 * (x[i]! - s));
  const dry = join(dir, `${name}-dry.wav`);
  const wet = join(dir, `${name}-wet.wav`);
  writeFileSync(dry, encodeWav([x], audio.sampleRate, "float32"));
  writeFileSync(wet, encodeWav([y], audio.sampleRate, "float32"));
  return { dry, wet };
}

describe("learn and apply", () => {
  it("fits FiLMR from two pairs, writes the documented JSON, and applies it to another sound", async () => {
    const piano = makePair("piano");
    const cello = makePair("cello");
    const guitar = makePair("guitar");
    const op = join(dir, "dark.json");
    const r = await runMain(
      "learn",
      "--kind",
      "filmr",
      "--dry",
      piano.dry,
      cello.dry,
      "--wet",
      piano.wet,
      cello.wet,
      "--steps",
      "300",
      "--out",
      op,
    );
    expect(r.code, r.err.join("\n")).toBe(0);
    expect(r.out[0]).toMatch(
      /^wrote .*dark\.json: filmr on 2 pairs \(\d+ frames\) of model neural-spectral-2 in /,
    );
    const fitted = parseOperation(readFileSync(op, "utf8"));
    expect(fitted.fittedOn.pairs.map((p) => p.name)).toEqual([
      "piano-dry.wav → piano-wet.wav",
      "cello-dry.wav → cello-wet.wav",
    ]);
    expect(fitted.fittedOn.fitError).toBeLessThan(fitted.fittedOn.identityError);

    const out = join(dir, "guitar-dark.wav");
    const a = await runMain("apply", op, guitar.dry, "--out", out);
    expect(a.code, a.err.join("\n")).toBe(0);
    const rms = (path: string) => {
      const ch = decodeWav(readFileSync(path), path).channels[0]!;
      return { n: ch.length, rms: Math.sqrt(ch.reduce((s, v) => s + v * v, 0) / ch.length) };
    };
    const dry = rms(guitar.dry);
    const applied = rms(out);
    expect(applied.n).toBe(dry.n); // trimmed to the input's length
    // The effect's −9 dB is learned from piano and cello: the guitar comes out quieter…
    expect(applied.rms).toBeLessThan(0.7 * dry.rms);
    // …and lands near the true wet guitar's level (measured: −0.5 dB from it).
    expect(Math.abs(20 * Math.log10(applied.rms / rms(guitar.wet).rms))).toBeLessThan(3);
    const none = join(dir, "guitar-none.wav");
    expect((await runMain("apply", op, guitar.dry, "--amount", "0", "--out", none)).code).toBe(0);
    expect(rms(none).rms).toBeGreaterThan(applied.rms);

    // --shrink 1 pulls an affine fit all the way to mean shift: its map is the identity (the
    // ridge keeps the diagonal a little under 1).
    const shrunk = join(dir, "shrunk.json");
    const s = await runMain(
      "learn",
      "--kind",
      "affine",
      "--dry",
      piano.dry,
      cello.dry,
      "--wet",
      piano.wet,
      cello.wet,
      "--shrink",
      "1",
      "--out",
      shrunk,
    );
    expect(s.code, s.err.join("\n")).toBe(0);
    expect(s.out[0]).toMatch(/pulled 1 of the way towards mean shift/);
    const affine = parseOperation(readFileSync(shrunk, "utf8"));
    expect(affine.fittedOn.shrink).toBe(1);
    if (affine.params.kind !== "affine") throw new Error("expected an affine fit");
    const d = affine.dims;
    let fromIdentity = 0;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        fromIdentity = Math.max(
          fromIdentity,
          Math.abs(affine.params.w[i * d + j]! - (i === j ? 1 : 0)),
        );
    expect(fromIdentity).toBeLessThan(0.15);
  });

  it("refuses what it cannot do, in one line, with exit 2 for the command line and 1 for inputs", async () => {
    const { dry, wet } = makePair("flute");
    const out = join(dir, "x.json");
    const usage = async (args: string[], message: RegExp) => {
      const r = await runMain(...args);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(message);
    };
    await usage(
      ["learn", "--kind", "warp", "--dry", dry, "--wet", wet, "--out", out],
      /--kind warp: expected one of mean, affine, filmr/,
    );
    await usage(
      ["learn", "--kind", "mean", "--dry", dry, dry, "--wet", wet, "--out", out],
      /--dry names 2 files but --wet 1/,
    );
    await usage(
      ["learn", "--kind", "mean", "--dry", dry, "--wet", wet, "--steps", "5", "--out", out],
      /--steps applies to --kind filmr only/,
    );
    await usage(
      ["learn", "--kind", "mean", "--dry", dry, "--wet", wet, "--shrink", "auto", "--out", out],
      /--shrink applies to --kind affine or filmr/,
    );
    await usage(
      ["learn", "--kind", "affine", "--dry", dry, "--wet", wet, "--shrink", "2", "--out", out],
      /--shrink 2: expected auto or a number from 0 to 1/,
    );
    await usage(
      ["learn", "--kind", "affine", "--dry", dry, "--wet", wet, "--shrink", "auto", "--out", out],
      /--shrink auto validates on the pairs left out: give at least two pairs/,
    );
    await usage(["apply", out], /apply needs an operation file and a WAV/);
    const missing = await runMain(
      "learn",
      "--kind",
      "mean",
      "--dry",
      dry,
      "--wet",
      join(dir, "nope.wav"),
      "--out",
      out,
    );
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/nope\.wav/);
    writeFileSync(join(dir, "bad.json"), '{"format": "latent-patcher.operation", "version": 1}');
    const bad = await runMain("apply", join(dir, "bad.json"), dry, "--out", join(dir, "y.wav"));
    expect(bad.code).toBe(1);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toMatch(/bad\.json: .*model/);
  });
});
