/**
 * A Curve edited while playing is recomputed in the stream (issue 20: a drawn curve edit is heard
 * after the usual parameter crossfade, without reloading the graph), and the UI sends it as a
 * parameter change; an AudioIn's parameters still reload (they decide the stream's length).
 */
import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { nodeRegistry } from "../../src/nodes";
import { liveChange } from "../../src/ui/live/liveChange";
import type { Patch } from "../../src/engine/patch/schema";
import { makePatch } from "../helpers/engine";
import { testEngineOptions } from "./helpers";

/** A sine whose Gain (dB) a Curve drives: the output's level is the curve, sample for sample. */
function gainPatch() {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 220, amplitude: 0.5, seconds: 1 }],
      ["env", "Curve", { points: [[0, 0]] }],
      ["gain", "Gain"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "gain.in"],
      ["env.out", "gain.gain"],
      ["gain.out", "out.audio"],
    ],
  );
}

const CHANGE_FRAME = 20;

async function play(change: boolean): Promise<{ out: Float32Array; at: number; delay: number }> {
  const setup = await loadStreamSetup(gainPatch(), testEngineOptions());
  const stream = await StreamingRender.create(setup);
  const hop = stream.clock.hopSamples;
  const out = new Float32Array(stream.totalFrames * hop);
  while (!stream.ended) {
    if (change && stream.framePosition === CHANGE_FRAME)
      stream.setParams("env", { points: [[0, -20]] });
    const frames = Math.min(4, stream.totalFrames - stream.framePosition);
    const at = stream.framePosition * hop;
    out.set((await stream.next(frames)).channels[0]!, at);
  }
  const delay = stream.lastChangeDelaySamples;
  stream.dispose();
  await setup.dispose();
  return { out, at: CHANGE_FRAME * hop, delay };
}

describe("a Curve edited while streaming", () => {
  it("is heard after the crossfade: the sine drops by 20 dB exactly, the part before is untouched", async () => {
    const ref = await play(false);
    const { out, at, delay } = await play(true);
    expect(delay).toBeGreaterThan(0);
    for (let i = 0; i < at; i++) expect(out[i]).toBe(ref.out[i]);
    let worst = 0;
    for (let i = at + delay; i < out.length; i++)
      worst = Math.max(worst, Math.abs(out[i]! - 0.1 * ref.out[i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it("reaches the playing patch as a parameter change; an AudioIn's parameter reloads", () => {
    const p = gainPatch();
    const edit = (id: string, params: Patch["nodes"][number]["params"]): Patch => ({
      ...p,
      nodes: p.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)),
    });
    expect(liveChange(p, edit("env", { points: [[0, -6]] }), nodeRegistry)).toEqual({
      kind: "params",
      nodes: [{ nodeId: "env", params: { points: [[0, -6]] } }],
    });
    expect(liveChange(p, edit("src", { seconds: 2 }), nodeRegistry).kind).toBe("reload");
  });
});
