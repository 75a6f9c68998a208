/**
 * The compiled DSP (src/dsp/wasm/dsp.c through src/dsp/dsp-kernel.ts) against the JavaScript it
 * replaces: RTPGHI's phases bit for bit, on recordings and on frames made to hit every branch
 * (ties, the heap, NaN, infinities, silence, zeros), at several frame sizes; the STFT and the
 * overlap-add inverse (another FFT than fft.js's) to float32 rounding; the codec's log and exp
 * maps bit for bit; and the committed module against its C source.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, sourceHash } from "../../scripts/buildWasm.mjs";
import { DspKernel } from "../../src/dsp/dsp-kernel";
import { expMinusInPlace, logPlusInPlace } from "../../src/dsp/dsp-maps";
import { RtpghiPhase } from "../../src/dsp/phase-gradient";
import { SpectralSynth } from "../../src/dsp/rtpghi";
import { StftAnalyzer, stftMagnitudes } from "../../src/dsp/stft";
import { decodeWav } from "../../src/dsp/wav";
import { DSP_SOURCE_SHA256, DSP_WASM_HEX } from "../../src/dsp/wasm/dspWasm";
import type { OnnxSession } from "../../src/engine/models/onnx";
import { SpectralDecoder } from "../../src/engine/models/spectralCodec";
import { prng } from "./signals";

function recording(name: string, fftSize: number, hop: number): Float32Array[] {
  const bytes = readFileSync(new URL(`../../assets/audio/${name}`, import.meta.url));
  return stftMagnitudes(decodeWav(new Uint8Array(bytes), name).channels[0]!, { fftSize, hop });
}

/** Frames that exercise every branch: ties within and across frames, NaN, ∞, zeros, silence. */
function hostile(bins: number, count: number, seed: number): Float32Array[] {
  const rand = prng(seed);
  const frames: Float32Array[] = [];
  for (let f = 0; f < count; f++) {
    const kind = f % 9;
    const m = new Float32Array(bins).map(() => rand() ** 4 * 10);
    if (kind === 1) m.fill(0);
    if (kind === 2) m.forEach((v, k) => (m[k] = Math.round(v * 2) / 2)); // many ties
    if (kind === 3) m[Math.floor(rand() * bins)] = NaN;
    if (kind === 4) m[Math.floor(rand() * bins)] = Infinity;
    if (kind === 5) m.forEach((v, k) => (m[k] = v < 3 ? 0 : v)); // exact zeros
    if (kind === 6 && frames.length) m.set(frames[frames.length - 1]!); // held frame
    if (kind === 7) m.forEach((v, k) => (m[k] = v * 1e-12)); // below the floor
    if (kind === 8) m.fill(1e-7); // all tied above the tolerance
    frames.push(m);
  }
  return frames;
}

/** Index of the first sample where a and b differ (as Object.is, +0 = −0), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.findIndex((v, i) => !Object.is(v, b[i]) && !(v === 0 && b[i] === 0));
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** Index of the first frame whose phases differ (NaN = NaN, +0 = −0), or -1. */
function firstMismatch(frames: readonly Float32Array[], fftSize: number, hop: number): number {
  const cfg = { fftSize, hop };
  const compiled = new RtpghiPhase(cfg);
  const plain = new RtpghiPhase(cfg, undefined, undefined, false);
  expect(compiled.kernel).toBeDefined();
  expect(plain.kernel).toBeUndefined();
  return frames.findIndex((mag) => {
    const a = compiled.next(mag);
    const b = plain.next(mag);
    return a.some((p, k) => !Object.is(p, b[k]) && !(p === 0 && b[k] === 0));
  });
}

