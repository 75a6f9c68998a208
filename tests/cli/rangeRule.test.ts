import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-range-"));

/** Piano into flute, α typed (`alpha`) or driven by a Curve holding `curve`. */
function morph(alpha: { typed: number } | { curve: number }): string {
  const nodes: object[] = [
    { id: "piano", type: "AudioIn", params: { asset: "piano" } },
    { id: "flute", type: "AudioIn", params: { asset: "flute" } },
    { id: "encA", type: "Encode", params: {} },
    { id: "encB", type: "Encode", params: {} },
    { id: "mix", type: "Interpolate", params: "typed" in alpha ? { alpha: alpha.typed } : {} },
    { id: "dec", type: "Decode", params: {} },
    { id: "out", type: "AudioOut", params: {} },
  ];
  const connections = [
    { from: "piano.audio", to: "encA.audio" },
    { from: "flute.audio", to: "encB.audio" },
    { from: "encA.latent", to: "mix.a" },
    { from: "encB.latent", to: "mix.b" },
    { from: "mix.out", to: "dec.latent" },
    { from: "dec.audio", to: "out.audio" },
  ];
  if ("curve" in alpha) {
    nodes.push({ id: "alpha", type: "Curve", params: { points: [[0, alpha.curve]] } });
    connections.push({ from: "alpha.out", to: "mix.alpha" });
  }
  return JSON.stringify({
    format: "latent-patcher.patch",
    version: 2,
    name: "morph",
    nodes,
    connections,
    assets: {
      piano: { kind: "builtin", name: "piano" },
      flute: { kind: "builtin", name: "flute" },
    },
  });
}

async function render(name: string, text: string): Promise<Buffer> {
  const path = join(dir, `${name}.patch.json`);
  writeFileSync(path, text);
  const out = join(dir, `${name}.wav`);
  const r = await runMain("render", path, "--out", out, "--seconds", "1", "--format", "f32");
  expect(r.code, r.err.join("\n")).toBe(0);
  return readFileSync(out);
}

describe("one range rule for typed and modulated values", () => {
  it("refuses a typed α of 1.5, and renders a curve at 1.5 as α = 1", async () => {
    const typed = join(dir, "typed.patch.json");
    writeFileSync(typed, morph({ typed: 1.5 }));
    const refused = await runMain("validate", typed);
    expect(refused.code).toBe(1);
    expect(refused.err.join("\n")).toMatch(/alpha: expected a number in \[0, 1\], got 1\.5/);
    const one = await render("one", morph({ typed: 1 }));
    const curved = await render("curve", morph({ curve: 1.5 }));
    expect(curved.equals(one)).toBe(true);
  });
});
