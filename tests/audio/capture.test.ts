import { beforeAll, describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import {
  atomicsWaitAsync,
  CaptureControl,
  CaptureControls,
  CaptureRingReader,
  captureStats,
  createCaptureRing,
  reachedWakeAt,
} from "../../src/audio/captureRing";
import type { CaptureProcessor as CaptureProcessorType } from "../../src/audio/captureProcessor";
import { nextMessage, startTsWorker } from "./threads";

const SAMPLE_RATE = 16000;
const registered = new Map<string, unknown>();
const scope = globalThis as unknown as { currentFrame: number };
let CaptureProcessor: typeof CaptureProcessorType;
let probeClick: (rate: number) => Float32Array;

// A fake AudioWorkletGlobalScope: the globals the processor module reads.
beforeAll(async () => {
  Object.assign(globalThis, {
    sampleRate: SAMPLE_RATE,
    currentFrame: 0,
    AudioWorkletProcessor: class {
      readonly port = {};
    },
    registerProcessor: (name: string, ctor: unknown) => registered.set(name, ctor),
  });
  ({ CaptureProcessor, probeClick } = await import("../../src/audio/captureProcessor"));
});

function setup(seconds = 0.5) {
  const ring = createCaptureRing({ sampleRate: SAMPLE_RATE, seconds });
  const proc = new CaptureProcessor({ processorOptions: ring });
  const out = [[new Float32Array(128)]];
  let frame = 0;
  /** One render quantum with `channels` on the mic input and `tap` on the probe input. */
  const run = (channels: Float32Array[], tap?: Float32Array) => {
    scope.currentFrame = frame;
    proc.process([channels, tap ? [tap] : []], out);
    frame += 128;
  };
  return {
    ring,
    proc,
    run,
    reader: new CaptureRingReader(ring),
    controls: new CaptureControls(ring),
  };
}

describe("capture ring", () => {
  it("carries every frame once and in order to a reader on another thread", async () => {
    const { ring, run } = setup(0.05);
    const total = 128 * 800;
    const worker = startTsWorker(new URL("./captureConsumer.worker.ts", import.meta.url), {
      ring,
      total,
    });
    const done = nextMessage<{ read: number; problems: number; emptyPolls: number }>(worker);
    const mic = new Float32Array(128);
    let next = 0;
    const raw = new RingBuffer(ring.audio, Float32Array);
    const deadline = Date.now() + 20_000;
    while (next < total && Date.now() < deadline) {
      if (raw.availableWrite() < 128) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      for (let i = 0; i < 128; i++) mic[i] = next + i;
      run([mic]);
      next += 128;
    }
    const result = await done;
    await worker.terminate();
    expect(result.problems).toBe(0);
    expect(result.read).toBe(total);
    expect(captureStats(ring).droppedFrames).toBe(0);
  });

  // Two real threads on a shared 2-core machine: a stray scheduling stall can fail one run (seen
  // once in CI on 2026-12-06 after passing in the run before); a broken wake fails every try.
  it(
    "wakes a reader on another thread in the quantum that completes its block (Atomics.notify)",
    { retry: 2 },
    async () => {
      const { ring, run } = setup(0.5);
      const block = 1000; // not a whole number of quanta: the block completes inside one
      const total = 60 * block;
      const progress = new SharedArrayBuffer(4);
      const read = new Int32Array(progress);
      const control = new Int32Array(ring.control);
      const worker = startTsWorker(new URL("./captureWaiter.worker.ts", import.meta.url), {
        ring,
        progress,
        block,
        total,
      });
      const done = nextMessage<{
        read: number;
        problems: number;
        outcomes: { ok: number; "not-equal": number; "timed-out": number };
        notifiedWakes: number;
        worstPast: number;
      }>(worker);
      /** Until the reader has read past `frames` (it reports each block it reads). */
      const readerPast = async (frames: number) => {
        for (let r = Atomics.load(read, 0); r <= frames; r = Atomics.load(read, 0)) {
          await atomicsWaitAsync(read, 0, r, 3000);
        }
      };
      const mic = new Float32Array(128);
      let crossings = 0;
      for (let next = 0; next < total; next += 128) {
        // In step with the reader: once a whole block waits, no more audio until it is read. The
        // reader so always waits for its next block, and a wake later than the quantum that
        // completed it would show in the count it finds.
        const read0 = Atomics.load(read, 0);
        if (next - read0 >= block) await readerPast(read0);
        for (let i = 0; i < 128; i++) mic[i] = next + i;
        const before = Atomics.load(control, CaptureControl.framesCaptured);
        run([mic]);
        if (reachedWakeAt(before, before + 128, Atomics.load(control, CaptureControl.wakeAt)))
          crossings++;
      }
      const result = await done;
      await worker.terminate();
      expect(result.problems).toBe(0);
      expect(result.read).toBe(total);
      expect(result.outcomes["timed-out"]).toBe(0);
      // Woken by notifies (a wait can also end at once, when a quantum came between the count's
      // load and the wait), and never by the timeout: every block's quantum notified.
      expect(crossings).toBeGreaterThan(0);
      expect(result.notifiedWakes).toBeGreaterThan(0);
      // A notified wake found the count within the quantum that crossed it.
      expect(result.worstPast).toBeGreaterThanOrEqual(0);
      expect(result.worstPast).toBeLessThan(128);
      expect(captureStats(ring).droppedFrames).toBe(0);
    },
  );

  it("notifies only the quantum that reaches the waited-for count, wrapping like Int32", () => {
    expect(reachedWakeAt(0, 128, 100)).toBe(true);
    expect(reachedWakeAt(0, 128, 128)).toBe(true);
    expect(reachedWakeAt(128, 256, 100)).toBe(false); // already past: notified before
    expect(reachedWakeAt(0, 128, 129)).toBe(false);
    expect(reachedWakeAt(2 ** 31 - 64, 2 ** 31 + 64, -(2 ** 31) + 10)).toBe(true);
    expect(reachedWakeAt(0, 128, 0)).toBe(false); // nobody has asked yet
  });

  it("mixes the input to mono, keeps the peak for the meter, and plays silence with no input", () => {
    const { run, reader, controls } = setup();
    const left = new Float32Array(128).fill(0.5);
    const right = new Float32Array(128).fill(-0.1);
    right[7] = -0.9;
    run([left, right]);
    run([]);
    const got = new Float32Array(256);
    expect(reader.read(got)).toBe(256);
    expect(got[0]).toBeCloseTo(0.2, 6);
    expect(got[7]).toBeCloseTo(-0.2, 6);
    expect(got.subarray(128).every((v) => v === 0)).toBe(true);
    expect(controls.takePeak()).toBeCloseTo(0.2, 5);
    expect(controls.takePeak()).toBe(0); // taking it resets it
  });

  it("counts frames lost to a full ring instead of blocking or overwriting", () => {
    const { ring, run, reader } = setup(0.02); // 320 frames
    const x = new Float32Array(128).fill(0.25);
    for (let k = 0; k < 4; k++) run([x]);
    expect(captureStats(ring)).toEqual({ droppedFrames: 4 * 128 - 320, framesCaptured: 512 });
    expect(reader.availableFrames()).toBe(320);
    expect(reader.discard()).toBe(320);
    expect(reader.availableFrames()).toBe(0);
  });

  it("probe: replaces the input with a click each period and measures the echo's delay", () => {
    const { run, reader, controls } = setup(2);
    const period = 4000;
    const delay = 1234;
    const click = probeClick(SAMPLE_RATE);
    const centre = click.length >> 1;
    const mic = new Float32Array(128).fill(0.3);
    run([mic]); // the probe starts on a later quantum
    reader.discard();
    controls.setProbe(period);
    // A perfect loop: the tap is the probe's own signal, `delay` frames later.
    const sent: number[] = [];
    const tap = new Float32Array(128);
    for (let q = 0; q < 140; q++) {
      for (let i = 0; i < 128; i++) tap[i] = sent[q * 128 + i - delay] ?? 0;
      const before = reader.availableFrames();
      run([mic], tap);
      const got = new Float32Array(reader.availableFrames() - before);
      reader.read(got);
      sent.push(...got);
    }
    // One silent period first (the real input's echo dies away), then a click per period.
    expect(sent.slice(0, period).every((v) => v === 0)).toBe(true);
    expect(sent.slice(period, period + click.length)).toEqual([...click]);
    expect(Math.max(...sent.slice(period + click.length, 2 * period).map(Math.abs))).toBe(0);
    const results = controls.probeResults();
    expect(results.length).toBeGreaterThanOrEqual(3);
    // The loudest echo sample is the click's peak, within a cycle of its centre.
    const peakAt = click.reduce((b, v, i) => (Math.abs(v) > Math.abs(click[b]!) ? i : b), 0);
    for (const r of results) expect(r).toBe(delay + peakAt - centre);
    controls.setProbe(0);
    run([mic]);
    const after = new Float32Array(128);
    reader.read(after);
    expect(after[5]).toBeCloseTo(0.3, 6); // the input passes again
  });

  it("reports a click with no echo as -1", () => {
    const { run, controls } = setup(2);
    controls.setProbe(1000);
    for (let q = 0; q < 40; q++) run([new Float32Array(128)], new Float32Array(128));
    expect(controls.probeResults().length).toBeGreaterThan(2);
    expect(controls.probeResults().every((r) => r === -1)).toBe(true);
  });

  it("allocates nothing in process()", () => {
    const { run, controls } = setup();
    const mic = [new Float32Array(128).fill(0.1), new Float32Array(128)];
    controls.setProbe(500);
    run(mic, new Float32Array(128)); // warm up
    const saved = { Float32Array, Float64Array, Int32Array, ArrayBuffer, SharedArrayBuffer };
    let made = 0;
    const counting = <T extends object>(ctor: T): T =>
      new Proxy(ctor as unknown as new (...a: unknown[]) => object, {
        construct(target, args: unknown[]) {
          made++;
          return new target(...args);
        },
      }) as unknown as T;
    Object.assign(
      globalThis,
      Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, counting(v)])),
    );
    try {
      for (let q = 0; q < 200; q++) run(mic, mic[0]); // includes a full ring and probe reports
    } finally {
      Object.assign(globalThis, saved);
    }
    expect(made).toBe(0);
  });

  it("registers under its name and refuses a ring made for another rate", () => {
    expect(registered.get("latent-patcher-capture")).toBe(CaptureProcessor);
    const ring = createCaptureRing({ sampleRate: 48000 });
    expect(() => new CaptureProcessor({ processorOptions: ring })).toThrow(/48000 Hz.*16000 Hz/);
    expect(() => createCaptureRing({ sampleRate: 0 })).toThrow(/positive number of Hz, got 0/);
  });
});
