import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender, type StreamOptions } from "../../src/engine/stream/streamingRender";
import { LoopPosition } from "../../src/engine/stream/loop";
import { RETRIGGER_FADE_MS } from "../../src/engine/stream/retrigger";
import type { Patch } from "../../src/engine/patch/schema";
import { makePatch, maxAbsDiff, rms } from "../helpers/engine";
import { testEngineOptions } from "./helpers";

/** Seeded noise (`seconds` long), optionally through the waveform fixture codec, into AudioOut. */
function noisePatch(seconds: number, codec: boolean): Patch {
  const src = ["src", "AudioIn", { source: "noise", amplitude: 0.5, seconds, seed: 7 }] as const;
  if (!codec) return makePatch([[...src], ["out", "AudioOut"]], [["src.audio", "out.audio"]]);
  return makePatch(
    [[...src], ["enc", "Encode"], ["dec", "Decode"], ["out", "AudioOut"]],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "wave-fixture" },
  );
}

/** Streams `frames` frames in blocks of `block`; `at(frame, stream)` runs before each block. */
async function play(
  patch: Patch,
  frames: number,
  block: number,
  at?: (frame: number, stream: StreamingRender) => void,
  options: StreamOptions = {},
) {
  const setup = await loadStreamSetup(patch, testEngineOptions());
  const stream = await StreamingRender.create(setup, options);
  const hop = stream.clock.hopSamples;
  const out = new Float32Array(frames * hop);
  let endedAt: number | undefined;
  while (stream.framePosition < frames) {
    at?.(stream.framePosition, stream);
    if (stream.ended) {
      endedAt ??= stream.framePosition;
      break;
    }
    const from = stream.framePosition;
    out.set((await stream.next(Math.min(block, frames - from))).channels[0]!, from * hop);
  }
  const info = {
    hop,
    rate: stream.clock.sampleRate,
    latency: stream.latencySamples,
    total: stream.totalFrames,
  };
  stream.dispose();
  await setup.dispose();
  return { out, endedAt, ...info };
}

