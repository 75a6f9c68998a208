/**
 * A file playing with the queue that follows the Buffer setting (`aheadSeconds: "buffer"`): the
 * output worklet wakes the worker when the queue is played down to its depth, which is adaptive
 * like the live queue. On the virtual audio thread of `virtualAudio.ts`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createOutputRing, OutputRingWriter, ringStats } from "../../src/audio/outputRing";
import { EngineHost } from "../../src/engine/worker/engineHost";
import { FilePace } from "../../src/engine/worker/filePace";
import { START_CUSHION_SECONDS } from "../../src/engine/worker/livePath";
import { Control } from "../../src/audio/outputRing";
import { serializePatch } from "../../src/engine/patch/serialize";
import { rms } from "../helpers/engine";
import { sweepPatch, testEngineOptions } from "./helpers";
import { audioThread, loadProcessors, SAMPLE_RATE, until } from "./virtualAudio";

beforeAll(loadProcessors);

const CUSHION = START_CUSHION_SECONDS * SAMPLE_RATE;
/** The adaptive start at 16 kHz with no render burst: 5 ms. */
const START = 80;
const silence = () => 0;

/** The first frame from `from` on after which the level stays under a tenth of `ref`. */
function heardAt(x: Float32Array, from: number, ref: number): number {
  const w = 64;
  let at = -1;
  for (let i = from; i + w <= x.length; i += w) {
    const quiet = rms(x.subarray(i, i + w)) < ref / 10;
    if (quiet && at < 0) at = i;
    if (!quiet) at = -1;
  }
  return at;
}

/** Plays a 6 s sine patch from t = 0 with `aheadSeconds`, cuts the gain 40 dB at 4 s. */
async function gainCut(aheadSeconds: number | "buffer") {
  const audio = audioThread(silence, 5);
  const host = new EngineHost(testEngineOptions(), {}, audio.clock);
  await host.load(serializePatch(sweepPatch(6)));
  await host.start(audio.output, { blockFrames: 1, aheadSeconds });
  await until(() => audio.frames >= 1.5 * SAMPLE_RATE);
  const early = host.status();
  await until(() => audio.frames >= 4 * SAMPLE_RATE);
  const steady = host.status();
  const edit = audio.frames;
  host.setParam("out", "gain", -40);
  await until(() => audio.frames >= 4.5 * SAMPLE_RATE);
  const ref = rms(audio.played.subarray(edit - 4000, edit));
  const heard = heardAt(audio.played, edit, ref) - edit;
  const underruns = ringStats(audio.output).underruns;
  await host.dispose();
  return { early, steady, heard, ref, underruns };
}

describe("a file's queue that follows the Buffer setting", () => {
  it("holds a cushion while it settles, then keeps a few ms: an edit is heard sooner than with 50 ms queued", async () => {
    const buffer = await gainCut("buffer");
    const fixed = await gainCut(0.05);
    console.log("file pace:", {
      heardBuffer: buffer.heard,
      heardFixed: fixed.heard,
      early: buffer.early.fileQueue,
      steady: buffer.steady.fileQueue,
    });
    expect(buffer.ref).toBeGreaterThan(1e-3);
    expect(buffer.underruns).toBe(0);
    expect(buffer.early.fileQueue).toMatchObject({ samples: START + CUSHION, pinned: false });
    // After the cushion: past the worst dip measured meanwhile (under a quantum here, where the
    // virtual worker renders in no time) plus a 5 ms step.
    const depth = buffer.steady.fileQueue!.samples;
    expect(depth).toBeGreaterThan(START);
    expect(depth).toBeLessThanOrEqual(START + 128 + 80);
    expect(buffer.steady.fileQueue).toMatchObject({ growths: 0 });
    expect(buffer.steady.bufferedFrames).toBeLessThanOrEqual(depth + 128);
    expect(fixed.steady.fileQueue).toBeUndefined();
    // Heard after the queue, at most one block (128) and the 10 ms crossfade's first half.
    expect(buffer.heard).toBeGreaterThan(0);
    expect(buffer.heard).toBeLessThanOrEqual(depth + 128 + 80 + 64);
    expect(fixed.heard).toBeGreaterThanOrEqual(0.05 * SAMPLE_RATE);
  });

  it("grows after an underrun once settled, and follows a pinned setting", async () => {
    const audio = audioThread(silence, 6);
    const host = new EngineHost(testEngineOptions(), {}, audio.clock);
    await host.load(serializePatch(sweepPatch(8)));
    await host.start(audio.output, { blockFrames: 1, aheadSeconds: "buffer" });
    await until(() => audio.frames >= 3.5 * SAMPLE_RATE);
    const depth = host.status().fileQueue!.samples;
    for (let k = 0; k < 10; k++) audio.quantum(); // a stall of the worker
    expect(ringStats(audio.output).underruns).toBeGreaterThan(0);
    const missing = ringStats(audio.output).missingFrames;
    await until(() => host.status().fileQueue!.growths === 1);
    expect(host.status().fileQueue!.samples).toBe(depth + Math.min(320, missing) + 80);
    const underruns = ringStats(audio.output).underruns;
    await until(() => audio.frames >= 4.5 * SAMPLE_RATE);
    expect(ringStats(audio.output).underruns).toBe(underruns);

    host.setLiveQueue(0.03);
    await until(() => audio.frames >= 5 * SAMPLE_RATE);
    expect(host.status().fileQueue).toMatchObject({ samples: 480, pinned: true });
    expect(host.status().bufferedFrames).toBeGreaterThanOrEqual(480 - 128);
    expect(ringStats(audio.output).underruns).toBe(underruns);
    await host.dispose();
  });
});

