import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveParams } from "../../src/engine/params";
import { patchRegistry } from "../../src/engine/patch/subpatch";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { AudioInNode } from "../../src/nodes/AudioIn";
import { patchToText, textToPatch } from "../../src/text";
import { runMain } from "./runMain";

const dir = mkdtempSync(join(tmpdir(), "lp-cli-sine-"));

/** A patch playing the builtin piano through an AudioIn with `params`, straight out. */
function pianoPatch(params: Record<string, unknown>): string {
  return JSON.stringify({
    format: "latent-patcher.patch",
    version: 2,
    name: "piano",
    nodes: [
      { id: "src", type: "AudioIn", params },
      { id: "out", type: "AudioOut", params: {} },
    ],
    connections: [{ from: "src.audio", to: "out.audio" }],
    assets: { piano: { kind: "builtin", name: "piano" } },
  });
}

async function render(name: string, params: Record<string, unknown>): Promise<Buffer> {
  const path = join(dir, `${name}.patch.json`);
  writeFileSync(path, pianoPatch(params));
  const out = join(dir, `${name}.wav`);
  const r = await runMain("render", path, "--out", out, "--seconds", "1", "--format", "f32");
  expect(r.code, r.err.join("\n")).toBe(0);
  return readFileSync(out);
}

describe("an AudioIn that names an asset plays it (the sine trap)", () => {
  it("resolves a missing source to the asset when one is named, else to the sine", () => {
    expect(resolveParams(AudioInNode, { asset: "piano" }).source).toBe("asset");
    expect(resolveParams(AudioInNode, { asset: "" }).source).toBe("sine");
    expect(resolveParams(AudioInNode, {}).source).toBe("sine");
    expect(resolveParams(AudioInNode, { asset: "piano", source: "noise" }).source).toBe("noise");
  });

  it("renders the asset, not a 220 Hz sine, when source is left out", async () => {
    const implied = await render("implied", { asset: "piano" });
    const explicit = await render("explicit", { source: "asset", asset: "piano" });
    const sine = await render("sine", { source: "sine", asset: "piano" });
    expect(implied.equals(explicit)).toBe(true);
    expect(implied.equals(sine)).toBe(false);
  });

  it("follows an instance's asset into a subpatch, and survives the text form", () => {
    const patch = parsePatch(
      JSON.stringify({
        format: "latent-patcher.patch",
        version: 2,
        name: "sub",
        subpatches: [
          {
            id: "player",
            name: "player",
            outputs: [{ name: "audio", from: "src.audio" }],
            nodes: [{ id: "src", type: "AudioIn", params: {} }],
          },
        ],
        nodes: [
          { id: "p", type: "subpatch:player", params: { "src.asset": "piano" } },
          { id: "s", type: "AudioIn", params: { source: "sine", asset: "piano" } },
          { id: "a", type: "AudioIn", params: { asset: "piano" } },
        ],
        assets: { piano: { kind: "builtin", name: "piano" } },
      }),
      nodeRegistry,
    );
    const registry = patchRegistry(nodeRegistry, patch.subpatches);
    const instance = registry.get("subpatch:player")!;
    expect(resolveParams(instance, patch.nodes[0]!.params)["src.source"]).toBe("asset");
    const back = textToPatch(patchToText(patch, nodeRegistry), nodeRegistry);
    const sources = back.nodes.map((n) => resolveParams(registry.get(n.type)!, n.params).source);
    expect(sources.slice(1)).toEqual(["sine", "asset"]);
  });
});
