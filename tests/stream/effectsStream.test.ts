/**
 * The audio effects in a patch: a stream in blocks of any size plays what the offline render
 * renders; TimeReverse is computed ahead from a file or a test source and refused, with its name
 * and the reason, when a live input feeds it.
 */
import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
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