describe("FilePace", () => {
  const ring = () => createOutputRing({ sampleRate: 44100, channels: 1 });
  const set = (r: ReturnType<typeof ring>, played: number, underruns = 0, missing = 0) => {
    const c = new Int32Array(r.control);
    Atomics.store(c, Control.framesPlayed, played);
    Atomics.store(c, Control.underruns, underruns);
    Atomics.store(c, Control.missingFrames, missing);
  };

  it("starts past the render burst with a cushion, drops it after 3 s, grows and gives back", () => {
    const r = ring();
    const pace = new FilePace("adaptive", 44100, 10_000, 441);
    const start = Math.ceil(0.005 * 44100) + 441 - 128;
    set(r, 1000);
    expect(pace.target(r, false)).toBe(start + Math.round(0.04 * 44100));
    // An underrun while young restarts nothing and grows nothing.
    set(r, 1000 + 44100, 1, 200);
    expect(pace.target(r, false)).toBe(start + Math.round(0.04 * 44100));
    set(r, 1000 + 3 * 44100, 1, 200);
    expect(pace.target(r, false)).toBe(start);
    // Settled: an underrun grows it by its silence plus a 5 ms step; a load's does not.
    set(r, 1000 + 4 * 44100, 2, 300);
    expect(pace.target(r, false)).toBe(start + 100 + 221);
    set(r, 1000 + 5 * 44100, 3, 400);
    expect(pace.target(r, true)).toBe(start + 100 + 221);
    // 15 s calm: a step back.
    set(r, 1000 + 21 * 44100, 3, 400);
    expect(pace.target(r, false)).toBe(start + 100);
    expect(pace.status()).toEqual({ samples: start + 100, pinned: false, growths: 1, shrinks: 1 });
  });

  it("starts, once settled, past the second-worst dip under the depth measured during the cushion", () => {
    const r = ring();
    const pace = new FilePace("adaptive", 44100, 10_000, 0);
    set(r, 0);
    const cushioned = pace.target(r, false);
    pace.landed(r, cushioned - 5000, false); // the first second is left out
    for (let k = 0; k < 40; k++) {
      set(r, 44100 + k * 1024);
      pace.landed(r, cushioned - [300, 900, 700][k % 3]!, false);
    }
    set(r, 44100 + 41 * 1024);
    pace.landed(r, 0, true); // a dip while a patch loads is not the machine's
    pace.landed(r, cushioned - 1200, false); // the worst, once: left out
    set(r, 3 * 44100);
    expect(pace.target(r, false)).toBe(900 + 221);
    expect(pace.status()).toMatchObject({ growths: 0, samples: 900 + 221 });
    // Its floor: a calm spell gives nothing back below it.
    set(r, 20 * 44100);
    expect(pace.target(r, false)).toBe(900 + 221);
  });

  it("keeps a pinned depth, with no cushion", () => {
    const r = ring();
    const pace = new FilePace(0.02, 44100, 10_000, 441);
    set(r, 0);
    expect(pace.target(r, false)).toBe(882);
    set(r, 4 * 44100, 1, 500);
    expect(pace.target(r, false)).toBe(882);
    expect(pace.status()).toMatchObject({ pinned: true, growths: 0 });
    // A pinned Buffer shorter than 20 ms (fine for live input) keeps a file's queue at 20 ms.
    pace.setQueue(0.005);
    expect(pace.target(r, false)).toBe(882);
  });
});

describe("OutputRingWriter.waitBelow", () => {
  it("is woken by the output worklet in the quantum that plays the queue down to the depth", async () => {
    const audio = audioThread(silence, 1);
    const writer = new OutputRingWriter(audio.output);
    writer.write([new Float32Array(10 * 128).fill(0.1)]);
    let woken = false;
    const waiting = writer.waitBelow(256, 10_000).then(() => (woken = true));
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    for (let k = 0; k < 8; k++) audio.quantum();
    await tick();
    expect(woken).toBe(false); // 256 frames left: not below 256 yet
    audio.quantum();
    await waiting;
    expect(writer.bufferedFrames()).toBe(128);
  });
});
