import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { compileGraph } from "../../src/engine/graph";
import { flattenSubpatches } from "../../src/engine/flatten";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { decodeWav } from "../../src/dsp/wav";
import { nodeRegistry } from "../../src/nodes";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { testEngineOptions } from "../stream/helpers";

const TURN = {
  id: "turn",
  name: "Turn",
  inputs: [{ name: "in", to: ["rot.in"] }],
  outputs: [{ name: "out", from: "scale.out" }],
  nodes: [
    { id: "rot", type: "FiLMRRotate", params: { angle: 45 } },
    { id: "scale", type: "LatentScale", params: { factor: 1.1 } },
  ],
  connections: [{ from: "rot.out", to: "scale.in" }],
};

/** Sine → Encode → two instances of "turn" (one with overrides) → Decode → AudioOut. */
function nested(): Patch {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 330, seconds: 1 }],
      ["enc", "Encode"],
      ["a", "subpatch:turn", { "rot.angle": 30 }],
      ["b", "subpatch:turn", { "rot.angle": -20, "scale.factor": 0.8 }],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "a.in"],
      ["a.out", "b.in"],
      ["b.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { subpatches: [TURN] },
  );
}

/** The same graph written flat. */
function flat(): Patch {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 330, seconds: 1 }],
      ["enc", "Encode"],
      ["a_rot", "FiLMRRotate", { angle: 30 }],
      ["a_scale", "LatentScale", { factor: 1.1 }],
      ["b_rot", "FiLMRRotate", { angle: -20 }],
      ["b_scale", "LatentScale", { factor: 0.8 }],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "a_rot.in"],
      ["a_rot.out", "a_scale.in"],
      ["a_scale.out", "b_rot.in"],
      ["b_rot.out", "b_scale.in"],
      ["b_scale.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
  );
}

async function renderOffline(patch: Patch) {
  const engine = testEngine();
  await engine.load(patch);
  const result = await engine.render({ blockFrames: 16 });
  engine.dispose();
  return [...result.outputs.values()][0]!.channels[0]!;
}

async function renderStreaming(patch: Patch, frames: number): Promise<Float32Array> {
  const setup = await loadStreamSetup(patch, testEngineOptions());
  const stream = await StreamingRender.create(setup);
  const total = stream.totalFrames;
  const hop = setup.clock.hopSamples;
  const out = new Float32Array(total * hop);
  for (let at = 0; at < total; at += frames) {
    const n = Math.min(frames, total - at);
    out.set((await stream.next(n)).channels[0]!, at * hop);
  }
  stream.dispose();
  await setup.dispose();
  return out.subarray(stream.latencySamples, stream.latencySamples + stream.durationSamples);
}

