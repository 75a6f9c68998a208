import { describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import { createCaptureRing } from "../../src/audio/captureRing";
import { LiveFeed } from "../../src/engine/stream/liveFeed";
import { resample } from "../../src/dsp/resample";

const push = (ring: ReturnType<typeof createCaptureRing>, x: Float32Array) =>
  new RingBuffer(ring.audio, Float32Array).push(x);

describe("LiveFeed", () => {
  it("hands out the capture ring block by block at the clock's rate, resampling 48k → 16k", () => {
    const ring = createCaptureRing({ sampleRate: 48000, seconds: 1 });
    const feed = new LiveFeed();
    feed.attach(ring, 16000);
    const x = Float32Array.from({ length: 24000 }, (_, i) => Math.sin(i * 0.01));
    for (let at = 0; at < x.length; at += 128) push(ring, x.subarray(at, at + 128));
    const blocks: number[] = [];
    while (feed.available() >= 512) {
      feed.advance(512);
      blocks.push(...feed.block(512));
    }
    const whole = resample(x, 48000, 16000);
    expect(blocks.length).toBeGreaterThan(7000);
    let worst = 0;
    for (let i = 0; i < blocks.length; i++)
      worst = Math.max(worst, Math.abs(blocks[i]! - whole[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(feed.latencySamples).toBeGreaterThan(0);
    expect(feed.missingSamples).toBe(0);
  });

  it("drops stale input on attach, skips a pile-up to the newest block, answers missing input with silence", () => {
    const ring = createCaptureRing({ sampleRate: 16000 });
    push(ring, new Float32Array(1000).fill(9)); // captured before the stream started
    const feed = new LiveFeed();
    feed.attach(ring, 16000);
    expect(feed.available()).toBe(0);
    push(
      ring,
      Float32Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(feed.skipTo(256)).toBe(744);
    expect(feed.skippedSamples).toBe(744);
    feed.advance(300);
    expect([...feed.block(300).subarray(0, 3)]).toEqual([744, 745, 746]);
    expect(feed.block(300)[256]).toBe(0);
    expect(feed.missingSamples).toBe(44);
    expect(() => feed.block(128)).toThrow(/a block of 128 samples was asked for, but 300/);
  });

  it("plays silence when no input is attached", () => {
    const feed = new LiveFeed();
    feed.attach(undefined, 16000);
    feed.advance(64);
    expect(feed.block(64).every((v) => v === 0)).toBe(true);
    expect(feed.attached).toBe(false);
  });
});
