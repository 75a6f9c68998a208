import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-ignored-"));

const patch = {
  format: "latent-patcher.patch",
  version: 2,
  name: "ignored",
  subpatches: [
    {
      id: "player",
      name: "player",
      outputs: [{ name: "audio", from: "src.audio" }],
      nodes: [{ id: "src", type: "AudioIn", params: { asset: "piano", seed: 4 } }],
    },
  ],
  nodes: [
    { id: "a", type: "AudioIn", params: { asset: "piano", frequency: 440 } },
    { id: "s", type: "AudioIn", params: { source: "sine", asset: "piano" } },
    { id: "p", type: "subpatch:player", params: { "src.amplitude": 0.3 } },
    { id: "lfo", type: "LFO", params: { seed: 3 } },
    { id: "enc", type: "Encode", params: {} },
    { id: "rot", type: "FiLMRRotate", params: { angle: 30, u: [1, 0] } },
    { id: "dec", type: "Decode", params: {} },
    { id: "out", type: "AudioOut", params: {} },
  ],
  connections: [
    { from: "a.audio", to: "enc.audio" },
    { from: "enc.latent", to: "rot.in" },
    { from: "lfo.out", to: "rot.angle" },
    { from: "rot.out", to: "dec.latent" },
    { from: "dec.audio", to: "out.audio" },
  ],
  assets: { piano: { kind: "builtin", name: "piano" } },
};

describe("validate warns about every parameter a patch sets that its node ignores", () => {
  it("names each one, with why, and still says ok (exit 0)", async () => {
    const path = join(dir, "ignored.patch.json");
    writeFileSync(path, JSON.stringify(patch));
    const r = await runMain("validate", path);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^ok: /);
    const w = `latent-patcher: warning: ${path}: `;
    expect(r.err).toEqual([
      `${w}patch.nodes[0].params.frequency: ignored: source is "asset" (frequency applies only when source is sine)`,
      `${w}patch.nodes[1].params.asset: ignored: source is "sine" (asset applies only when source is asset)`,
      `${w}patch.nodes[2].params["src.amplitude"]: ignored: src.source is "asset" (amplitude applies only when source is sine or noise)`,
      `${w}patch.nodes[3].params.seed: ignored: shape is "sine" (seed applies only when shape is random)`,
      `${w}patch.nodes[5].params.angle: ignored: the cable from lfo.out drives it`,
      `${w}patch.nodes[5].params.u: ignored: mode is "angle" (u applies only when mode is vectors)`,
      `${w}patch.subpatches[0].nodes[0].params.seed: ignored: source is "asset" (seed applies only when source is noise)`,
    ]);
  });

  it("has nothing to say about the examples", async () => {
    for (const file of readdirSync("examples")) {
      const r = await runMain("validate", join("examples", file));
      expect(r.code).toBe(0);
      expect(r.err, file).toEqual([]);
    }
  });
});
