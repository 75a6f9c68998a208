import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MaxHeap } from "../../src/dsp/max-heap";
import { RadixOrder } from "../../src/dsp/radix-order";
import { RankQueue } from "../../src/dsp/rank-queue";
import { RtpghiPhase } from "../../src/dsp/phase-gradient";
import { RealFft } from "../../src/dsp/fft";
import { SpectralSynth } from "../../src/dsp/rtpghi";
import { stftMagnitudes } from "../../src/dsp/stft";
import { decodeWav } from "../../src/dsp/wav";
import { LegacyMaxHeap, LegacyRtpghiPhase, LegacySpectralSynth } from "./legacySynth";
import { noise, prng } from "./signals";

// The optimised synthesis must reproduce the one it replaced (tests/dsp/legacySynth.ts):
// RTPGHI phases bit for bit, samples within 1e-5 (only the inverse FFT is reordered).
const cfg = { fftSize: 1024, hop: 256 };
const BINS = cfg.fftSize / 2 + 1;

function recording(name: string): Float32Array[] {
  const bytes = readFileSync(new URL(`../../assets/audio/${name}`, import.meta.url));
  const audio = decodeWav(new Uint8Array(bytes), name);
  expect(audio.sampleRate).toBe(44100);
  return stftMagnitudes(audio.channels[0]!, cfg);
}

const piano = recording("piano.wav");
const guitar = recording("guitar.wav");

