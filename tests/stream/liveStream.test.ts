import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import type { LiveInput } from "../../src/engine/nodeDefinition";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { rotationChain, testEngineOptions } from "./helpers";

const FREQ = 440;
const AMP = 0.5;

/** A live input playing AudioIn's own sine, sample for sample (as if it came from a microphone). */
function sineInput(sampleRate: number): LiveInput & { taken: number } {
  const w = (2 * Math.PI * FREQ) / sampleRate;
  return {
    taken: 0,
    block(n) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = AMP * Math.sin(w * (this.taken + i));
      this.taken += n;
      return out;
    },
  };
}

describe("AudioIn's live mode", () => {
  for (const blockFrames of [1, 5]) {
    it(`streams live input through Encode → graph → Decode as the offline render of the same sound (blocks of ${blockFrames})`, async () => {
      const seconds = 1;
      const engine = testEngine();
      await engine.load(
        rotationChain(
          "spectral-fixture",
          { source: "sine", frequency: FREQ, amplitude: AMP, seconds },
          25,
        ),
      );
      const reference = await engine.render();
      const offline = reference.outputs.get("out")!.channels[0]!;

      const setup = await loadStreamSetup(
        rotationChain("spectral-fixture", { source: "live" }, 25),
        testEngineOptions(),
      );
      const live = sineInput(setup.clock.sampleRate);
      const stream = await StreamingRender.create(setup, { live });
      expect(stream.live).toBe(true);
      expect(stream.totalFrames).toBe(Infinity);
      expect(stream.latencySamples).toBe(reference.latencySamples);
      const hop = stream.clock.hopSamples;
      const needed = Math.ceil((offline.length + stream.latencySamples) / hop);
      const played = new Float32Array(needed * hop + blockFrames * hop);
      let at = 0;
      while (at < needed * hop) {
        const block = await stream.next(blockFrames);
        played.set(block.channels[0]!, at);
        at += block.channels[0]!.length;
      }
      expect(stream.ended).toBe(false); // a live stream plays until it is stopped
      expect(live.taken).toBe(at);
      const lat = stream.latencySamples;
      // The offline sine stops after `seconds`; the live one goes on. Output depends on input up
      // to `lat` samples later (the encoder's and decoder's windows), so the last `lat` differ.
      const end = offline.length - lat;
      const streamed = played.subarray(lat, lat + end);
      expect(rms(streamed)).toBeGreaterThan(0.01);
      expect(maxAbsDiff(streamed, offline.subarray(0, end))).toBeLessThanOrEqual(1e-5);
      stream.dispose();
      await setup.dispose();
    });
  }

  it("refuses to render offline, saying why and what to use instead", async () => {
    const engine = testEngine();
    await engine.load(rotationChain("spectral-fixture", { source: "live" }, 25));
    await expect(engine.render()).rejects.toThrow(
      /node "mic" \(AudioIn\): source is "live" .* plays only live.*offline render needs source "asset", "sine" or "noise"/,
    );
  });

  it("refuses a stream that has no live input to read", async () => {
    const setup = await loadStreamSetup(
      rotationChain("spectral-fixture", { source: "live" }, 25),
      testEngineOptions(),
    );
    await expect(StreamingRender.create(setup)).rejects.toThrow(/source is "live"/);
    await setup.dispose();
  });

  it("refuses a whole-mode node fed from the live input", async () => {
    const patch = makePatch(
      [
        ["mic", "AudioIn", { source: "live" }],
        ["enc", "Encode"],
        ["avg", "TimeAverage"],
        ["add", "LatentAdd"],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["mic.audio", "enc.audio"],
        ["enc.latent", "avg.in"],
        ["enc.latent", "add.a"],
        ["avg.out", "add.b"],
        ["add.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      { model: "spectral-fixture" },
    );
    const setup = await loadStreamSetup(patch, testEngineOptions());
    await expect(
      StreamingRender.create(setup, { live: sineInput(setup.clock.sampleRate) }),
    ).rejects.toThrow(/"avg" \(TimeAverage\) needs its whole input .* live source "mic"/);
    await setup.dispose();
  });
});
