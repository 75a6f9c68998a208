/**
 * The live path end to end in Node, on a virtual clock: the real capture and output processors
 * run as the audio thread (fake AudioWorkletGlobalScope), advanced by exactly the time the engine
 * host sleeps, so the test is deterministic however slow the machine is.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ringStats } from "../../src/audio/outputRing";
import { EngineHost } from "../../src/engine/worker/engineHost";
import { serializePatch } from "../../src/engine/patch/serialize";
import { makePatch, rms } from "../helpers/engine";
import { testEngineOptions } from "./helpers";
import { START_CUSHION_SECONDS, splice } from "../../src/engine/worker/livePath";
import { audioThread, loadProcessors, SAMPLE_RATE, until } from "./virtualAudio";

beforeAll(loadProcessors);

const livePatch = serializePatch(
  makePatch(
    [
      ["mic", "AudioIn", { source: "live" }],
      ["enc", "Encode"],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["mic.audio", "enc.audio"],
      ["enc.latent", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture" },
  ),
);

const sine = (frame: number) => 0.5 * Math.sin((2 * Math.PI * 440 * frame) / SAMPLE_RATE);

/** The probe's delays (frames) for `clicks` clicks, the first (the real input's echo) left out. */
async function probe(audio: ReturnType<typeof audioThread>, clicks = 4): Promise<number[]> {
  audio.controls.setProbe(SAMPLE_RATE / 4);
  await until(() => audio.controls.probeResults().length >= clicks);
  const delays = audio.controls.probeResults().slice(1);
  audio.controls.setProbe(0);
  return delays;
}

/** The largest step between neighbouring samples of `x`. */
function largestStep(x: Float32Array): number {
  let worst = 0;
  for (let i = 1; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - x[i - 1]!));
  return worst;
}

/** Index of the first sample at or after `from` louder than `floor`. */
const soundFrom = (x: Float32Array, from: number, floor = 1e-4) =>
  from + x.subarray(from).findIndex((v) => Math.abs(v) >= floor);

const BLOCK = 4 * 128; // the host's default block: 4 frames of the fixture's 128-sample hop
/** The adaptive queue's start-up cushion (held for the first 3 s of play), in frames. */
const CUSHION = START_CUSHION_SECONDS * SAMPLE_RATE;

