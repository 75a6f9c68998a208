/**
 * Where onnxruntime-node cannot be loaded (a platform it ships no binary for), the CLI says so
 * in one line and runs the models on WebAssembly; `--runtime native` makes that an error.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { providerUse } from "../../src/engine/models/onnx";
import { runMain } from "./runMain";

vi.mock("onnxruntime-node", () => {
  throw new Error("no onnxruntime binary for this platform");
});

const dir = mkdtempSync(join(tmpdir(), "lp-cli-runtime-fallback-"));
const source = resolve("assets/audio/flute.wav");

describe("without onnxruntime-node", () => {
  it("falls back to WebAssembly with one line on stderr", async () => {
    const before = providerUse();
    const r = await runMain("encode", source, "--out", join(dir, "z.npy"), "--seconds", "1");
    expect(r.code).toBe(0);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^latent-patcher: onnxruntime-node could not be loaded \(.+\); models run on WebAssembly \(--runtime wasm\)$/,
    );
    expect(providerUse().wasm - before.wasm).toBe(1);
    expect(providerUse().native ?? 0).toBe(0);
  });

  it("refuses --runtime native in one line, exit status 1", async () => {
    const r = await runMain("encode", source, "--out", join(dir, "n.npy"), "--runtime", "native");
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^latent-patcher: --runtime native: onnxruntime-node could not be loaded/,
    );
  });
});
