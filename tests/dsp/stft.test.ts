import { describe, expect, it } from "vitest";
import { istft, stftComplex, stftMagnitudes, StftAnalyzer } from "../../src/dsp/stft";
import { hann } from "../../src/dsp/window";
import { noise, sine } from "./signals";

/** |DFT| of the causal frame f, straight from the definition. */
function directFrame(x: Float32Array, f: number, fftSize: number, hop: number): number[] {
  const w = hann(fftSize);
  const start = (f + 1) * hop - fftSize;
  const mags: number[] = [];
  for (let k = 0; k <= fftSize / 2; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < fftSize; n++) {
      const t = start + n;
      const v = t >= 0 ? (x[t] ?? 0) * (w[n] ?? 0) : 0;
      re += v * Math.cos((2 * Math.PI * k * n) / fftSize);
      im -= v * Math.sin((2 * Math.PI * k * n) / fftSize);
    }
    mags.push(Math.hypot(re, im));
  }
  return mags;
}

describe("hann", () => {
  it("is the periodic Hann window", () => {
    const w = hann(8);
    expect(w[0]).toBe(0);
    expect(w[4]).toBeCloseTo(1, 7);
    expect(w[2]).toBeCloseTo(0.5, 7);
    expect(w[6]).toBeCloseTo(0.5, 7);
    // Periodic: w[j] = w[N − j], with no second zero at the end.
    for (let j = 1; j < 8; j++) expect(w[j]).toBeCloseTo(w[8 - j] ?? NaN, 7);
    expect(w[7]).toBeGreaterThan(0);
  });
});

describe("causal STFT", () => {
  it("matches the DFT definition frame by frame, with zeros before sample 0", () => {
    const x = noise(70, 3);
    const frames = stftMagnitudes(x, { fftSize: 16, hop: 4 });
    expect(frames).toHaveLength(Math.floor(70 / 4));
    for (const f of [0, 1, 3, 10, 16]) {
      const want = directFrame(x, f, 16, 4);
      const got = frames[f];
      expect(got).toHaveLength(9);
      want.forEach((v, k) => expect(got?.[k]).toBeCloseTo(v, 4));
    }
  });

  it("yields floor(L / hop) frames and fftSize/2+1 bins", () => {
    expect(stftMagnitudes(new Float32Array(1023), { fftSize: 512, hop: 256 })).toHaveLength(3);
    expect(stftMagnitudes(new Float32Array(1024), { fftSize: 512, hop: 256 })).toHaveLength(4);
    expect(stftMagnitudes(new Float32Array(200), { fftSize: 512, hop: 128 })[0]).toHaveLength(257);
  });

  it("puts a sine's peak at its bin", () => {
    const sr = 44100;
    const bin = 93;
    const frames = stftMagnitudes(sine((bin * sr) / 2048, sr, 8192), { fftSize: 2048, hop: 512 });
    const last = frames[frames.length - 1] ?? new Float32Array();
    const peak = last.indexOf(Math.max(...last));
    expect(peak).toBe(bin);
    // Unit sine under a Hann window: peak |X| = Σw / 2 = N/4.
    expect(last[bin]).toBeCloseTo(2048 / 4, 0);
  });

  it.each([1, 7, 300])("streams identically in blocks of %i samples", (block) => {
    const cfg = { fftSize: 256, hop: 64 };
    const x = noise(5000, 11);
    const whole = stftMagnitudes(x, cfg);
    const analyzer = new StftAnalyzer(cfg);
    const parts: Float32Array[] = [];
    for (let i = 0; i < x.length; i += block)
      parts.push(...analyzer.push(x.subarray(i, i + block)));
    expect(parts).toHaveLength(whole.length);
    parts.forEach((frame, f) => expect(frame).toEqual(whole[f]));
  });

  it("emits frame f exactly when sample (f+1)*hop - 1 arrives, and resets", () => {
    const analyzer = new StftAnalyzer({ fftSize: 32, hop: 8 });
    expect(analyzer.push(new Float32Array(7))).toHaveLength(0);
    expect(analyzer.push(new Float32Array(1))).toHaveLength(1);
    expect(analyzer.push(new Float32Array(17))).toHaveLength(2);
    analyzer.reset();
    const x = noise(40, 5);
    expect(analyzer.push(x)).toEqual(stftMagnitudes(x, { fftSize: 32, hop: 8 }));
  });

  it("writes bin-major frames equal to push's, block by block, and refuses overflow untouched", () => {
    const cfg = { fftSize: 256, hop: 64 };
    const bins = 129;
    const x = noise(64 * 20 + 30, 17);
    const whole = stftMagnitudes(x, cfg);
    const analyzer = new StftAnalyzer(cfg);
    // Blocks that end mid-frame, so frames straddle calls.
    for (let from = 0, f = 0; from < x.length; from += 300) {
      const block = x.subarray(from, from + 300);
      const columns = 6;
      const out = new Float32Array(bins * columns).fill(-1);
      const count = analyzer.pushBinMajor(block, out, columns);
      for (let i = 0; i < count; i++) {
        for (let b = 0; b < bins; b++) expect(out[b * columns + i]).toBe(whole[f + i]![b]);
      }
      // Columns past the frames completed are left alone.
      for (let i = count; i < columns; i++) expect(out[i]).toBe(-1);
      f += count;
      if (from + 300 >= x.length) expect(f).toBe(whole.length);
    }
    const fresh = new StftAnalyzer(cfg);
    expect(() => fresh.pushBinMajor(x.subarray(0, 640), new Float32Array(bins * 9), 9)).toThrow(
      /10 frames into 9 columns/,
    );
    // The refused call took no samples: the next one starts from the beginning.
    const out = new Float32Array(bins * 10);
    expect(fresh.pushBinMajor(x.subarray(0, 640), out, 10)).toBe(10);
    for (let b = 0; b < bins; b++) expect(out[b * 10 + 9]).toBe(whole[9]![b]);
  });

  it("rejects bad geometry", () => {
    expect(() => new StftAnalyzer({ fftSize: 1000, hop: 250 })).toThrow(/fftSize/);
    expect(() => new StftAnalyzer({ fftSize: 1024, hop: 0 })).toThrow(/hop/);
    expect(() => new StftAnalyzer({ fftSize: 1024, hop: 2048 })).toThrow(/hop/);
  });

  it.each([
    [1024, 256],
    [512, 128],
    [256, 128],
    [64, 48],
  ])("istft ∘ stftComplex is the identity (fftSize %i, hop %i)", (fftSize, hop) => {
    const x = noise(20 * hop, 9);
    const y = istft(stftComplex(x, { fftSize, hop }), { fftSize, hop });
    expect(y).toHaveLength(x.length);
    let err = 0;
    for (let t = 0; t < x.length; t++) err = Math.max(err, Math.abs((y[t] ?? 0) - (x[t] ?? 0)));
    expect(err).toBeLessThan(1e-5);
  });
});
