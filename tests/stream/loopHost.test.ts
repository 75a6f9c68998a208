// The engine host's loop: ⟲ Loop in the app calls `setLoop` on the worker's host, which loops the
// stream in place (no stop, reload and restart as before, which left ~0.5 s of silence).
import { describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import { createOutputRing } from "../../src/audio/outputRing";
import { EngineHost } from "../../src/engine/worker/engineHost";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import type { Patch } from "../../src/engine/patch/schema";
import { maxAbsDiff, rms } from "../helpers/engine";
import { sweepPatch, testEngineOptions } from "./helpers";

const SAMPLE_RATE = 16000; // the spectral fixture's

/** A host playing `patch` into a ring, and a consumer that takes what it queues. */
async function hostPlaying(patchText: string, loop: boolean) {
  const host = new EngineHost(testEngineOptions());
  host.setLoop(loop);
  const info = await host.load(patchText);
  const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
  const consumer = new RingBuffer(ring.audio, Float32Array);
  const chunk = new Float32Array(ring.channels * 256);
  const heard: number[] = [];
  /** Takes `samples` out of the ring (or until the host stops), as the output worklet would. */
  const take = async (samples: number) => {
    while (heard.length < samples) {
      const n = consumer.pop(chunk) / ring.channels;
      for (let i = 0; i < n; i++) heard.push(chunk[i * ring.channels]!);
      if (n === 0 && !host.status().playing) return;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  await host.start(ring, { blockFrames: 4, aheadSeconds: 0.05 });
  return { host, info, take, heard };
}

/** `frames` frames of `patch` streamed with the loop on (the reference). */
async function loopedReference(patch: Patch, frames: number): Promise<Float32Array> {
  const setup = await loadStreamSetup(patch, testEngineOptions());
  const stream = await StreamingRender.create(setup, { loop: true });
  const hop = stream.clock.hopSamples;
  const out = new Float32Array(frames * hop);
  for (let f = 0; f < frames; f += 8) out.set((await stream.next(8)).channels[0]!, f * hop);
  stream.dispose();
  await setup.dispose();
  return out;
}

describe("EngineHost looping", () => {
  it("plays the loop gaplessly, as the looped streaming render, past several loop points", async () => {
    const text = JSON.stringify(sweepPatch(0.5));
    const { host, info, take, heard } = await hostPlaying(text, true);
    expect(info.loopSamples).toBe(63 * 128);
    await take(3.2 * info.loopSamples);
    expect(host.status()).toMatchObject({ playing: true, ended: false, error: undefined });
    const reference = await loopedReference(sweepPatch(0.5), 208);
    const got = Float32Array.from(heard.slice(0, 3.2 * info.loopSamples));
    expect(maxAbsDiff(got, reference.subarray(0, got.length))).toBeLessThanOrEqual(1e-6);
    for (let k = 1; k <= 3; k++) {
      const seam = k * info.loopSamples + info.latencySamples;
      expect(rms(got.subarray(seam - 128, seam + 128))).toBeGreaterThan(0.01);
    }
    await host.dispose();
  });

  it("turned off while playing, plays the material to its end and stops", async () => {
    const text = JSON.stringify(sweepPatch(0.5));
    const { host, info, take, heard } = await hostPlaying(text, true);
    await take(1.3 * info.loopSamples);
    host.setLoop(false);
    await take(10 * info.loopSamples); // returns once the host has stopped
    expect(host.status()).toMatchObject({ playing: false, ended: true, error: undefined });
    // One more pass and the tail, not another loop (the ring held ≤ 50 ms when it was turned off).
    const ends = info.loopSamples + info.durationSamples + info.latencySamples;
    expect(heard.length).toBeGreaterThanOrEqual(ends);
    expect(heard.length).toBeLessThan(ends + 0.1 * SAMPLE_RATE);
    await host.dispose();
  });

  it("turned on while playing, loops without a restart; a reloaded patch loops too", async () => {
    const text = JSON.stringify(sweepPatch(0.5));
    const { host, info, take } = await hostPlaying(text, false);
    await take(0.5 * info.loopSamples);
    host.setLoop(true);
    await take(1.5 * info.loopSamples);
    const beforeReload = host.status().framePosition;
    expect(beforeReload).toBeGreaterThan(63); // past the first loop point, frames keep counting
    // A graph edit reloads the patch; the new one continues where the sound is, looping.
    const patch = sweepPatch(0.5);
    const edited = { ...patch, connections: patch.connections.filter((c) => c.to !== "rot.angle") };
    await host.load(JSON.stringify(edited));
    await take(4 * info.loopSamples);
    expect(host.status()).toMatchObject({ playing: true, ended: false, error: undefined });
    await host.dispose();
  });
});
