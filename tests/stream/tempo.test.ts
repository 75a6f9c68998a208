/**
 * The tempo while streaming: the stream plays the patch's transport, equals the offline render,
 * and a tempo change while playing is heard from the next block without a restart or a jump in
 * the beat (the LFO is not computed ahead: it follows the tempo).
 */
import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { TransportClock } from "../../src/engine/transportClock";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { playToEnd, testEngineOptions } from "./helpers";

/** Sine → Encode → FiLMRRotate, its angle from an LFO in beats → Decode → AudioOut. */
function lfoPatch(bpm: number) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 440, seconds: 1 }],
      ["enc", "Encode"],
      ["lfo", "LFO", { shape: "sine", sync: "beats", rate: 1, depth: 80 }],
      ["rot", "FiLMRRotate"],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "rot.in"],
      ["lfo.out", "rot.angle"],
      ["rot.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture", transport: { bpm, beatsPerBar: 4 } },
  );
}

async function stream(bpm: number, tempo?: TransportClock) {
  const setup = await loadStreamSetup(lfoPatch(bpm), testEngineOptions());
  const s = await StreamingRender.create(setup, { tempo });
  return { s, done: async () => (s.dispose(), await setup.dispose()) };
}

/** Plays blocks of 4 frames, calling `at(frame)` before each. */
async function play(s: StreamingRender, at: (frame: number) => void): Promise<Float32Array> {
  const hop = s.clock.hopSamples;
  const out = new Float32Array(s.totalFrames * hop);
  while (!s.ended) {
    at(s.framePosition);
    const frames = Math.min(4, s.totalFrames - s.framePosition);
    const pos = s.framePosition * hop;
    out.set((await s.next(frames)).channels[0]!, pos);
  }
  return out;
}

describe("tempo in a stream", () => {
  it("plays the patch's tempo and equals the offline render at that tempo", async () => {
    const engine = testEngine();
    await engine.load(lfoPatch(90));
    const result = await engine.render();
    const reference = result.outputs.get("out")!.channels[0]!;
    const { s, done } = await stream(90);
    expect(s.tempo.bpmAt(0)).toBe(90);
    const raw = await playToEnd(s, 3);
    const streamed = raw.subarray(s.latencySamples, s.latencySamples + s.durationSamples);
    expect(rms(streamed)).toBeGreaterThan(0.01);
    expect(maxAbsDiff(streamed, reference)).toBeLessThanOrEqual(1e-5);
    expect(s.beatPosition).toBeCloseTo((s.totalFrames * 90) / 60 / s.clock.frameRate, 9);
    await done();
    engine.dispose();
  });

  it("hears setTempo from the next block, as a tempo map planned there, without a rebuild", async () => {
    const change = 40; // a block boundary (blocks of 4)
    const planned = await stream(90);
    const map = new TransportClock(planned.s.clock.frameRate, 90);
    map.setTempo(180, change);
    await planned.done();
    const a = await stream(90, map);
    const expected = await play(a.s, () => {});
    await a.done();

    const b = await stream(90);
    const beats: number[] = [];
    const live = await play(b.s, (frame) => {
      beats.push(b.s.beatPosition);
      if (frame === change) {
        b.s.setTempo(180);
        expect(b.s.changing).toBe(false); // no new chain, no crossfade
      }
    });
    expect(b.s.currentPatch().transport?.bpm).toBe(180);
    expect(maxAbsDiff(live, expected)).toBe(0);
    // The beat never jumps: 4 frames' worth per block, at 90 then 180 BPM.
    const rate = b.s.clock.frameRate;
    for (let k = 1; k < beats.length; k++) {
      const bpm = 4 * k <= change ? 90 : 180;
      expect(beats[k]! - beats[k - 1]!).toBeCloseTo((4 * bpm) / 60 / rate, 9);
    }
    await b.done();

    const c = await stream(90);
    const steady = await play(c.s, () => {});
    await c.done();
    const hop = c.s.clock.hopSamples;
    const after = (x: Float32Array) => x.subarray((change + 30) * hop);
    expect(maxAbsDiff(live.subarray(0, change * hop), steady.subarray(0, change * hop))).toBe(0);
    expect(maxAbsDiff(after(live), after(steady))).toBeGreaterThan(0.01);
  });

  it("continues another stream's beat when it replaces it (seek with its transport)", async () => {
    const a = await stream(120);
    await play(a.s, (f) => f === 20 && a.s.setTempo(60));
    const b = await stream(150);
    b.s.seek(44, a.s.tempo);
    expect(b.s.beatPosition).toBeCloseTo(a.s.tempo.beatAt(44), 12);
    await b.s.next(4);
    expect(b.s.beatPosition - a.s.tempo.beatAt(44)).toBeCloseTo(
      (4 * 150) / 60 / b.s.clock.frameRate,
      12,
    );
    await a.done();
    await b.done();
  });

  it("refuses a tempo that is not a positive number and keeps playing at the old one", async () => {
    const { s, done } = await stream(100);
    await s.next(4);
    expect(() => s.setTempo(NaN)).toThrow("tempo: expected a positive number");
    expect(s.tempo.bpmAt(s.framePosition)).toBe(100);
    await s.next(4);
    await done();
  });
});