function pushInBlocks(frames: readonly Float32Array[], blocks: readonly number[]): Float32Array {
  const synth = new SpectralSynth(cfg);
  const out = new Float32Array(frames.length * cfg.hop);
  for (let f = 0, b = 0; f < frames.length; b++) {
    const part = frames.slice(f, f + (blocks[b % blocks.length] ?? 1));
    out.set(synth.push(part), f * cfg.hop);
    f += part.length;
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a).toHaveLength(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return d;
}

/** Index of the first frame whose phases differ from the legacy ones (NaN = NaN), or -1. */
function firstPhaseMismatch(frames: readonly Float32Array[]): number {
  const fast = new RtpghiPhase(cfg);
  const legacy = new LegacyRtpghiPhase(cfg);
  return frames.findIndex((mag) => {
    const a = fast.next(mag);
    const b = legacy.next(mag);
    return a.some((p, k) => !Object.is(p, b[k]) && !(p === 0 && b[k] === 0));
  });
}

describe("SpectralSynth against the unoptimised synthesis", () => {
  for (const [name, mags] of [
    ["piano.wav", piano],
    ["guitar.wav", guitar],
  ] as const) {
    it(`matches it within 1e-5 on ${name} for any push-block size`, () => {
      const reference = new LegacySpectralSynth(cfg).push(mags);
      expect(reference.some((v) => Math.abs(v) > 0.01)).toBe(true);
      for (const blocks of [[mags.length], [1], [3, 7, 1, 20], [64]]) {
        expect(maxAbsDiff(pushInBlocks(mags, blocks), reference)).toBeLessThan(1e-5);
      }
    });
  }

  it("gives the same samples from one frame-major array as from an array of frames", () => {
    const frames = piano.slice(100, 160);
    const flat = new Float32Array(frames.length * BINS);
    frames.forEach((m, f) => flat.set(m, f * BINS));
    expect(new SpectralSynth(cfg).pushFrames(flat)).toEqual(new SpectralSynth(cfg).push(frames));
    expect(() => new SpectralSynth(cfg).pushFrames(new Float32Array(BINS + 1))).toThrow(/513-bin/);
  });
});

describe("RtpghiPhase against the unoptimised phase reconstruction", () => {
  it("gives bit-identical phases on real recordings", () => {
    expect(firstPhaseMismatch(piano)).toBe(-1);
    expect(firstPhaseMismatch(guitar)).toBe(-1);
  });

  it("gives bit-identical phases on decoder-like spectra with exact zeros", () => {
    // The decoder clips exp(logmag) − logFloor at 0: many bins are exactly 0.
    expect(firstPhaseMismatch(piano.map((m) => m.map((v) => (v < 0.05 ? 0 : v))))).toBe(-1);
  });

  it("gives bit-identical phases where magnitudes tie (held frames, silence, quantised)", () => {
    const held: Float32Array[] = [];
    piano.forEach((m, i) => {
      if (i % 50 < 6) held.push(new Float32Array(BINS));
      else for (let r = 0; r < 3; r++) held.push(m);
    });
    expect(firstPhaseMismatch(held)).toBe(-1);
    expect(firstPhaseMismatch(guitar.map((m) => m.map((v) => Math.round(v * 4) / 4)))).toBe(-1);
    // Ties across frames between different bins, and within one frame.
    const rand = prng(5);
    const crossed = guitar.map((m, f) => {
      const c = m.slice();
      const prev = guitar[f - 1];
      for (let t = 0; t < 3; t++) {
        const j = Math.floor(rand() * 200);
        if (prev && f % 2 === 0) c[j] = prev[Math.floor(rand() * 200)] ?? 0;
        else c[j] = c[j + 1 + Math.floor(rand() * 5)] ?? 0;
      }
      return c;
    });
    expect(firstPhaseMismatch(crossed)).toBe(-1);
  });

  it("gives bit-identical phases where a bin of the previous frame ties a neighbour's", () => {
    // Frame 2n+1 reaches bin b+1 (10) from its peak at b (30) while bin b+2 of frame 2n,
    // also 10, still waits: which goes first decides how bin b+2 gets its phase.
    const rand = prng(8);
    const frames: Float32Array[] = [];
    for (let n = 0; n < 40; n++) {
      const b = 20 + Math.floor(rand() * 400);
      const before = new Float32Array(BINS).map(() => 0.001 * (1 + rand()));
      const after = new Float32Array(BINS).map(() => 0.001 * (1 + rand()));
      before[b] = 20;
      before[b + 2] = 10;
      after[b] = 30;
      after[b + 1] = 10;
      after[b + 2] = 0.5;
      frames.push(before, after);
    }
    expect(firstPhaseMismatch(frames)).toBe(-1);
  });

  it("gives bit-identical phases with NaN and infinite magnitudes", () => {
    const odd = piano.map((m, f) => {
      const c = m.slice();
      if (f % 7 === 0) c[f % BINS] = NaN;
      if (f % 11 === 0) c[(3 * f) % BINS] = Infinity;
      return c;
    });
    expect(firstPhaseMismatch(odd)).toBe(-1);
  });

  it("restarts identically after reset", () => {
    const phase = new RtpghiPhase(cfg);
    const first = piano.slice(0, 30).map((m) => phase.next(m).slice());
    phase.reset();
    piano.slice(0, 30).forEach((m, f) => expect(phase.next(m)).toEqual(first[f]));
  });
});

describe("MaxHeap", () => {
  it("pops in the textbook heap's order, ties included", () => {
    const rand = prng(11);
    const heap = new MaxHeap(300);
    const textbook = new LegacyMaxHeap(300);
    for (let op = 0; op < 20000; op++) {
      if (heap.size > 0 && (heap.size === 300 || rand() < 0.45)) {
        expect(heap.pop()).toBe(textbook.pop());
      } else {
        const key = Math.floor(rand() * 8); // few distinct keys: many ties
        heap.push(op, key);
        textbook.push(op, key);
      }
      expect(heap.size).toBe(textbook.size);
    }
    expect(new MaxHeap(1).pop()).toBe(-1);
  });
});

describe("RankQueue", () => {
  it("behaves like a sorted set of ranks", () => {
    const rand = prng(3);
    const queue = new RankQueue(1500);
    const model = new Set<number>();
    const smallest = (): number => (model.size ? Math.min(...model) : -1);
    for (let op = 0; op < 5000; op++) {
      const r = Math.floor(rand() * 1500);
      const choice = rand();
      if (choice < 0.5) {
        queue.add(r);
        model.add(r);
      } else if (choice < 0.7 && model.size) {
        const held = [...model][Math.floor(rand() * model.size)] ?? 0;
        queue.remove(held);
        model.delete(held);
      } else {
        expect(queue.peek()).toBe(smallest());
        const taken = queue.take();
        expect(taken).toBe(smallest());
        model.delete(taken);
      }
    }
    queue.clear();
    expect(queue.take()).toBe(-1);
  });
});

describe("RadixOrder", () => {
  it("orders indices by decreasing code, equal codes by increasing index", () => {
    const rand = prng(9);
    const sorter = new RadixOrder(600);
    for (const n of [0, 1, 2, 513, 600]) {
      const codes = new Uint32Array(n).map(() =>
        rand() < 0.3 ? Math.floor(rand() * 4) : Math.floor(rand() * 2 ** 32),
      );
      const order = new Int32Array(n);
      sorter.descending(codes, order);
      const expected = [...codes.keys()].sort((a, b) => (codes[b] ?? 0) - (codes[a] ?? 0) || a - b);
      expect([...order]).toEqual(expected);
    }
    expect(() => sorter.descending(new Uint32Array(601), new Int32Array(601))).toThrow(/601/);
  });

  it("sorts codes crowded under one high half (the bounded fallback) and spread ones alike", () => {
    const rand = prng(21);
    const sorter = new RadixOrder(513);
    const cases = [
      // Distinct codes sharing their high 16 bits: insertion would be quadratic.
      new Uint32Array(513).map(() => 0x3f800000 + Math.floor(rand() * 65536)),
      // A few short runs, as in spectra: finished by insertion.
      new Uint32Array(513).map(() => 0x30000000 + Math.floor(rand() * 2 ** 28)),
      new Uint32Array(513).map((_, i) => 0x40000000 - i),
      new Uint32Array(513).map((_, i) => 0x40000000 + (i % 3)),
    ];
    for (const codes of cases) {
      const order = new Int32Array(513);
      sorter.descending(codes, order);
      const expected = [...codes.keys()].sort((a, b) => codes[b]! - codes[a]! || a - b);
      expect([...order]).toEqual(expected);
    }
  });
});

describe("RealFft.inverse", () => {
  it("is the inverse DFT of the Hermitian spectrum, imaginary DC and Nyquist ignored", () => {
    const rand = prng(1);
    for (const n of [2, 4, 8, 64, 1024]) {
      const m = n / 2 + 1;
      const re = new Float64Array(m).map(() => rand() - 0.5);
      const im = new Float64Array(m).map(() => rand() - 0.5);
      const out = new Float64Array(n);
      new RealFft(n).inverse(re, im, out);
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) {
          const b = k < m ? k : n - k;
          const i = b === 0 || b === n / 2 ? 0 : (k < m ? 1 : -1) * (im[b] ?? 0);
          const t = (2 * Math.PI * k * j) / n;
          sum += (re[b] ?? 0) * Math.cos(t) - i * Math.sin(t);
        }
        expect(Math.abs(sum / n - (out[j] ?? 0))).toBeLessThan(1e-12);
      }
    }
  });

  it("undoes the forward transform", () => {
    const x = noise(512, 4);
    const fft = new RealFft(512);
    const re = new Float64Array(257);
    const im = new Float64Array(257);
    const y = new Float64Array(512);
    fft.forward(x, re, im);
    fft.inverse(re, im, y);
    x.forEach((v, j) => expect(Math.abs(v - (y[j] ?? 0))).toBeLessThan(1e-12));
  });
});