describe("live input through the engine host", () => {
  it("plays the microphone continuously, without underruns, after a short adaptive queue that the probe measures", async () => {
    const audio = audioThread(sine, 8);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    const info = await host.load(livePatch);
    expect(info.live).toBe(true);
    expect(info.durationSamples).toBe(Infinity);
    await host.start(audio.output, { input: audio.capture });
    await until(() => audio.frames >= 1.5 * SAMPLE_RATE);
    const status = host.status();
    expect(status.error).toBeUndefined();
    const cushioned = status.input!.delaySamples;
    // The block that waits for its input, the adaptive queue's start (5 ms) and, for the first
    // seconds, its start-up cushion (40 ms), the codec's latency.
    expect(status.input).toMatchObject({
      queueSamples: 80 + CUSHION,
      queuePinned: false,
      queueGrowths: 0,
    });
    expect(cushioned).toBe(BLOCK + 80 + CUSHION + info.latencySamples);

    // The sound: silent until the delay, then the codec's sine, no gaps and no underruns.
    const x = audio.played.subarray(cushioned + 256, Math.floor(1.5 * SAMPLE_RATE));
    expect(rms(x)).toBeGreaterThan(0.003); // the fixture codec plays this sine at about 0.01 RMS
    let run = 0;
    let longest = 0;
    for (const v of x) longest = Math.max(longest, (run = Math.abs(v) < 1e-4 ? run + 1 : 0));
    expect(longest).toBeLessThan(SAMPLE_RATE / 500); // no gap of 2 ms
    expect(ringStats(audio.output).underruns).toBe(0);
    // Before it, silence: the padding and the warm-up block (the codec's answer to silence).
    expect(rms(audio.played.subarray(0, cushioned - 256))).toBeLessThan(1e-4);
    const steady = largestStep(x);
    const timing = host.status().input!.timing!;
    expect(timing.blocks).toBeGreaterThan(10);
    // The virtual audio thread wakes the host in the quantum that completes a block.
    expect(timing.wakeLateMs.worst).toBe(0);

    // The probe: clicks replace the input, their echoes come back after the expected delay
    // (within one latent frame: the codec smears a click over its analysis windows).
    const early = await probe(audio, 3);
    for (const d of early) expect(Math.abs(d - cushioned)).toBeLessThanOrEqual(128);

    // Settled (3 s after the first block), the cushion is spliced out of the sound: no underrun,
    // no step larger than the steady sine's, and the probe finds the short delay.
    await until(() => host.status().input!.queueSamples === 80);
    const expected = host.status().input!.delaySamples;
    expect(expected).toBe(BLOCK + 80 + info.latencySamples);
    const splicedAt = audio.frames;
    await until(() => audio.frames >= splicedAt + SAMPLE_RATE / 4);
    expect(ringStats(audio.output).underruns).toBe(0);
    const around = audio.played.subarray(splicedAt - SAMPLE_RATE / 4, splicedAt + SAMPLE_RATE / 8);
    expect(largestStep(around)).toBeLessThanOrEqual(1.2 * steady);
    expect(host.status().input!.skippedSamples).toBe(CUSHION);
    const delays = await probe(audio, 5);
    for (const d of delays) expect(Math.abs(d - expected)).toBeLessThanOrEqual(128);

    // A stall of the worker (the audio thread runs on alone): the output underruns, the queue
    // grows by how late the block came (at most 20 ms) plus a 5 ms step, and the path starts
    // over at the longer delay, which the probe finds.
    await until(() => audio.frames >= 5 * SAMPLE_RATE); // past the first seconds' grace
    for (let k = 0; k < 40; k++) audio.quantum();
    const resumeFrom = audio.frames;
    expect(ringStats(audio.output).underruns).toBeGreaterThan(0);
    await until(() => audio.frames >= resumeFrom + SAMPLE_RATE / 4);
    const grown = host.status().input!;
    expect(grown).toMatchObject({ resyncs: 1, queueGrowths: 1, queueSamples: 80 + 320 + 80 });
    // The sound resumes faded in, without a click: no step larger than the steady sine's.
    const resumed = soundFrom(audio.played, resumeFrom);
    expect(resumed).toBeLessThan(resumeFrom + grown.delaySamples + 256);
    expect(largestStep(audio.played.subarray(resumed - 8, resumed + 256))).toBeLessThanOrEqual(
      steady,
    );
    const after = await probe(audio);
    for (const d of after) expect(Math.abs(d - grown.delaySamples)).toBeLessThanOrEqual(128);
    console.log("live host:", { expected, delays, grown: grown.delaySamples, after, steady });
    await host.dispose();
  });

  it("gives a grown adaptive queue back after a calm spell, in a pause", async () => {
    // Sine, a pause from 4 s to 20 s, sine again.
    const paused = (frame: number) =>
      frame < 4 * SAMPLE_RATE || frame >= 20 * SAMPLE_RATE ? sine(frame) : 0;
    const audio = audioThread(paused, 22);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    await host.load(livePatch);
    await host.start(audio.output, { input: audio.capture });
    await until(() => audio.frames >= 3.5 * SAMPLE_RATE);
    for (let k = 0; k < 40; k++) audio.quantum(); // a stall: the queue grows
    await until(() => host.status().input!.queueGrowths === 1);
    const grown = host.status().input!;
    expect(grown.queueSamples).toBe(80 + 320 + 80);
    const underruns = ringStats(audio.output).underruns;

    // Calm for 15 s, and quiet: a 5 ms step goes, without an underrun, in the pause.
    await until(() => audio.frames >= 19.9 * SAMPLE_RATE);
    const back = host.status().input!;
    expect(back).toMatchObject({ queueShrinks: 1, queueGrowths: 1, queueSamples: 400 });
    expect(back.delaySamples).toBe(grown.delaySamples - 80);
    expect(ringStats(audio.output).underruns).toBe(underruns);

    // The sine comes back on time for the shorter delay, continuous.
    await until(() => audio.frames >= 21.5 * SAMPLE_RATE);
    const resumed = soundFrom(audio.played, 20 * SAMPLE_RATE);
    expect(Math.abs(resumed - (20 * SAMPLE_RATE + back.delaySamples))).toBeLessThanOrEqual(256);
    const x = audio.played.subarray(resumed + 256, Math.floor(21.5 * SAMPLE_RATE));
    let run = 0;
    let longest = 0;
    for (const v of x) longest = Math.max(longest, (run = Math.abs(v) < 1e-4 ? run + 1 : 0));
    expect(longest).toBeLessThan(SAMPLE_RATE / 500);
    expect(ringStats(audio.output).underruns).toBe(underruns);
    await host.dispose();
  }, 60_000);

  it("gives a step back from sound that never pauses, spliced out without a step", async () => {
    const audio = audioThread(sine, 20);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    await host.load(livePatch);
    await host.start(audio.output, { input: audio.capture });
    await until(() => audio.frames >= 3.5 * SAMPLE_RATE);
    const steady = largestStep(audio.played.subarray(2 * SAMPLE_RATE, 2.5 * SAMPLE_RATE));
    for (let k = 0; k < 40; k++) audio.quantum();
    await until(() => host.status().input!.queueGrowths === 1);
    const grown = host.status().input!;
    const underruns = ringStats(audio.output).underruns;
    await until(() => host.status().input!.queueShrinks === 1);
    const givenAt = audio.frames;
    expect(givenAt).toBeGreaterThan(18 * SAMPLE_RATE); // after 15 s of calm
    await until(() => audio.frames >= givenAt + SAMPLE_RATE / 4);
    expect(host.status().input!.delaySamples).toBe(grown.delaySamples - 80);
    expect(ringStats(audio.output).underruns).toBe(underruns);
    const around = audio.played.subarray(givenAt - SAMPLE_RATE / 8, givenAt + SAMPLE_RATE / 4);
    expect(rms(around)).toBeGreaterThan(0.003); // in the middle of the sine...
    expect(largestStep(around)).toBeLessThanOrEqual(1.2 * steady); // ...without a click
    await host.dispose();
  }, 60_000);

  it("keeps as much of the start-up cushion as the blocks' dips under the queue called for", async () => {
    const audio = audioThread(sine, 5);
    // A worker that renders two quanta late from the first second on: every block lands with the
    // queue 256 frames under its depth. The cushion hides it; the calibration measures it.
    const wait = audio.clock.wait;
    const clock = {
      ...audio.clock,
      async wait(cell: Int32Array, index: number, value: number, ms: number) {
        await wait(cell, index, value, ms);
        if (audio.frames >= SAMPLE_RATE) for (let k = 0; k < 2; k++) audio.quantum();
      },
    };
    const host = new EngineHost(testEngineOptions(), {}, clock);
    const info = await host.load(livePatch);
    await host.start(audio.output, { input: audio.capture });
    await until(() => audio.frames >= 3.5 * SAMPLE_RATE);
    expect(host.status().input).toMatchObject({ queueSamples: 256 + 80, queueGrowths: 0 });
    expect(host.status().input!.delaySamples).toBe(BLOCK + 256 + 80 + info.latencySamples);
    await until(() => audio.frames >= 4.5 * SAMPLE_RATE);
    expect(ringStats(audio.output).underruns).toBe(0);
    await host.dispose();
  });

  it("restarts without growing after an underrun in the first seconds (a fresh worker settling)", async () => {
    const audio = audioThread(sine, 3);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    await host.load(livePatch);
    await host.start(audio.output, { input: audio.capture });
    await until(() => audio.frames >= 0.5 * SAMPLE_RATE);
    for (let k = 0; k < 40; k++) audio.quantum();
    expect(ringStats(audio.output).underruns).toBeGreaterThan(0);
    await until(() => host.status().input!.resyncs === 1);
    await until(() => audio.frames >= 1.5 * SAMPLE_RATE);
    expect(host.status().input).toMatchObject({
      resyncs: 1,
      queueGrowths: 0,
      queueSamples: 80 + CUSHION,
    });
    await host.dispose();
  });

  it("keeps a pinned queue after an underrun, and moves to a new setting while playing", async () => {
    const audio = audioThread(sine, 8);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    const info = await host.load(livePatch);
    await host.start(audio.output, { input: audio.capture, liveQueue: 0.05 });
    await until(() => audio.frames >= SAMPLE_RATE);
    const expected = host.status().input!.delaySamples;
    expect(host.status().input).toMatchObject({ queueSamples: 800, queuePinned: true });
    expect(expected).toBe(BLOCK + 800 + info.latencySamples);
    for (const d of await probe(audio)) expect(Math.abs(d - expected)).toBeLessThanOrEqual(128);

    for (let k = 0; k < 40; k++) audio.quantum();
    expect(ringStats(audio.output).underruns).toBeGreaterThan(0);
    for (const d of await probe(audio)) expect(Math.abs(d - expected)).toBeLessThanOrEqual(128);
    expect(host.status().input).toMatchObject({ resyncs: 1, queueGrowths: 0, queueSamples: 800 });

    // Shorter while playing: the input the output queue already covers is skipped.
    host.setLiveQueue(0.01);
    const underruns = ringStats(audio.output).underruns;
    await until(() => host.status().input!.queueSamples === 160);
    const shorter = host.status().input!.delaySamples;
    expect(shorter).toBe(BLOCK + 160 + info.latencySamples);
    for (const d of await probe(audio)) expect(Math.abs(d - shorter)).toBeLessThanOrEqual(128);
    // Back to adaptive: it starts low again.
    host.setLiveQueue("adaptive");
    for (const d of await probe(audio))
      expect(Math.abs(d - (BLOCK + 80 + info.latencySamples))).toBeLessThanOrEqual(128);
    expect(ringStats(audio.output).underruns).toBe(underruns);
    expect(() => host.setLiveQueue(-1)).toThrow(/"adaptive" or seconds in \[0, 1\], got -1/);
    await host.dispose();
  });
});

describe("splice", () => {
  it("takes frames out of a block without a step: the first frames crossfade to the later sound", () => {
    const played = Float32Array.from({ length: 512 }, (_, i) => sine(i));
    const block = Float32Array.from({ length: 512 }, (_, i) => sine(512 + i));
    const [out] = splice([block], 100, 48);
    expect(out!.length).toBe(412);
    expect(Array.from(out!.subarray(48))).toEqual(Array.from(block.subarray(148)));
    const joined = (b: Float32Array) => Float32Array.from([...played, ...b]);
    const steady = largestStep(joined(block));
    expect(largestStep(joined(out!))).toBeLessThanOrEqual(1.2 * steady);
    expect(largestStep(joined(block.slice(100)))).toBeGreaterThan(2 * steady); // a plain cut steps
  });
});
