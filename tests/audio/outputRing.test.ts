import { describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import { createOutputRing, OutputRingWriter } from "../../src/audio/outputRing";
import { nextMessage, startTsWorker } from "./threads";

describe("output ring", () => {
  it("carries every frame once and in order between two threads running at once", async () => {
    const ring = createOutputRing({ sampleRate: 16000, channels: 2, seconds: 0.05 });
    const total = 200_000;
    const worker = startTsWorker(new URL("./ringProducer.worker.ts", import.meta.url), {
      ring,
      total,
    });
    const done = nextMessage<{ written: number; spins: number }>(worker);
    const reader = new RingBuffer(ring.audio, Float32Array);
    const buf = new Float32Array(128 * 2);
    let expected = 0;
    let problems = 0;
    let emptyPolls = 0;
    const deadline = Date.now() + 20_000;
    while (expected < total && Date.now() < deadline) {
      const got = reader.pop(buf, buf.length);
      if (got === 0) {
        emptyPolls++;
        if (emptyPolls % 1000 === 0) await new Promise((r) => setImmediate(r));
        continue;
      }
      expect(got % 2).toBe(0); // whole frames only
      for (let i = 0; i < got; i += 2) {
        if (buf[i] !== expected || buf[i + 1] !== -expected - 0.5) problems++;
        expected++;
      }
    }
    const result = await done;
    await worker.terminate();
    expect(problems).toBe(0);
    expect(expected).toBe(total);
    expect(result.written).toBe(total);
    expect(reader.availableRead()).toBe(0); // nothing duplicated or left over
    // The ring (800 frames) is far smaller than the stream: both threads really ran together.
    expect(result.spins + emptyPolls).toBeGreaterThan(0);
  });

  it("sizes the ring from the sample rate", () => {
    const at48k = createOutputRing({ sampleRate: 48000, seconds: 0.25 });
    const writer = new OutputRingWriter(at48k);
    expect(writer.writableFrames()).toBe(12000);
    expect(new OutputRingWriter(createOutputRing({ sampleRate: 16000 })).writableFrames()).toBe(
      4000,
    );
  });

  it("copies a mono block to every channel and writes only what fits", () => {
    const ring = createOutputRing({ sampleRate: 1000, channels: 2, seconds: 0.01 });
    const writer = new OutputRingWriter(ring);
    const mono = Float32Array.from({ length: 15 }, (_, i) => i + 1);
    expect(writer.write([mono])).toBe(10);
    expect(writer.write([mono], 10)).toBe(0);
    expect(writer.bufferedFrames()).toBe(10);
    const out = new Float32Array(20);
    new RingBuffer(ring.audio, Float32Array).pop(out, 20);
    expect([...out.subarray(0, 6)]).toEqual([1, 1, 2, 2, 3, 3]);
  });
});
