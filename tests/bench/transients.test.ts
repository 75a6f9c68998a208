/**
 * The transient measure of bench/transients (issue 19) on a synthetic drum track whose onsets are
 * known: decaying noise bursts and tonal "kicks" of varied levels over a quiet noise floor. The
 * detector finds every hit within a millisecond and nothing else; an identical copy scores zero,
 * a copy 6 dB down scores its 6 dB, sound copied ahead of the hits shows as pre-echo, a late copy
 * as an onset shift, and the paired comparison finds a shift between two systems.
 */
import { describe, expect, it } from "vitest";
import {
  detectOnsets,
  median,
  onsetShift,
  pairedDifference,
  transientErrors,
} from "../../bench/transients/onsets";

const SR = 44100;

/** A seeded uniform generator in [−1, 1). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

/** 3 s of hits at irregular known times; every third one a decaying 60 Hz tone, the rest noise. */
function drumTrack(): { x: Float32Array; onsets: number[] } {
  const x = new Float32Array(3 * SR);
  const r = noise(7);
  for (let i = 0; i < x.length; i++) x[i] = 0.0005 * r();
  const onsets: number[] = [];
  let t = 0.1;
  for (let k = 0; t < 2.9; k++) {
    const at = Math.round(t * SR);
    onsets.push(at);
    const level = 0.2 + 0.7 * ((k * 0.37) % 1);
    for (let n = 0; at + n < x.length && n < 0.2 * SR; n++) {
      const decay = Math.exp(-n / (0.03 * SR));
      x[at + n]! +=
        k % 3 === 0
          ? level * decay * Math.sin((2 * Math.PI * 60 * n) / SR + 1)
          : level * decay * r();
    }
    t += 0.09 + 0.11 * ((k * 0.61) % 1);
  }
  return { x, onsets };
}

describe("the onset detector", () => {
  const { x, onsets } = drumTrack();

  it("finds every hit within 1 ms, and no other", () => {
    const found = detectOnsets(x, SR);
    expect(found).toHaveLength(onsets.length);
    found.forEach((o, i) => expect(Math.abs(o - onsets[i]!)).toBeLessThanOrEqual(0.001 * SR));
  });

  it("finds nothing in silence or a steady tone", () => {
    expect(detectOnsets(new Float32Array(SR), SR)).toEqual([]);
    const tone = new Float32Array(SR).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / SR));
    expect(detectOnsets(tone, SR).length).toBeLessThanOrEqual(1); // at most its start
  });

  it("finds nothing in a clip shorter than its STFT, and refuses NaN naming the sample", () => {
    expect(detectOnsets(new Float32Array(100).fill(0.5), SR)).toEqual([]);
    const broken = x.slice(0, SR);
    broken[1234] = NaN;
    expect(() => detectOnsets(broken, SR)).toThrow(
      "detectOnsets: sample 1234 is NaN; expected finite audio",
    );
  });

  it("follows a shifted copy", () => {
    const late = new Float32Array(x.length);
    late.set(x.subarray(0, x.length - 441), 441);
    const found = detectOnsets(late, SR);
    expect(found).toHaveLength(onsets.length);
    found.forEach((o, i) => expect(Math.abs(o - onsets[i]! - 441)).toBeLessThanOrEqual(44));
  });
});

describe("the window errors", () => {
  const { x, onsets } = drumTrack();

  it("are zero for an identical copy", () => {
    const errs = transientErrors(x, x.slice(), onsets, SR);
    expect(errs).toHaveLength(onsets.length);
    for (const e of errs) {
      expect(e.envelopeDb).toBe(0);
      expect(e.attackDb).toBe(0);
      expect(e.preEchoDb).toBe(0);
      expect(e.mrstft).toBe(0);
    }
    const found = detectOnsets(x, SR);
    expect(onsetShift(found, found, 441)).toEqual({ median: 0, matched: 1 });
  });

  it("read a copy 6 dB down as 6 dB off, its attack 6 dB soft", () => {
    const soft = x.map((v) => v / 2);
    const errs = transientErrors(x, soft, onsets, SR);
    expect(median(errs.map((e) => e.envelopeDb))).toBeGreaterThan(5.5);
    expect(median(errs.map((e) => e.envelopeDb))).toBeLessThan(6.1);
    for (const e of errs) expect(e.attackDb).toBeCloseTo(-6.02, 1);
    expect(median(errs.map((e) => e.mrstft))).toBeGreaterThan(0.5);
  });

  it("show sound copied ahead of the hits as pre-echo, and a late copy as a shift", () => {
    const smeared = x.slice();
    const ahead = Math.round(0.01 * SR);
    for (let n = 0; n + ahead < x.length; n++) smeared[n]! += 0.5 * x[n + ahead]!;
    const errs = transientErrors(x, smeared, onsets, SR);
    expect(median(errs.map((e) => e.preEchoDb))).toBeGreaterThan(10);
    expect(median(errs.map((e) => e.attackDb))).toBeLessThan(3);
    const late = new Float32Array(x.length);
    late.set(x.subarray(0, x.length - 100), 100);
    const shift = onsetShift(detectOnsets(x, SR), detectOnsets(late, SR), 441);
    expect(shift.matched).toBe(1);
    expect(Math.abs(shift.median - 100)).toBeLessThanOrEqual(5);
    expect(onsetShift(detectOnsets(x, SR), [], 441).matched).toBe(0);
  });

  it("skip onsets whose windows run off either end", () => {
    const errs = transientErrors(x, x, [10, onsets[1]!, x.length - 100], SR);
    expect(errs.map((e) => e.onset)).toEqual([onsets[1]]);
  });
});

describe("the paired comparison", () => {
  it("finds a constant shift exactly, and a zero-median noise inside its interval", () => {
    const a = Array.from({ length: 101 }, (_, i) => Math.sin(i));
    const shifted = pairedDifference(
      a,
      a.map((v) => v + 1),
    );
    expect(shifted).toEqual({ median: 1, low: 1, high: 1, aboveShare: 1 });
    const r = noise(3);
    const d = Array.from({ length: 201 }, () => r());
    const m = median(d);
    const noisy = pairedDifference(
      a.concat(a).slice(0, 201),
      a
        .concat(a)
        .slice(0, 201)
        .map((v, k) => v + d[k]! - m),
    );
    expect(noisy.median).toBeCloseTo(0, 9);
    expect(noisy.low).toBeLessThan(0);
    expect(noisy.high).toBeGreaterThan(0);
    expect(noisy.high - noisy.low).toBeLessThan(0.5);
  });
});
