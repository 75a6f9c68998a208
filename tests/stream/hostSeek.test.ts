// The engine host's seek, which a worker started after a crash uses to resume where the dead one
// stopped: it takes a sample position (the page counts samples), not a latent frame index.
import { describe, expect, it } from "vitest";
import { createOutputRing } from "../../src/audio/outputRing";
import { EngineHost, prerollFrames } from "../../src/engine/worker/engineHost";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { maxAbsDiff, rms } from "../helpers/engine";
import { ringListener, sweepPatch, testEngineOptions, tonePatch } from "./helpers";

const SAMPLE_RATE = 16000; // the spectral fixture's
const HOP = 128; // the spectral fixture's latent frame

describe("EngineHost.seek", () => {
  it("moves to the whole latent frame at or before a sample, and plays on from there", async () => {
    const host = new EngineHost(testEngineOptions());
    const info = await host.load(JSON.stringify(sweepPatch(2)));
    const sample = Math.round(1.2 * SAMPLE_RATE) + 37; // not a whole hop
    const at = host.seek(sample);
    expect(at).toBe(Math.floor(sample / HOP) * HOP);
    expect(host.status()).toMatchObject({ framePosition: at / HOP, ended: false });

    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    const { heard, play } = ringListener(ring);
    await host.start(ring, { blockFrames: 4, aheadSeconds: 0.05 });
    await play(0.2);
    await host.dispose();

    // What it plays is the stream sought to that frame (the sine goes on; it did not end), started
    // warm: the frames before it rendered unheard, so that it does not start with a burst.
    const setup = await loadStreamSetup(sweepPatch(2), testEngineOptions());
    const stream = await StreamingRender.create(setup);
    const pre = prerollFrames(stream, at / HOP);
    expect(pre).toBeGreaterThan(Math.ceil(info.latencySamples / HOP));
    stream.seek(at / HOP - pre);
    await stream.next(pre);
    const reference = new Float32Array(heard.length);
    for (let i = 0; i < reference.length; i += 4 * HOP)
      reference.set((await stream.next(4)).channels[0]!.subarray(0, reference.length - i), i);
    stream.dispose();
    const got = Float32Array.from(heard);
    expect(maxAbsDiff(got, reference)).toBeLessThanOrEqual(1e-6);
    await setup.dispose();
  });

  it("resumes warm, at the level of a play from the start, where a cold start burst", async () => {
    const patch = tonePatch(2, 30);
    const host = new EngineHost(testEngineOptions());
    await host.load(JSON.stringify(patch));
    const at = host.seek(Math.round(1.2 * SAMPLE_RATE));
    const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
    const { heard, play } = ringListener(ring);
    await host.start(ring, { blockFrames: 1, aheadSeconds: 0.05 });
    await play((8 * HOP) / SAMPLE_RATE);
    await host.dispose();
    // The same samples of a play from the start: the stream's output at sample `at` onwards.
    const setup = await loadStreamSetup(patch, testEngineOptions());
    const whole = await StreamingRender.create(setup);
    const played = new Float32Array(at + 8 * HOP);
    for (let i = 0; i < played.length; i += HOP) played.set((await whole.next(1)).channels[0]!, i);
    whole.dispose();
    await setup.dispose();
    const continuous = rms(played.subarray(at));
    const got = rms(Float32Array.from(heard.slice(0, 8 * HOP)));
    // Started cold, the first frames measured 17× the steady level.
    expect(continuous).toBeGreaterThan(1e-3);
    expect(got / continuous).toBeGreaterThan(0.8);
    expect(got / continuous).toBeLessThan(1.25);
  });

  it("refuses a position that is not a sample count, naming it", async () => {
    const host = new EngineHost(testEngineOptions());
    await host.load(JSON.stringify(sweepPatch(1)));
    expect(() => host.seek(Number.NaN)).toThrow("seek: expected a sample position ≥ 0, got NaN");
    expect(() => host.seek(-1)).toThrow("seek: expected a sample position ≥ 0, got -1");
    await host.dispose();
  });
});
