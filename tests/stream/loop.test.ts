import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender, type StreamOptions } from "../../src/engine/stream/streamingRender";
import { LoopPosition, loopLengthFrames } from "../../src/engine/stream/loop";
import type { Patch } from "../../src/engine/patch/schema";
import { makePatch, maxAbsDiff, rms } from "../helpers/engine";
import { maxJump, sweepPatch, testEngineOptions } from "./helpers";

/** Sine (`seconds` long) → Encode → Decode → AudioOut on the fixture codec, with a transport. */
function sinePatch(seconds: number, frequency: number, transport?: Patch["transport"]) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency, amplitude: 0.8, seconds }],
      ["enc", "Encode"],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture", ...(transport ? { transport } : {}) },
  );
}

/** Streams `frames` frames of `patch` in blocks of `block`, calling `before` ahead of each. */
async function play(
  patch: Patch,
  frames: number,
  block: number,
  options: StreamOptions = { loop: true },
  before?: (stream: StreamingRender) => void,
) {
  const setup = await loadStreamSetup(patch, testEngineOptions());
  const stream = await StreamingRender.create(setup, options);
  const hop = stream.clock.hopSamples;
  const out = new Float32Array(frames * hop);
  while (stream.framePosition < frames && !stream.ended) {
    before?.(stream);
    const at = stream.framePosition;
    const n = Math.min(block, frames - at);
    out.set((await stream.next(n)).channels[0]!, at * hop);
  }
  const info = {
    hop,
    latency: stream.latencySamples,
    loopFrames: stream.loopFrames,
    totalFrames: stream.totalFrames,
    played: stream.framePosition,
    ended: stream.ended,
  };
  stream.dispose();
  await setup.dispose();
  return { out, ...info };
}

