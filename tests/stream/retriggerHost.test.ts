// The engine host's retrigger: a MIDI key in the app calls `retrigger` on the worker's host, which
// starts a source again at the next block while the stream plays on; a patch with a retrigger
// mapping is held open, silent, after its sound ends.
import { describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import { createOutputRing } from "../../src/audio/outputRing";
import { EngineHost } from "../../src/engine/worker/engineHost";
import type { Patch } from "../../src/engine/patch/schema";
import { makePatch } from "../helpers/engine";
import { testEngineOptions } from "./helpers";

const SAMPLE_RATE = 16000; // the wave fixture's

/** A 0.2 s sine (0.5 peak) straight to the output, with a note-on retrigger mapping or not. */
function keyedPatch(keyed: boolean): Patch {
  const perform = {
    snapshots: [],
    favourites: [],
    midi: [
      {
        control: "note-on" as const,
        target: "src.@retrigger",
        curve: "linear" as const,
        smoothMs: 0,
      },
    ],
  };
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 440, amplitude: 0.5, seconds: 0.2 }],
      ["out", "AudioOut"],
    ],
    [["src.audio", "out.audio"]],
    { model: "wave-fixture", ...(keyed ? { perform } : {}) },
  );
}

/** A host playing `patch` into a ring, and a consumer that takes what it queues. */
async function hostPlaying(patch: Patch) {
  const host = new EngineHost(testEngineOptions());
  await host.load(JSON.stringify(patch));
  const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
  const consumer = new RingBuffer(ring.audio, Float32Array);
  const chunk = new Float32Array(ring.channels * 256);
  const heard: number[] = [];
  const take = async (samples: number) => {
    const until = heard.length + samples;
    while (heard.length < until) {
      const n = consumer.pop(chunk) / ring.channels;
      for (let i = 0; i < n; i++) heard.push(chunk[i * ring.channels]!);
      if (n === 0 && !host.status().playing) return;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  await host.start(ring, { blockFrames: 4, aheadSeconds: 0.05 });
  return { host, take, heard };
}

const rmsOf = (x: readonly number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe("EngineHost retrigger", () => {
  it("holds a keyed patch open after its sound, and a retrigger plays the sound again", async () => {
    const { host, take, heard } = await hostPlaying(keyedPatch(true));
    await take(0.6 * SAMPLE_RATE);
    expect(host.status()).toMatchObject({ playing: true, ended: false, error: undefined });
    expect(rmsOf(heard.slice(0.3 * SAMPLE_RATE))).toBe(0);
    const at = heard.length;
    host.retrigger("src");
    await take(0.6 * SAMPLE_RATE);
    const after = heard.slice(at);
    const start = after.findIndex((v) => Math.abs(v) > 0.01);
    // Heard within the queue's depth (50 ms) and a block or two, then the whole 0.2 s again.
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThan(0.15 * SAMPLE_RATE);
    const sound = after.slice(start, start + 0.2 * SAMPLE_RATE);
    expect(rmsOf(sound)).toBeGreaterThan(0.3);
    expect(rmsOf(after.slice(start + 0.22 * SAMPLE_RATE))).toBe(0);
    expect(() => host.retrigger("out")).toThrow(/node "out" \(AudioOut\) cannot start again/);
    await host.dispose();
  });

  it("lets a patch without a retrigger end with its sound, as before", async () => {
    const { host, take } = await hostPlaying(keyedPatch(false));
    await take(2 * SAMPLE_RATE); // returns once the host has stopped
    expect(host.status()).toMatchObject({ playing: false, ended: true, error: undefined });
    await host.dispose();
  });
});
