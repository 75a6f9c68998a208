/**
 * `--runtime`: the CLI's models run on onnxruntime-node's native CPU build by default, or on
 * onnxruntime-web's WebAssembly build (the app's) when asked; both give the same latents within
 * float32 rounding, and the decoded sound within a small fraction of its level.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy } from "../../src/dsp/npy";
import { decodeWav } from "../../src/dsp/wav";
import { providerUse } from "../../src/engine/models/onnx";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-runtime-"));
const source = resolve("assets/audio/piano.wav");

/** Encodes `source` and decodes it again on `runtime`; returns the latents and the sound. */
async function roundTrip(runtime: "native" | "wasm") {
  const npy = join(dir, `${runtime}.npy`);
  const wav = join(dir, `${runtime}.wav`);
  const before = providerUse();
  for (const args of [
    ["encode", source, "--out", npy, "--seconds", "3"],
    ["decode", npy, "--out", wav],
  ]) {
    const r = await runMain(...args, "--runtime", runtime);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
  }
  const after = providerUse();
  return {
    latents: decodeNpy(readFileSync(npy), npy).data,
    sound: decodeWav(readFileSync(wav), wav).channels[0]!,
    sessions: {
      native: (after.native ?? 0) - (before.native ?? 0),
      wasm: after.wasm - before.wasm,
    },
  };
}

const rms = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / x.length);
};

describe("--runtime", () => {
  it("runs the models natively by default and on WebAssembly when asked, to the same result", async () => {
    const native = await roundTrip("native");
    const wasm = await roundTrip("wasm");
    // encode opens the encoder only, decode the decoder only: one session each.
    expect(native.sessions).toEqual({ native: 2, wasm: 0 });
    expect(wasm.sessions).toEqual({ native: 0, wasm: 2 });

    expect(native.latents.length).toBe(wasm.latents.length);
    const scale = Math.max(...wasm.latents.map(Math.abs));
    let worst = 0;
    for (let i = 0; i < wasm.latents.length; i++)
      worst = Math.max(worst, Math.abs(native.latents[i]! - wasm.latents[i]!));
    expect(worst / scale).toBeLessThan(1e-5);

    // The phase reconstruction carries float32 rounding on, but the sound stays the same sound.
    expect(native.sound.length).toBe(wasm.sound.length);
    const diff = native.sound.map((v, i) => v - wasm.sound[i]!);
    expect(rms(wasm.sound)).toBeGreaterThan(0.01);
    expect(rms(diff) / rms(wasm.sound)).toBeLessThan(1e-3);
  });

  it("is the default: without --runtime the sessions are native", async () => {
    const before = providerUse();
    const r = await runMain("encode", source, "--out", join(dir, "default.npy"), "--seconds", "1");
    expect(r.code).toBe(0);
    expect((providerUse().native ?? 0) - (before.native ?? 0)).toBe(1);
  });
});
