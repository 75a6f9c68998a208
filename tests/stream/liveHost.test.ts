/**
 * The live path end to end in Node, on a virtual clock: the real capture and output processors
 * run as the audio thread (fake AudioWorkletGlobalScope), advanced by exactly the time the engine
 * host sleeps, so the test is deterministic however slow the machine is.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createOutputRing, ringStats } from "../../src/audio/outputRing";
import { CaptureControls, createCaptureRing } from "../../src/audio/captureRing";
import type { OutputProcessor as OutputProcessorType } from "../../src/audio/outputProcessor";
import type { CaptureProcessor as CaptureProcessorType } from "../../src/audio/captureProcessor";
import { EngineHost, type HostClock } from "../../src/engine/worker/engineHost";
import { serializePatch } from "../../src/engine/patch/serialize";
import { makePatch, rms } from "../helpers/engine";
import { testEngineOptions } from "./helpers";

const SAMPLE_RATE = 16000; // the spectral fixture's clock
const QUANTUM = 128;
let OutputProcessor: typeof OutputProcessorType;
let CaptureProcessor: typeof CaptureProcessorType;
const scope = globalThis as unknown as { currentFrame: number };

beforeAll(async () => {
  Object.assign(globalThis, {
    sampleRate: SAMPLE_RATE,
    currentFrame: 0,
    AudioWorkletProcessor: class {},
    registerProcessor: () => undefined,
  });
  ({ OutputProcessor } = await import("../../src/audio/outputProcessor"));
  ({ CaptureProcessor } = await import("../../src/audio/captureProcessor"));
});

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

/** The audio thread: each quantum the output worklet plays, the capture worklet records the mic and listens to the output. */
function audioThread(input: (frame: number) => number, seconds: number) {
  const output = createOutputRing({ sampleRate: SAMPLE_RATE, channels: 1 });
  const capture = createCaptureRing({ sampleRate: SAMPLE_RATE });
  const out = new OutputProcessor({ processorOptions: output });
  const cap = new CaptureProcessor({ processorOptions: capture });
  const played = new Float32Array(seconds * SAMPLE_RATE + QUANTUM);
  const mic = new Float32Array(QUANTUM);
  const speaker = new Float32Array(QUANTUM);
  const silent = new Float32Array(QUANTUM);
  let frame = 0;
  const quantum = () => {
    scope.currentFrame = frame;
    for (let i = 0; i < QUANTUM; i++) mic[i] = input(frame + i);
    out.process([], [[speaker]]);
    cap.process([[mic], [speaker]], [[silent]]);
    if (frame + QUANTUM <= played.length) played.set(speaker, frame);
    frame += QUANTUM;
  };
  const clock: HostClock = {
    async sleep(ms) {
      const n = Math.max(1, Math.round((ms / 1000) * (SAMPLE_RATE / QUANTUM)));
      for (let k = 0; k < n; k++) quantum();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return {
    output,
    capture,
    controls: new CaptureControls(capture),
    clock,
    played,
    quantum,
    get frames() {
      return frame;
    },
  };
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

const sine = (frame: number) => 0.5 * Math.sin((2 * Math.PI * 440 * frame) / SAMPLE_RATE);

describe("live input through the engine host", () => {
  it("plays the microphone continuously, without underruns, after a fixed delay that the probe measures", async () => {
    const audio = audioThread(sine, 3);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    const info = await host.load(livePatch);
    expect(info.live).toBe(true);
    expect(info.durationSamples).toBe(Infinity);
    await host.start(audio.output, { input: audio.capture });
    await until(() => audio.frames >= 1.5 * SAMPLE_RATE);
    const status = host.status();
    expect(status.error).toBeUndefined();
    const expected = status.input!.delaySamples;
    // Output queue (50 ms + one 4-frame block) plus the codec's own latency.
    expect(expected).toBe(800 + 4 * 128 + info.latencySamples);

    // The sound: silent until the delay, then the codec's sine, no gaps and no underruns.
    const x = audio.played.subarray(expected + 256, Math.floor(1.5 * SAMPLE_RATE));
    expect(rms(x)).toBeGreaterThan(0.003); // the fixture codec plays this sine at about 0.01 RMS
    let run = 0;
    let longest = 0;
    for (const v of x) longest = Math.max(longest, (run = Math.abs(v) < 1e-4 ? run + 1 : 0));
    expect(longest).toBeLessThan(SAMPLE_RATE / 500); // no gap of 2 ms
    expect(ringStats(audio.output).underruns).toBe(0);
    expect(rms(audio.played.subarray(0, expected - 256))).toBeLessThan(1e-6);

    // The probe: clicks replace the input, their echoes come back after the expected delay.
    audio.controls.setProbe(SAMPLE_RATE / 4);
    await until(() => audio.controls.probeResults().length >= 5);
    const delays = audio.controls.probeResults();
    // Within one latent frame: the codec smears a click over its analysis windows.
    for (const d of delays.slice(1)) expect(Math.abs(d - expected)).toBeLessThanOrEqual(128);
    audio.controls.setProbe(0);

    // A stall of the worker (the audio thread runs on alone): the output underruns, then the
    // live path starts over and the delay is what it was.
    for (let k = 0; k < 40; k++) audio.quantum();
    expect(ringStats(audio.output).underruns).toBeGreaterThan(0);
    audio.controls.setProbe(SAMPLE_RATE / 4);
    await until(() => audio.controls.probeResults().length >= 4);
    for (const d of audio.controls.probeResults().slice(1))
      expect(Math.abs(d - expected)).toBeLessThanOrEqual(128);
    expect(host.status().input!.resyncs).toBe(1);
    console.log("live host:", { expected, delays, after: audio.controls.probeResults() });
    await host.dispose();
  });
});
