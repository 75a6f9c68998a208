import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-problems-"));

function write(name: string, patch: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ format: "latent-patcher.patch", version: 2, ...patch }));
  return path;
}

const chain = (encModel: string, decModel: string) => ({
  nodes: [
    { id: "in", type: "AudioIn", params: { asset: "piano" } },
    { id: "enc", type: "Encode", params: { model: encModel } },
    { id: "dec", type: "Decode", params: { model: decModel } },
    { id: "out", type: "AudioOut", params: {} },
  ],
  connections: [
    { from: "in.audio", to: "enc.audio" },
    { from: "enc.latent", to: "dec.latent" },
    { from: "dec.audio", to: "out.audio" },
  ],
});

describe("a patch's models and sounds are checked all at once, by name", () => {
  it('reports an unknown model in a node parameter as "unknown model X; available: …"', async () => {
    const path = write("typo.patch.json", {
      name: "typo",
      ...chain("pca-spectrl", ""),
      assets: { piano: { kind: "builtin", name: "piano" } },
    });
    for (const args of [
      ["validate", path],
      ["render", path, "--out", join(dir, "x.wav")],
    ]) {
      const r = await runMain(...args);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        `latent-patcher: ${path}: patch.nodes[1].params.model: unknown model "pca-spectrl"; available: neural-spectral, neural-spectral-2, neural-spectral-live, pca-spectral`,
      ]);
    }
  });

  it("names every unknown model, the patch's default included, before loading any", async () => {
    const path = write("typos.patch.json", {
      name: "typos",
      model: "nope",
      ...chain("a", "b"),
      assets: { piano: { kind: "builtin", name: "piano" } },
    });
    const r = await runMain("validate", path);
    expect(r.code).toBe(1);
    expect(r.err.join("\n")).toBe(
      [
        `latent-patcher: ${path}: patch.model: unknown model "nope"`,
        `  patch.nodes[1].params.model: unknown model "a"`,
        `  patch.nodes[2].params.model: unknown model "b"`,
        `  (available: neural-spectral, neural-spectral-2, neural-spectral-live, pca-spectral)`,
      ].join("\n"),
    );
  });

  it("names every sound that cannot be used, not only the first", async () => {
    const path = write("sounds.patch.json", {
      name: "sounds",
      ...chain("", ""),
      assets: {
        piano: { kind: "file", path: "gone.wav" },
        other: { kind: "file", path: "also-gone.wav" },
        fine: { kind: "builtin", name: "flute" },
      },
    });
    for (const command of ["validate", "render"]) {
      const r = await runMain(
        command,
        path,
        ...(command === "render" ? ["--out", join(dir, "s.wav")] : []),
      );
      expect(r.code).toBe(1);
      expect(r.err.join("\n")).toBe(
        [
          `latent-patcher: ${path}: 2 sounds cannot be used:`,
          `  gone.wav: no such file`,
          `  also-gone.wav: no such file`,
        ].join("\n"),
      );
    }
  });
});