describe("retriggering a source while the stream plays", () => {
  it("restarts at the next block: after the fade the output is a fresh start's, any block size", async () => {
    const patch = noisePatch(1, false);
    const fresh = await play(patch, 60, 4);
    const fade = Math.round((RETRIGGER_FADE_MS / 1000) * fresh.rate);
    for (const block of [1, 4, 7]) {
      // Asked for mid-block (frame 21 with blocks of 4): heard from the next block's start.
      let cut: number | undefined;
      const r = await play(patch, 60, block, (frame, stream) => {
        if (cut === undefined && frame >= 21) {
          stream.retrigger("src");
          cut = frame;
        }
      });
      const start = cut! * r.hop;
      expect(maxAbsDiff(r.out.subarray(0, start), fresh.out.subarray(0, start))).toBe(0);
      const after = r.out.subarray(start + fade);
      expect(maxAbsDiff(after, fresh.out.subarray(fade, fade + after.length))).toBe(0);
      // Inside the fade: equal power from what followed to the start, no step past either.
      const cutZone = r.out.subarray(start, start + fade);
      expect(Math.max(...cutZone.map(Math.abs))).toBeLessThanOrEqual(0.5 * Math.SQRT2 + 1e-6);
    }
  });

  it("through a codec: after its latency and windows, the output is a fresh start's", async () => {
    const patch = noisePatch(1, true);
    const fresh = await play(patch, 70, 4);
    const cut = 24;
    const r = await play(patch, 70, 4, (frame, stream) => frame === cut && stream.retrigger("src"));
    // Four frames past the cut and the latency, the encoder's windows hold only new material.
    const from = cut * r.hop + r.latency + 4 * r.hop;
    const n = 20 * r.hop;
    const a = r.out.subarray(from, from + n);
    const b = fresh.out.subarray(from - cut * r.hop, from - cut * r.hop + n);
    expect(rms(b)).toBeGreaterThan(0.05);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
    // Before the cut reaches the output, nothing changed.
    const before = cut * r.hop + r.latency;
    expect(maxAbsDiff(r.out.subarray(0, before), fresh.out.subarray(0, before))).toBe(0);
  });

  it("ends after a retriggered pass; held for notes, waits and plays it again after the end", async () => {
    const patch = noisePatch(0.2, false); // 9 frames at hop 1024
    const once = await play(patch, 100, 1);
    expect(once.endedAt).toBe(once.total);
    const late = await play(patch, 100, 1, (f, s) => f === once.total - 2 && s.retrigger("src"));
    expect(late.endedAt).toBe(2 * once.total - 2);
    // A patch a note restarts, played live: it does not end, and a note after the end replays.
    const keyed: Patch = {
      ...patch,
      perform: {
        snapshots: [],
        favourites: [],
        midi: [{ control: "note-on", target: "src.@retrigger", curve: "linear", smoothMs: 0 }],
      },
    };
    const cut = once.total + 4;
    const held = await play(keyed, 40, 1, (f, s) => f === cut && s.retrigger("src"), {
      holdForNotes: true,
    });
    expect(held.endedAt).toBeUndefined();
    const n = once.total * held.hop;
    expect(rms(held.out.subarray(once.total * held.hop, cut * held.hop))).toBe(0);
    expect(
      maxAbsDiff(held.out.subarray(cut * held.hop, cut * held.hop + n), once.out.subarray(0, n)),
    ).toBe(0);
    expect(rms(held.out.subarray(cut * held.hop + n))).toBe(0);
    // Not held (an offline render), the same patch ends with its material.
    expect((await play(keyed, 100, 1)).endedAt).toBe(once.total);
  });

  it("keeps looping a retriggered source at the loop length", async () => {
    const patch = noisePatch(0.2, false);
    const r = await play(patch, 60, 3, (f, s) => f === 12 && s.retrigger("src"), { loop: true });
    const loop = await play(patch, 60, 3, undefined, { loop: true });
    const len = Math.round((0.2 * r.rate) / r.hop);
    const cut = 12 * r.hop;
    const fade = Math.round((RETRIGGER_FADE_MS / 1000) * r.rate);
    // After the cut the source plays pass after pass from its own start.
    const span = 2 * len * r.hop;
    const head = loop.out.subarray(fade, span);
    expect(maxAbsDiff(r.out.subarray(cut + fade, cut + span), head)).toBe(0);
    expect(r.endedAt).toBeUndefined();
  });

  it("refuses, naming the node, what cannot start again", async () => {
    const patch = makePatch(
      [
        ["src", "AudioIn", { source: "noise", seconds: 0.2 }],
        ["lfo", "LFO"],
        ["out", "AudioOut"],
      ],
      [["src.audio", "out.audio"]],
    );
    const setup = await loadStreamSetup(patch, testEngineOptions());
    const stream = await StreamingRender.create(setup);
    expect(() => stream.retrigger("out")).toThrow(/node "out" \(AudioOut\) cannot start again/);
    expect(() => stream.retrigger("lfo")).toThrow(/node "lfo" \(LFO\) cannot start again/);
    expect(() => stream.retrigger("nope")).toThrow(/no node "nope"/);
    stream.dispose();
    await setup.dispose();
  });

  it("carries retriggered sources into the next version of the playing patch", async () => {
    const patch = noisePatch(1, false);
    const setup = await loadStreamSetup(patch, testEngineOptions());
    const first = await StreamingRender.create(setup);
    await first.next(10);
    first.retrigger("src");
    await first.next(6);
    const second = await StreamingRender.create(setup);
    second.seek(first.materialPosition);
    second.adoptRestarts(first);
    const a = await first.next(4);
    const b = await second.next(4);
    expect(maxAbsDiff(a.channels[0]!, b.channels[0]!)).toBe(0);
    expect(rms(b.channels[0]!)).toBeGreaterThan(0.05);
    first.dispose();
    second.dispose();
    await setup.dispose();
  });

  it("marks the pass a restart began with the retrigger's fade", () => {
    const pos = new LoopPosition();
    pos.advance(0, 8);
    pos.restart(5);
    expect(pos.advance(8, 4)).toEqual([{ from: 0, frames: 4, wrappedAt: 8, fadeMs: 5 }]);
    pos.length = 6;
    expect(pos.advance(12, 4)).toEqual([
      { from: 4, frames: 2, wrappedAt: 8, fadeMs: 5 },
      { from: 0, frames: 2, wrappedAt: 6 },
    ]);
  });
});