describe("the compiled DSP", () => {
  it("is the module built from dsp.c as committed", () => {
    expect(DSP_SOURCE_SHA256).toBe(sourceHash());
    let clang = true;
    try {
      execFileSync(process.env.CLANG ?? "clang", ["--version"], { stdio: "ignore" });
    } catch {
      clang = false;
    }
    if (!clang) {
      console.log("dspKernel: clang is not installed, so the module is not rebuilt here");
      return;
    }
    expect(compile().toString("hex")).toBe(DSP_WASM_HEX);
  });

  it("takes logarithms exactly as Math.log does", () => {
    const kernel = DspKernel.create(3, 0)!;
    const rand = prng(21);
    const f32 = new Float32Array(1);
    const bits = new Uint32Array(f32.buffer);
    for (let i = 0; i < 50_000; i++) {
      bits[0] = Math.floor(rand() * 0x7f800000);
      expect(Object.is(kernel.log(f32[0]!), Math.log(f32[0]!))).toBe(true);
      const x = 1 + (rand() - 0.5) * 1e-5;
      expect(Object.is(kernel.log(x), Math.log(x))).toBe(true);
    }
    for (const x of [0, -0, -1, NaN, Infinity, 1, 1e-10, 5e-324, 1.7976931348623157e308])
      expect(Object.is(kernel.log(x), Math.log(x))).toBe(true);
  });

  it("takes exponentials exactly as Math.exp does", () => {
    const kernel = DspKernel.create(3, 0)!;
    const rand = prng(22);
    for (let i = 0; i < 50_000; i++) {
      for (const x of [(rand() - 0.5) * 1500, (rand() - 0.5) * 40, (rand() - 0.5) * 1e-7])
        expect(Object.is(kernel.exp(x), Math.exp(x))).toBe(true);
    }
    for (const x of [0, -0, NaN, Infinity, -Infinity, 709.78, 709.8, -745.1, -745.2, 1e-300])
      expect(Object.is(kernel.exp(x), Math.exp(x))).toBe(true);
  });

  it("maps log-magnitudes both ways as the codec's JavaScript does, in chunks", () => {
    const rand = prng(23);
    // Longer than one chunk (16,384), with the values the codec meets and the ones it must survive.
    const x = Float32Array.from({ length: 40_000 }, (_, i) =>
      i % 97 === 0
        ? [NaN, Infinity, -Infinity, 0, -0, 1e-30, 200, -200][i % 8]!
        : (rand() - 0.6) * 30,
    );
    const floor = 1e-5;
    const logged = x.map((v) => Math.log(v + floor));
    const exped = x.map((v) => {
      const m = Math.exp(v) - floor;
      return Number.isFinite(m) && m > 0 ? m : 0;
    });
    const a = x.slice();
    expect(logPlusInPlace(a, floor)).toBe(true);
    expect(firstDifference(a, logged)).toBe(-1);
    const b = x.slice();
    expect(expMinusInPlace(b, floor)).toBe(true);
    expect(firstDifference(b, exped)).toBe(-1);
    expect(b.some((v) => v === 0) && b.some((v) => v > 1)).toBe(true);
  });

  for (const [name, fftSize, hop] of [
    ["piano.wav", 1024, 256],
    ["cello.wav", 1024, 256],
    ["flute.wav", 2048, 512],
    ["guitar.wav", 512, 128],
  ] as const) {
    it(`gives the JavaScript's phases bit for bit on ${name} (${fftSize}/${hop})`, () => {
      expect(firstMismatch(recording(name, fftSize, hop), fftSize, hop)).toBe(-1);
    });
  }

  it("gives the JavaScript's phases on frames with ties, NaN, ∞, zeros and silence", () => {
    for (const [fftSize, hop] of [
      [4, 1],
      [8, 8],
      [64, 16],
      [1024, 256],
      [4096, 1024],
    ] as const) {
      const frames = hostile(fftSize / 2 + 1, 200, fftSize);
      expect(firstMismatch(frames, fftSize, hop), `${fftSize}/${hop}`).toBe(-1);
    }
  });

  it("gives the JavaScript's samples to float32 rounding (another FFT), and after reset", () => {
    for (const [fftSize, hop] of [
      [1024, 256],
      [4, 1],
      [64, 64],
      [2048, 300],
    ] as const) {
      const cfg = { fftSize, hop };
      const bins = fftSize / 2 + 1;
      const frames = [
        ...recording("piano-reverb.wav", fftSize, hop).slice(0, 200),
        ...hostile(bins, 60, 3).map((m) => m.map((v) => (Number.isFinite(v) ? v : 0))),
      ];
      const compiled = new SpectralSynth(cfg);
      const a = compiled.push(frames);
      const b = new SpectralSynth(cfg, { compiled: false }).push(frames);
      const peak = b.reduce((p, v) => Math.max(p, Math.abs(v)), 0);
      expect(peak).toBeGreaterThan(0.01);
      expect(maxAbsDifference(a, b) / peak, `${fftSize}/${hop}`).toBeLessThan(1e-6);
      compiled.reset();
      expect(firstDifference(compiled.push(frames), a)).toBe(-1);
    }
  });

  it("analyses as the JavaScript STFT does, to float32 rounding, for any split of the signal", () => {
    const bytes = readFileSync(new URL("../../assets/audio/guitar.wav", import.meta.url));
    const signal = decodeWav(new Uint8Array(bytes), "guitar.wav").channels[0]!.subarray(0, 88200);
    for (const [fftSize, hop] of [
      [1024, 256],
      [4, 3],
      [4096, 1000],
    ] as const) {
      const cfg = { fftSize, hop };
      const plain = new StftAnalyzer(cfg, { compiled: false }).push(signal);
      const compiled = new StftAnalyzer(cfg);
      const parts: Float32Array[] = [];
      for (let at = 0, i = 0; at < signal.length; i++) {
        const size = [1, 777, 5000, 3][i % 4]!;
        parts.push(...compiled.push(signal.subarray(at, at + size)));
        at += size;
      }
      expect(parts.length).toBe(plain.length);
      const peak = plain.reduce((p, m) => m.reduce((q, v) => Math.max(q, v), p), 0);
      expect(peak).toBeGreaterThan(1);
      let worst = 0;
      parts.forEach((m, f) => (worst = Math.max(worst, maxAbsDifference(m, plain[f]!))));
      expect(worst / peak, `${fftSize}/${hop}`).toBeLessThan(1e-6);
    }
  });

  it("leaves the decoder session's output as it was (the maps work on the codec's own copy)", async () => {
    const steps = 64;
    const rand = prng(31);
    // A "model" that answers every block with the same array, as a cached output might.
    const data = Float32Array.from({ length: 513 * steps }, () => (rand() - 0.7) * 12);
    const before = data.slice();
    const session: OnnxSession = {
      inputNames: ["z"],
      outputNames: ["logmag"],
      declared: () => undefined,
      run: () => Promise.resolve({ data, dims: [1, 513, steps] }),
      release: () => Promise.resolve(),
    };
    const decoder = () =>
      new SpectralDecoder({
        modelId: "fixed",
        session,
        input: "z",
        output: "logmag",
        frontEnd: {
          kind: "spectral",
          fftSize: 1024,
          stftHop: 256,
          window: "hann",
          framesPerLatent: 1,
          logFloor: 1e-5,
        },
        latentDims: 1,
      });
    const latents = new Float32Array(steps);
    const first = await decoder().decode(latents, steps);
    const second = await decoder().decode(latents, steps);
    expect(firstDifference(data, before)).toBe(-1);
    expect(firstDifference(second, first)).toBe(-1);
    expect(first.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });

  it("keeps each instance's frames apart", () => {
    const cfg = { fftSize: 1024, hop: 256 };
    const piano = recording("piano.wav", 1024, 256).slice(0, 100);
    const cello = recording("cello.wav", 1024, 256).slice(0, 100);
    const one = new SpectralSynth(cfg);
    const two = new SpectralSynth(cfg);
    const interleaved = piano.map((m, f) => [one.push([m]), two.push([cello[f]!])]);
    const alone = (frames: Float32Array[]) =>
      new SpectralSynth(cfg, { compiled: false }).push(frames);
    const joined = (i: number) => Float32Array.from(interleaved.flatMap((pair) => [...pair[i]!]));
    expect(firstDifference(joined(0), alone(piano))).toBe(-1);
    expect(firstDifference(joined(1), alone(cello))).toBe(-1);
  });
});
