/**
 * The audio effects in a patch: a stream in blocks of any size plays what the offline render
 * renders; TimeReverse is computed ahead from a file or a test source and refused, with its name
 * and the reason, when a live input feeds it; a knob turned while playing keeps the effect's state.
 */
import { describe, expect, it } from "vitest";
import { compileGraph } from "../../src/engine/graph";
import { changedAndDownstream } from "../../src/engine/stream/chain";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { nodeRegistry } from "../../src/nodes";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { playToEnd, testEngineOptions } from "./helpers";

const chain = makePatch(
  [
    ["src", "AudioIn", { source: "sine", frequency: 330, seconds: 1, amplitude: 0.8 }],
    ["dist", "Distortion", { drive: 12 }],
    ["chorus", "Chorus"],
    ["delay", "Delay", { sync: "beats", beats: 0.25 }],
    ["verb", "Reverb", { decay: 1.5 }],
    ["shift", "PitchShift", { semitones: -5, mix: 0.5 }],
    ["comp", "Compressor"],
    ["lp", "Lowpass", { cutoff: 3000 }],
    ["hp", "Highpass", { cutoff: 80 }],
    ["gain", "Gain", { gain: -3 }],
    ["rev", "TimeReverse"],
    ["mix", "AudioMix", { w2: 0.5 }],
    ["out", "AudioOut"],
  ],
  [
    ["src.audio", "dist.in"],
    ["dist.out", "chorus.in"],
    ["chorus.out", "delay.in"],
    ["delay.out", "verb.in"],
    ["verb.out", "shift.in"],
    ["shift.out", "comp.in"],
    ["comp.out", "lp.in"],
    ["lp.out", "hp.in"],
    ["hp.out", "gain.in"],
    ["src.audio", "rev.in"],
    ["gain.out", "mix.in1"],
    ["rev.out", "mix.in2"],
    ["mix.out", "out.audio"],
  ],
  { model: "spectral-fixture", transport: { bpm: 100, beatsPerBar: 4 } },
);

describe("audio effects in a stream", () => {
  for (const blockFrames of [1, 13]) {
    it(`play in blocks of ${blockFrames} frames what the offline render renders`, async () => {
      const engine = testEngine();
      await engine.load(chain);
      const reference = (await engine.render()).outputs.get("out")!.channels[0]!;
      engine.dispose();
      const setup = await loadStreamSetup(chain, testEngineOptions());
      const stream = await StreamingRender.create(setup);
      const raw = await playToEnd(stream, blockFrames);
      const streamed = raw.subarray(
        stream.latencySamples,
        stream.latencySamples + reference.length,
      );
      expect(rms(streamed)).toBeGreaterThan(0.01);
      expect(maxAbsDiff(streamed, reference)).toBeLessThanOrEqual(1e-6);
      stream.dispose();
      await setup.dispose();
    });
  }

  it("refuses TimeReverse on a live input, saying it needs the whole sound", async () => {
    const setup = await loadStreamSetup(chain, testEngineOptions());
    await expect(StreamingRender.create(setup, { isLive: (n) => n.id === "src" })).rejects.toThrow(
      /"rev" \(TimeReverse\) needs its whole input before it can play, but it depends on the live source "src"/,
    );
    await setup.dispose();
  });
});

describe("a live change to an effect's knob", () => {
  const burst = makePatch(
    [
      ["src", "AudioIn", { source: "noise", seconds: 0.1, amplitude: 0.5 }],
      // Silent, 2 s long: keeps the stream going after the burst.
      ["pad", "AudioIn", { source: "sine", frequency: 1, amplitude: 0, seconds: 2 }],
      ["mixer", "AudioMix"],
      ["verb", "Reverb", { decay: 3, mix: 0.5 }],
      ["delay", "Delay", { time: 100, feedback: 0.5, mix: 0.5 }],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "mixer.in1"],
      ["pad.audio", "mixer.in2"],
      ["mixer.out", "verb.in"],
      ["verb.out", "delay.in"],
      ["delay.out", "out.audio"],
    ],
    { model: "spectral-fixture" },
  );

  it("keeps the reverb's tail and the delay's echoes: a number parameter retunes the running node", async () => {
    const setup = await loadStreamSetup(burst, testEngineOptions());
    const stream = await StreamingRender.create(setup);
    const hop = stream.clock.hopSamples;
    const blocks: Float32Array[] = [];
    const changeFrame = 4 * Math.round((0.5 * stream.clock.sampleRate) / hop / 4);
    while (stream.framePosition < changeFrame + 40) {
      if (stream.framePosition === changeFrame) {
        stream.setParam("verb", "mix", 0.6);
        stream.setParam("delay", "feedback", 0.4);
      }
      blocks.push((await stream.next(4)).channels[0]!);
    }
    const x = Float32Array.from(blocks.flatMap((b) => Array.from(b)));
    const at = changeFrame * hop;
    const window = Math.round(0.1 * stream.clock.sampleRate);
    const before = rms(x.subarray(at - window, at));
    const after = rms(x.subarray(at + window / 2, at + (3 * window) / 2));
    expect(stream.currentPatch().nodes.find((n) => n.id === "verb")?.params.mix).toBe(0.6);
    expect(before).toBeGreaterThan(0.005);
    expect(after / before).toBeGreaterThan(0.3);
    stream.dispose();
    await setup.dispose();
  });

  it("starts a fresh node for a choice (Delay's sync), and a number of another node type", () => {
    const graph = compileGraph(burst, nodeRegistry);
    const edit = (id: string, params: Record<string, unknown>) =>
      compileGraph(
        {
          ...burst,
          nodes: burst.nodes.map((n) =>
            n.id === id ? { ...n, params: { ...n.params, ...params } } : n,
          ),
        } as typeof burst,
        nodeRegistry,
      );
    expect([...changedAndDownstream(graph, edit("verb", { decay: 5 }))]).toEqual([]);
    expect([...changedAndDownstream(graph, edit("delay", { sync: "beats" }))].sort()).toEqual([
      "delay",
      "out",
    ]);
    expect([...changedAndDownstream(graph, edit("out", { gain: -3 }))]).toEqual(["out"]);
  });
});