/** Longest run of |x| < 1e-4 in x[from, to). */
function longestSilence(x: Float32Array, from: number, to: number): number {
  let longest = 0;
  let run = 0;
  for (let i = from; i < to; i++) {
    run = Math.abs(x[i]!) < 1e-4 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

describe("loop length", () => {
  const clock = { sampleRate: 44100, hopSamples: 1024, frameRate: 44100 / 1024 };
  it("is the material's length or whole bars at the tempo, to the nearest latent frame", () => {
    // 4 s of material: 172.27 frames → 172.
    expect(loopLengthFrames({}, clock, 4 * 44100)).toBe(172);
    // One bar of 4/4 at 120 BPM: 2 s = 86.13 frames → 86; two bars of 3/4 at 90: 4 s → 172.
    expect(
      loopLengthFrames({ transport: { bpm: 120, beatsPerBar: 4, loopBars: 1 } }, clock, 1),
    ).toBe(86);
    expect(
      loopLengthFrames({ transport: { bpm: 90, beatsPerBar: 3, loopBars: 2 } }, clock, 1),
    ).toBe(172);
    // Without loopBars the tempo does not matter; a loop is one frame at least.
    expect(loopLengthFrames({ transport: { bpm: 60, beatsPerBar: 4 } }, clock, 2048)).toBe(2);
    expect(loopLengthFrames({}, clock, 10)).toBe(1);
  });

  it("wraps the material inside a block, on again past the end, off plays on", () => {
    const pos = new LoopPosition();
    pos.length = 10;
    expect(pos.advance(0, 8)).toEqual([{ from: 0, frames: 8 }]);
    expect(pos.advance(8, 5)).toEqual([
      { from: 8, frames: 2 },
      { from: 0, frames: 3, wrappedAt: 10 },
    ]);
    // The rest of a pass knows where it wrapped (a fade may be longer than a block).
    expect(pos.advance(13, 1)).toEqual([{ from: 3, frames: 1, wrappedAt: 10 }]);
    // Shorter than a block: several wraps in one.
    pos.length = 2;
    expect(pos.advance(14, 5).map((s) => [s.from, s.frames])).toEqual([
      [0, 2],
      [0, 2],
      [0, 1],
    ]);
    pos.length = undefined;
    expect(pos.advance(19, 4)).toEqual([{ from: 1, frames: 4, wrappedAt: 2 }]);
    expect(pos.materialFrame(23)).toBe(5);
    // On again past the loop point: the next block starts a pass.
    pos.length = 3;
    expect(pos.advance(23, 2)).toEqual([{ from: 0, frames: 2, wrappedAt: 5 }]);
  });
});

describe("gapless looping of a streaming render", () => {
  it("streams the same loops in blocks of 1, 7 and 64 frames", async () => {
    const patch = sweepPatch(0.5); // a sine through a rotation swept by a Curve
    const frames = 3 * 63 + 20; // three passes of the 63-frame material and a bit
    const ones = await play(patch, frames, 1);
    expect(ones.loopFrames).toBe(63);
    expect(ones.ended).toBe(false);
    for (const block of [7, 64]) {
      const other = await play(patch, frames, block);
      expect(maxAbsDiff(other.out, ones.out)).toBeLessThanOrEqual(1e-6);
    }
    expect(rms(ones.out.subarray(2 * 63 * ones.hop))).toBeGreaterThan(0.01);
  });

  it("loops a whole-mode chain (its precomputed latent wraps) and takes edits, any block size", async () => {
    const patch = makePatch(
      [
        ["a", "AudioIn", { source: "sine", frequency: 330, seconds: 0.3 }],
        ["b", "AudioIn", { source: "noise", seconds: 0.5, amplitude: 0.2 }],
        ["encA", "Encode"],
        ["encB", "Encode"],
        ["style", "TimeAverage"],
        ["add", "LatentAdd"],
        ["rot", "FiLMRRotate", { angle: 10 }],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["a.audio", "encA.audio"],
        ["b.audio", "encB.audio"],
        ["encB.latent", "style.in"],
        ["encA.latent", "add.a"],
        ["style.out", "add.b"],
        ["add.out", "rot.in"],
        ["rot.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      { model: "spectral-fixture" },
    );
    // An edit in the second pass (frame 77, a multiple of both block sizes): crossfaded as usual.
    const edit = (s: StreamingRender) => {
      if (s.framePosition === 77) s.setParam("rot", "angle", 60);
    };
    const ones = await play(patch, 200, 1, { loop: true }, edit);
    const sevens = await play(patch, 200, 7, { loop: true }, edit);
    expect(ones.loopFrames).toBe(63); // the longest source, 0.5 s
    expect(maxAbsDiff(sevens.out, ones.out)).toBeLessThanOrEqual(1e-6);
    expect(rms(ones.out.subarray(130 * ones.hop, 190 * ones.hop))).toBeGreaterThan(0.01);
  });

  it("N loops of a source equal the material repeated, through the codec's carried state", async () => {
    // 1 s of a 110 Hz sine is 125 frames and a whole number of cycles: looped, it is the same
    // signal as 3 s of the sine, so the codec must give the same output, seams included.
    const looped = await play(sinePatch(1, 110), 3 * 125, 7);
    const long = await play(sinePatch(3, 110), 3 * 125, 7, {});
    expect(looped.loopFrames).toBe(125);
    expect(maxAbsDiff(looped.out, long.out)).toBeLessThanOrEqual(1e-4);
    const { out, hop, latency } = looped;
    for (const seam of [125, 250].map((f) => f * hop + latency)) {
      expect(longestSilence(out, seam - 2000, seam + 2000)).toBeLessThanOrEqual(2); // zero crossings
      const level = rms(out.subarray(seam - 3000, seam - 2000));
      expect(rms(out.subarray(seam - 256, seam + 256))).toBeGreaterThan(0.8 * level);
    }
  });

  it("a loop of bars that cuts a note crossfades at the wrap: no click, no silence", async () => {
    // One bar of 1 beat at 187.5 BPM = 0.32 s = 40 frames of a 1 s sine: 35.2 cycles, so the
    // wrap jumps in phase. Threshold: the streaming tests' 1.2 × the steady signal's own step.
    // (Amplitude 0.5: the equal-power fade of two sines can bump the level, kept off the limiter.)
    const bar = { bpm: 187.5, beatsPerBar: 1, loopBars: 1 };
    const direct = (ms?: number) =>
      play(
        makePatch(
          [
            ["src", "AudioIn", { source: "sine", frequency: 110, amplitude: 0.5, seconds: 1 }],
            ["out", "AudioOut"],
          ],
          [["src.audio", "out.audio"]],
          { model: "spectral-fixture", transport: bar },
        ),
        120,
        4,
        { loop: true, ...(ms === undefined ? {} : { loopCrossfadeMs: ms }) },
      );
    const faded = await direct();
    const cut = await direct(0);
    expect(faded.loopFrames).toBe(40);
    const seam = 40 * faded.hop;
    const steady = maxJump(faded.out, 1000, seam - 200);
    expect(maxJump(faded.out, seam - 200, seam + 400)).toBeLessThanOrEqual(1.2 * steady);
    expect(maxJump(cut.out, seam - 200, seam + 400)).toBeGreaterThan(2 * 1.2 * steady);
    // After the fade the start plays as it is.
    const fade = 0.02 * 16000;
    expect(
      maxAbsDiff(faded.out.subarray(seam + fade, seam + 2000), faded.out.subarray(fade, 2000)),
    ).toBe(0);

    // Through the codec the phase jump still spreads over its windows: the fade takes the seam's
    // step from ~30× to under 2× the signal's own (measured 1.6×), and it never goes silent.
    const coded = await play(sinePatch(1, 110, bar), 120, 4);
    const codedCut = await play(sinePatch(1, 110, bar), 120, 4, { loop: true, loopCrossfadeMs: 0 });
    const { out, latency } = coded;
    const codedSteady = maxJump(out, latency + 1000, latency + seam - 1000);
    for (const s of [seam, 2 * seam].map((x) => x + latency)) {
      const step = maxJump(out, s - 1000, s + 1000);
      expect(step).toBeLessThanOrEqual(2 * codedSteady);
      expect(step).toBeLessThan(0.2 * maxJump(codedCut.out, s - 1000, s + 1000));
      expect(longestSilence(out, s - 1000, s + 1000)).toBeLessThanOrEqual(2);
    }
  });

  it("turned on while playing equals looping from the start; turned off, plays to the end", async () => {
    const patch = sinePatch(0.5, 64);
    const from0 = await play(patch, 200, 4);
    const late = await play(patch, 200, 4, {}, (s) => {
      if (s.framePosition === 20) s.setLoop(true);
    });
    expect(maxAbsDiff(late.out, from0.out)).toBe(0);
    // Off during the second pass: the material plays on to its end, then the latency tail.
    const off = await play(patch, 1000, 4, { loop: true }, (s) => {
      if (s.framePosition === 80) s.setLoop(false);
    });
    expect(off.ended).toBe(true);
    expect(off.played - (off.loopFrames + off.totalFrames)).toBeGreaterThanOrEqual(0);
    expect(off.played - (off.loopFrames + off.totalFrames)).toBeLessThan(4); // the last block
    expect(maxAbsDiff(off.out.subarray(0, 80 * off.hop), from0.out.subarray(0, 80 * off.hop))).toBe(
      0,
    );
  });

  it("turned on past the loop point, starts the material again at the next block", async () => {
    // A bar of 0.32 s (40 frames) of a 1 s sine, turned on at frame 60: it wraps there, from
    // the material that goes on (crossfaded) to the start.
    const bar = { bpm: 187.5, beatsPerBar: 1, loopBars: 1 };
    const patch = makePatch(
      [
        ["src", "AudioIn", { source: "sine", frequency: 110, amplitude: 0.5, seconds: 1 }],
        ["out", "AudioOut"],
      ],
      [["src.audio", "out.audio"]],
      { model: "spectral-fixture", transport: bar },
    );
    const run = await play(patch, 150, 4, { loop: false }, (s) => {
      if (s.framePosition === 60) s.setLoop(true);
    });
    const { out, hop } = run;
    const at = 60 * hop;
    // From the fade's end the pass is the material's start. An equal-power fade between two
    // phases of one sine raises its level, so its slope, by √2 at most: no step beyond that.
    expect(maxAbsDiff(out.subarray(at + 320, at + 40 * hop), out.subarray(320, 40 * hop))).toBe(0);
    expect(maxJump(out, at - 200, at + 400)).toBeLessThanOrEqual(
      Math.SQRT2 * maxJump(out, 1000, at - 200),
    );
    // Then every 40 frames.
    expect(
      maxAbsDiff(out.subarray(at + 40 * hop + 320, at + 80 * hop), out.subarray(320, 40 * hop)),
    ).toBe(0);
  });
});
