/**
 * The shipped neural packs through the streaming and live paths: the default (1024-sample latent
 * frames) and neural-spectral-live (512-sample frames) stream in blocks, and from a live input,
 * as their offline renders. (tests/stream/streamingRender and liveStream test the same on the
 * small fixture pack.)
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LiveInput } from "../../src/engine/nodeDefinition";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { playToEnd, rotationChain, testEngineOptions } from "./helpers";

const FREQ = 330;
const AMP = 0.4;

// 43 frames of 1024 samples = 86 of 512: a whole number of latent frames of either pack, so the
// offline sine's last frame is not padded with silence where the live one goes on.
const sine = { source: "sine", frequency: FREQ, amplitude: AMP, seconds: 44032 / 44100 };

for (const [model, hop] of [
  [DEFAULT_MODEL_ID, 1024],
  ["neural-spectral-live", 512],
] as const) {
  describe.skipIf(!existsSync(`models/${model}/model.json`))(`${model} streams`, () => {
    for (const blockFrames of [1, 7]) {
      it(`in blocks of ${blockFrames} latent frames as its offline render`, async () => {
        const engine = testEngine();
        await engine.load(rotationChain(model, sine, 20));
        const reference = await engine.render();
        const offline = reference.outputs.get("out")!.channels[0]!;

        const setup = await loadStreamSetup(rotationChain(model, sine, 20), testEngineOptions());
        const stream = await StreamingRender.create(setup);
        expect(stream.clock.hopSamples).toBe(hop);
        expect(stream.latencySamples).toBe(reference.latencySamples);
        const raw = await playToEnd(stream, blockFrames);
        const lat = stream.latencySamples;
        const streamed = raw.subarray(lat, lat + stream.durationSamples);
        expect(rms(streamed)).toBeGreaterThan(0.01);
        expect(maxAbsDiff(streamed, offline)).toBeLessThanOrEqual(1e-5);
        stream.dispose();
        await setup.dispose();
      });
    }

    it("from a live input as the offline render of the same sound (blocks of 1 frame)", async () => {
      const engine = testEngine();
      await engine.load(rotationChain(model, sine, 20));
      const reference = await engine.render();
      const offline = reference.outputs.get("out")!.channels[0]!;

      const setup = await loadStreamSetup(
        rotationChain(model, { source: "live" }, 20),
        testEngineOptions(),
      );
      const w = (2 * Math.PI * FREQ) / setup.clock.sampleRate;
      let taken = 0;
      const live: LiveInput = {
        block(n) {
          const out = new Float32Array(n);
          for (let i = 0; i < n; i++) out[i] = AMP * Math.sin(w * (taken + i));
          taken += n;
          return out;
        },
      };
      const stream = await StreamingRender.create(setup, { live });
      expect(stream.live).toBe(true);
      expect(stream.clock.hopSamples).toBe(hop);
      expect(stream.latencySamples).toBe(reference.latencySamples);
      const needed = Math.ceil((offline.length + stream.latencySamples) / hop);
      const played = new Float32Array(needed * hop);
      for (let at = 0; at < needed * hop;) {
        const block = await stream.next(1);
        played.set(block.channels[0]!, at);
        at += block.channels[0]!.length;
      }
      const lat = stream.latencySamples;
      const end = offline.length - lat; // the live sine goes on after the offline one stops
      const streamed = played.subarray(lat, lat + end);
      expect(rms(streamed)).toBeGreaterThan(0.01);
      expect(maxAbsDiff(streamed, offline.subarray(0, end))).toBeLessThanOrEqual(1e-5);
      stream.dispose();
      await setup.dispose();
    });
  });
}