describe("subpatch flattening", () => {
  it("replaces instances by namespaced inner nodes with overrides, rewiring exposed ports", () => {
    const { patch, instanceOutputs } = flattenSubpatches(nested());
    expect(patch.subpatches).toBeUndefined();
    expect(patch.nodes.map((n) => [n.id, n.type, n.params])).toEqual([
      ["src", "AudioIn", { source: "sine", frequency: 330, seconds: 1 }],
      ["enc", "Encode", {}],
      ["a/rot", "FiLMRRotate", { angle: 30 }],
      ["a/scale", "LatentScale", { factor: 1.1 }],
      ["b/rot", "FiLMRRotate", { angle: -20 }],
      ["b/scale", "LatentScale", { factor: 0.8 }],
      ["dec", "Decode", {}],
      ["out", "AudioOut", {}],
    ]);
    expect(patch.connections.map((c) => `${c.from}>${c.to}`).sort()).toEqual(
      [
        "src.audio>enc.audio",
        "enc.latent>a/rot.in",
        "a/scale.out>b/rot.in",
        "b/scale.out>dec.latent",
        "dec.audio>out.audio",
        "a/rot.out>a/scale.in",
        "b/rot.out>b/scale.in",
      ].sort(),
    );
    expect(instanceOutputs.get("b.out")).toEqual({ node: "b/scale", port: "out" });
  });

  it("flattens nested subpatches level by level", () => {
    const twice = {
      id: "twice",
      name: "Twice",
      inputs: [{ name: "x", to: ["first.in"] }],
      outputs: [{ name: "y", from: "second.out" }],
      nodes: [
        { id: "first", type: "subpatch:turn", params: { "rot.angle": 10 } },
        { id: "second", type: "subpatch:turn", params: {} },
      ],
      connections: [{ from: "first.out", to: "second.in" }],
    };
    const p = makePatch(
      [
        ["src", "AudioIn", { source: "sine" }],
        ["enc", "Encode"],
        ["t", "subpatch:twice", { "second.scale.factor": 0.5 }],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["src.audio", "enc.audio"],
        ["enc.latent", "t.x"],
        ["t.y", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      { subpatches: [TURN, twice] },
    );
    const g = compileGraph(p, nodeRegistry, "spectral-fixture");
    expect(g.nodes.map((n) => n.id)).toEqual([
      "src",
      "enc",
      "t/first/rot",
      "t/first/scale",
      "t/second/rot",
      "t/second/scale",
      "dec",
      "out",
    ]);
    expect(g.byId.get("t/first/rot")!.params.angle).toBe(10);
    expect(g.byId.get("t/second/rot")!.params.angle).toBe(45);
    expect(g.byId.get("t/second/scale")!.params.factor).toBe(0.5);
    expect(g.instanceOutputs.get("t.y")).toEqual({ node: "t/second/scale", port: "out" });
  });

  it("names the instance and the subpatch when an inner input is left unconnected", () => {
    const p = makePatch(
      [
        ["a", "subpatch:turn"],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["a.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      { subpatches: [TURN] },
    );
    expect(() => compileGraph(p, nodeRegistry)).toThrow(
      'node "a/rot" (in subpatch "Turn", instance "a") (FiLMRRotate): input "in" is not connected',
    );
  });

  it("names the instance input and the subpatch when a cable's type does not fit through it", () => {
    const p = makePatch(
      [
        ["src", "AudioIn", { source: "sine" }],
        ["a", "subpatch:turn"],
      ],
      [["src.audio", "a.in"]],
      { subpatches: [TURN] },
    );
    expect(() => compileGraph(p, nodeRegistry)).toThrow(
      'cable src.audio → a.in (input "in" of subpatch "Turn", feeding a/rot.in): FiLMRRotate.in accepts latent or vector, but src.audio carries audio',
    );
  });

  it("refuses an unknown definition and an unknown instance port when flattening unchecked patches", () => {
    const base = nested();
    const unknown = { ...base, subpatches: [] };
    expect(() => compileGraph(unknown, nodeRegistry)).toThrow(
      'node "a": no subpatch "turn" in patch.subpatches; the patch has none',
    );
    const badPort = {
      ...base,
      connections: base.connections.map((c) =>
        c.to === "b.in" ? { from: c.from, to: "b.nope" } : c,
      ),
    };
    expect(() => compileGraph(badPort, nodeRegistry)).toThrow(
      'cable a.out → b.nope: instance "b" of subpatch "Turn" has no input "nope"; inputs: in',
    );
  });
});

describe("a patch with subpatches", () => {
  it("renders identically (≤1e-6) to the same graph written flat, offline and streaming", async () => {
    const reference = await renderOffline(flat());
    expect(rms(reference)).toBeGreaterThan(0.005);
    expect(maxAbsDiff(await renderOffline(nested()), reference)).toBeLessThanOrEqual(1e-6);
    for (const frames of [1, 3]) {
      const streamed = await renderStreaming(nested(), frames);
      const flatStreamed = await renderStreaming(flat(), frames);
      expect(maxAbsDiff(streamed, flatStreamed)).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(streamed, reference)).toBeLessThanOrEqual(1e-4);
    }
  }, 120_000);

  it("takes an instance's inner params through setParams and reads its outputs by the instance", async () => {
    const engine = testEngine();
    await engine.load(nested());
    await engine.render();
    engine.setParams("b", { "rot.angle": -20, "scale.factor": 0.5 });
    expect(() => engine.setParam("b", "rot.nope", 1)).toThrow(/rot\.nope.*unknown parameter/);
    const changed = [...(await engine.render()).outputs.values()][0]!.channels[0]!;
    const reference = flat();
    reference.nodes.find((n) => n.id === "b_scale")!.params = { factor: 0.5 };
    expect(maxAbsDiff(changed, await renderOffline(reference))).toBeLessThanOrEqual(1e-6);
    expect(engine.value("b", "out")?.type).toBe("latent");
    engine.dispose();
  }, 60_000);

  it("streams a change of an instance's params as the same change of the flat graph", async () => {
    const run = async (patch: Patch, change?: Record<string, number>) => {
      const setup = await loadStreamSetup(patch, testEngineOptions());
      const stream = await StreamingRender.create(setup, { crossfadeMs: 0 });
      if (change) {
        expect(() => stream.setParams("b", { "scale.nope": 1 })).toThrow(PatchError);
        stream.setParams("b", change);
      }
      const blocks: Float32Array[] = [];
      for (let i = 0; i < 12; i++) blocks.push((await stream.next(4)).channels[0]!.slice());
      const delay = stream.lastChangeDelaySamples;
      stream.dispose();
      await setup.dispose();
      const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
      blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
      return { out, delay };
    };
    const changedFlat = flat();
    changedFlat.nodes.find((n) => n.id === "b_scale")!.params = { factor: 0.5 };
    const streamed = await run(nested(), { "scale.factor": 0.5 });
    const reference = await run(changedFlat);
    const unchanged = await run(flat());
    expect(streamed.delay).toBeLessThan(streamed.out.length / 2);
    const tail = (x: Float32Array) => x.subarray(streamed.delay);
    expect(maxAbsDiff(tail(streamed.out), tail(reference.out))).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(tail(streamed.out), tail(unchanged.out))).toBeGreaterThan(1e-3);
  }, 60_000);

  it("renders from the command line", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "lp-sub-")), "chain.wav");
    await promisify(execFile)(
      "node",
      // The engine here runs onnxruntime-web, so the CLI runs it too (its default is native).
      [
        "bin/latent-patcher.mjs",
        "render",
        "examples/subpatch-chain.patch.json",
        "--out",
        out,
        "--runtime",
        "wasm",
      ],
      { timeout: 60_000 },
    );
    const audio = decodeWav(readFileSync(out), out);
    const engine = testEngine();
    await engine.load(
      parsePatch(readFileSync("examples/subpatch-chain.patch.json", "utf8"), nodeRegistry),
    );
    const expected = [...(await engine.render()).outputs.values()][0]!.channels[0]!;
    engine.dispose();
    expect(audio.channels[0]!.length).toBe(expected.length);
    expect(rms(audio.channels[0]!)).toBeGreaterThan(0.005);
    expect(maxAbsDiff(audio.channels[0]!, expected)).toBeLessThan(1e-3);
  }, 60_000);
});
