import { describe, expect, it } from "vitest";
import { resample } from "../../src/dsp/resample";
import { StreamResampler } from "../../src/dsp/streamResampler";
import { noise, prng, sine } from "./signals";

/** Streams `x` through a resampler in chunks of the sizes `rand` picks, then flushes. */
function streamed(x: Float32Array, from: number, to: number, rand: () => number): Float32Array {
  const r = new StreamResampler(from, to);
  const parts: Float32Array[] = [];
  for (let at = 0; at < x.length;) {
    const size = Math.min(x.length - at, 1 + Math.floor(rand() * 700));
    parts.push(r.push(x.subarray(at, at + size)));
    at += size;
  }
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("StreamResampler", () => {
  for (const [from, to] of [
    [48000, 44100],
    [44100, 48000],
    [22050, 44100],
    [96000, 44100],
  ] as const) {
    it(`equals the one-shot resample for any chunking, ${from} → ${to}`, () => {
      const x = noise(from / 2 + 37, 7, 0.5);
      const whole = resample(x, from, to);
      for (const seed of [1, 2, 3]) {
        const y = streamed(x, from, to, prng(seed));
        expect(y).toHaveLength(whole.length);
        expect(maxDiff(y, whole)).toBeLessThan(1e-6);
      }
    });
  }

  it("returns each sample as soon as its kernel is complete: at most the latency behind", () => {
    const r = new StreamResampler(48000, 44100);
    const chunk = sine(440, 48000, 128, 0.5);
    let inputs = 0;
    let outputs = 0;
    for (let b = 0; b < 100; b++) {
      inputs += chunk.length;
      outputs += r.push(chunk).length;
      const owed = Math.floor((inputs * 44100) / 48000);
      // What is still owed is the latency's worth (plus one sample of rounding), never more.
      expect(owed - outputs).toBeLessThanOrEqual(Math.ceil(r.latencySeconds * 44100) + 1);
      expect(owed - outputs).toBeGreaterThan(0);
    }
    expect(r.latencySeconds).toBeGreaterThan(0);
    expect(r.latencySeconds).toBeLessThan(0.002);
  });

  it("passes equal rates through unchanged, with no delay", () => {
    const r = new StreamResampler(44100, 44100);
    const x = noise(300, 3);
    expect([...r.push(x)]).toEqual([...x]);
    expect(r.flush()).toHaveLength(0);
    expect(r.latencySeconds).toBe(0);
  });

  it("starts a new stream after reset", () => {
    const r = new StreamResampler(48000, 44100);
    const x = noise(4800, 9, 0.3);
    r.push(noise(1000, 1));
    r.reset();
    const y = new Float32Array([...r.push(x), ...r.flush()]);
    expect(maxDiff(y, resample(x, 48000, 44100))).toBeLessThan(1e-6);
  });

  it("refuses a rate that is not a positive number of Hz", () => {
    expect(() => new StreamResampler(0, 44100)).toThrow(
      "StreamResampler: fromRate must be a positive number of Hz, got 0",
    );
    expect(() => new StreamResampler(48000, NaN)).toThrow(/toRate .* got NaN/);
  });
});
