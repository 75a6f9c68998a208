/**
 * `npm run bench:dsp`: writes bench/results/dsp.{json,md}.
 *
 * Times the spectral decode path after the model (RTPGHI phase reconstruction,
 * inverse FFT, overlap-add, and the decoder's log-magnitude → magnitude loop) on
 * 10 s of real magnitudes: the causal STFT of assets/audio/piano.wav (looped to
 * 10 s) at 44.1 kHz, fftSize 1024, hop 256. The optimised `SpectralSynth` is run
 * side by side with the implementation it replaced (tests/dsp/legacySynth.ts),
 * interleaved in one process so that load from other processes hits both
 * alike; every figure is a median over repeated runs. Run it on a quiet machine
 * when the numbers matter.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { RealFft } from "../src/dsp/fft";
import { OverlapAdd } from "../src/dsp/overlap-add";
import { RtpghiPhase } from "../src/dsp/phase-gradient";
import { resample } from "../src/dsp/resample";
import { polarToCartesian, SpectralSynth } from "../src/dsp/rtpghi";
import { stftMagnitudes, type StftConfig } from "../src/dsp/stft";
import { decodeWav } from "../src/dsp/wav";
import { SpectralDecoder } from "../src/engine/models/spectralCodec";
import type { OnnxSession } from "../src/engine/models/onnx";
import { codecAB } from "./dspCodecAB";
import {
  LegacyOverlapAdd,
  LegacyRealFft,
  LegacyRtpghiPhase,
  LegacySpectralSynth,
} from "../tests/dsp/legacySynth";

const SAMPLE_RATE = 44100;
const SECONDS = 10;
const CFG: StftConfig = { fftSize: 1024, hop: 256 };
const BINS = CFG.fftSize / 2 + 1;
const LOG_FLOOR = 1e-5; // the default pack's front end (models/neural-spectral/model.json)
const REPEATS = Number(process.env.BENCH_REPEATS ?? 25);
const ROOT = new URL("..", import.meta.url).pathname;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Medians of the named tasks, run round-robin (order rotating) after one warm-up each. */
async function interleaved(tasks: Record<string, () => unknown>): Promise<Record<string, number>> {
  const names = Object.keys(tasks);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await tasks[n]!();
  for (let r = 0; r < REPEATS; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      const t0 = performance.now();
      await tasks[name]!();
      times[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
}

/** assets/audio/piano.wav looped to SECONDS at SAMPLE_RATE. */
async function pianoSignal(): Promise<Float32Array> {
  const bytes = new Uint8Array(await readFile(`${ROOT}assets/audio/piano.wav`));
  const audio = decodeWav(bytes, "piano.wav");
  const x = resample(audio.channels[0]!, audio.sampleRate, SAMPLE_RATE);
  const signal = new Float32Array(SECONDS * SAMPLE_RATE);
  for (let i = 0; i < signal.length; i++) signal[i] = x[i % x.length]!;
  return signal;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** The decoder's log-magnitude tensor `[1, bins, steps]` for these magnitudes. */
function logMagnitudeTensor(mags: readonly Float32Array[]): Float32Array {
  const steps = mags.length;
  const data = new Float32Array(BINS * steps);
  mags.forEach((m, s) => m.forEach((v, b) => (data[b * steps + s] = Math.log(v + LOG_FLOOR))));
  return data;
}

/** The decoder's magnitude loop before this change: one Float32Array per frame. */
function legacyMagnitudes(data: Float32Array, steps: number): Float32Array[] {
  const mags: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    const mag = new Float32Array(BINS);
    for (let b = 0; b < BINS; b++) {
      const m = Math.exp(data[b * steps + s] ?? 0) - LOG_FLOOR;
      mag[b] = Number.isFinite(m) && m > 0 ? m : 0;
    }
    mags.push(mag);
  }
  return mags;
}

/** A SpectralDecoder whose "model" returns `data` whatever the latents. */
function decoderReturning(data: Float32Array, steps: number): SpectralDecoder {
  const session: OnnxSession = {
    inputNames: ["z"],
    outputNames: ["logmag"],
    declared: () => undefined,
    run: () => Promise.resolve({ data, dims: [1, BINS, steps] }),
    release: () => Promise.resolve(),
  };
  return new SpectralDecoder({
    modelId: "bench",
    session,
    input: "z",
    output: "logmag",
    frontEnd: {
      kind: "spectral",
      fftSize: CFG.fftSize,
      stftHop: CFG.hop,
      window: "hann",
      framesPerLatent: 1,
      logFloor: LOG_FLOOR,
    },
    latentDims: 1,
  });
}

/** The private stages of RtpghiPhase.next, timed one by one (main checks they give its phases). */
interface PhaseStages {
  gradients(mag: Float32Array): number;
  integrate(mag: Float32Array, threshold: number): void;
  advance(): Float64Array;
}

/** The pre-optimisation polar → cartesian loop of SpectralSynth.push. */
function legacyPolar(mag: Float32Array, phi: Float64Array, re: Float64Array, im: Float64Array) {
  for (let k = 0; k < mag.length; k++) {
    const a = mag[k] ?? 0;
    const p = phi[k] ?? 0;
    re[k] = a * Math.cos(p);
    im[k] = a * Math.sin(p);
  }
}

type StageTimes = Record<string, number>;

/**
 * One pass of the new synthesis over all frames, stage by stage with timestamps
 * between stages (a few ns each against ~100 µs per frame); returns the ms per
 * stage and the samples, which main compares with SpectralSynth.push.
 */
function newStages(mags: readonly Float32Array[]): { ms: StageTimes; out: Float32Array } {
  const phase = new RtpghiPhase(CFG) as unknown as PhaseStages;
  const fft = new RealFft(CFG.fftSize);
  const ola = new OverlapAdd(CFG);
  const re = new Float64Array(BINS);
  const im = new Float64Array(BINS);
  const frame = new Float64Array(CFG.fftSize);
  const ms = { gradients: 0, integration: 0, wrap: 0, polar: 0, ifft: 0, ola: 0 };
  const t0 = performance.now();
  const out = new Float32Array(mags.length * CFG.hop);
  const allocation = performance.now() - t0;
  mags.forEach((mag, f) => {
    const t0 = performance.now();
    const threshold = phase.gradients(mag);
    const t1 = performance.now();
    phase.integrate(mag, threshold);
    const t2 = performance.now();
    const phi = phase.advance();
    const t3 = performance.now();
    polarToCartesian(mag, phi, re, im);
    const t4 = performance.now();
    fft.inverse(re, im, frame);
    const t5 = performance.now();
    ola.addFrame(re, im, out, f * CFG.hop);
    const t6 = performance.now();
    ms.gradients += t1 - t0;
    ms.integration += t2 - t1;
    ms.wrap += t3 - t2;
    ms.polar += t4 - t3;
    ms.ifft += t5 - t4;
    // addFrame runs its own inverse FFT: what it adds is the window and overlap-add.
    ms.ola += t6 - t5 - (t5 - t4);
  });
  return { ms: { ...ms, allocation }, out };
}

/** The same for the old synthesis, whose phase reconstruction is one opaque step. */
function oldStages(mags: readonly Float32Array[]): { ms: StageTimes; out: Float32Array } {
  const phase = new LegacyRtpghiPhase(CFG);
  const fft = new LegacyRealFft(CFG.fftSize);
  const ola = new LegacyOverlapAdd(CFG);
  const re = new Float64Array(BINS);
  const im = new Float64Array(BINS);
  const frame = new Float64Array(CFG.fftSize);
  const ms = { phase: 0, polar: 0, ifft: 0, ola: 0 };
  const t0 = performance.now();
  const out = new Float32Array(mags.length * CFG.hop);
  const allocation = performance.now() - t0;
  mags.forEach((mag, f) => {
    const t0 = performance.now();
    const phi = phase.next(mag);
    const t1 = performance.now();
    legacyPolar(mag, phi, re, im);
    const t2 = performance.now();
    fft.inverse(re, im, frame);
    const t3 = performance.now();
    ola.addFrame(re, im, out, f * CFG.hop);
    const t4 = performance.now();
    ms.phase += t1 - t0;
    ms.polar += t2 - t1;
    ms.ifft += t3 - t2;
    ms.ola += t4 - t3 - (t3 - t2);
  });
  return { ms: { ...ms, allocation }, out };
}

/** The decoder's magnitude loop after this change (a copy of the one in SpectralDecoder.decode). */
function newMagnitudes(data: Float32Array, steps: number): Float32Array {
  const mags = new Float32Array(steps * BINS);
  for (let b = 0; b < BINS; b++) {
    for (let s = 0; s < steps; s++) {
      const m = Math.exp(data[b * steps + s] ?? 0) - LOG_FLOOR;
      mags[s * BINS + b] = Number.isFinite(m) && m > 0 ? m : 0;
    }
  }
  return mags;
}

async function main(): Promise<void> {
  const signal = await pianoSignal();
  const mags = stftMagnitudes(signal, CFG);
  const frames = mags.length;
  const audioSeconds = (frames * CFG.hop) / SAMPLE_RATE;
  const tensor = logMagnitudeTensor(mags);

  // Same output first: the timings below are only worth comparing if it is.
  const oldOut = new LegacySpectralSynth(CFG).push(mags);
  const newOut = new SpectralSynth(CFG).push(mags);
  const diff = maxAbsDiff(oldOut, newOut);
  const legacyPhase = new LegacyRtpghiPhase(CFG);
  const newPhase = new RtpghiPhase(CFG);
  const phasesIdentical = mags.every((m) => {
    const a = newPhase.next(m);
    return legacyPhase.next(m).every((p, k) => p === a[k]);
  });
  const stagesMatch =
    maxAbsDiff(newStages(mags).out, newOut) === 0 && maxAbsDiff(oldStages(mags).out, oldOut) === 0;
  const decoded = await decoderReturning(tensor, frames).decode(new Float32Array(frames), frames);
  const oldDecoded = new LegacySpectralSynth(CFG).push(legacyMagnitudes(tensor, frames));
  const decodeDiff = maxAbsDiff(oldDecoded, decoded);
  if (!phasesIdentical || !stagesMatch || diff > 1e-5 || decodeDiff > 1e-5) {
    throw new Error(
      `bench:dsp: outputs differ (phases identical: ${phasesIdentical}, stage runs match: ${stagesMatch}, ` +
        `synth ${diff}, decode ${decodeDiff})`,
    );
  }

  const oldStageRuns: StageTimes[] = [];
  const newStageRuns: StageTimes[] = [];
  const totals = await interleaved({
    oldSynth: () => new LegacySpectralSynth(CFG).push(mags),
    newSynth: () => new SpectralSynth(CFG).push(mags),
    oldDecodePath: () => new LegacySpectralSynth(CFG).push(legacyMagnitudes(tensor, frames)),
    newDecodePath: () => decoderReturning(tensor, frames).decode(new Float32Array(frames), frames),
    oldMagnitudes: () => legacyMagnitudes(tensor, frames),
    newMagnitudes: () => newMagnitudes(tensor, frames),
    oldStages: () => oldStageRuns.push(oldStages(mags).ms),
    newStages: () => newStageRuns.push(newStages(mags).ms),
  });
  // Drop the warm-up run of each, then take medians stage by stage.
  const stageMedians = (runs: StageTimes[]): StageTimes =>
    Object.fromEntries(
      Object.keys(runs[0]!).map((k) => [k, median(runs.slice(1).map((r) => r[k]!))]),
    );
  const oldStage = stageMedians(oldStageRuns);
  const newStage = stageMedians(newStageRuns);

  const result = {
    machine: `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`,
    date: new Date().toISOString(),
    repeats: REPEATS,
    input: `assets/audio/piano.wav looped to ${SECONDS} s, causal STFT magnitudes, fftSize ${CFG.fftSize}, hop ${CFG.hop}, ${SAMPLE_RATE} Hz`,
    frames,
    audioSeconds,
    sameOutput: { phasesIdentical, synthMaxAbsDiff: diff, decodeMaxAbsDiff: decodeDiff },
    totalsMs: totals,
    oldStagesMs: oldStage,
    newStagesMs: newStage,
    speedup: {
      synth: totals.oldSynth! / totals.newSynth!,
      decodePath: totals.oldDecodePath! / totals.newDecodePath!,
    },
  };

  const perSecond = (ms: number): string => (ms / audioSeconds).toFixed(2);
  const cell = (ms: number | undefined): string => (ms === undefined ? "–" : ms.toFixed(1));
  const row = (label: string, a: number | undefined, b: number | undefined): string =>
    `| ${label} | ${cell(a)} | ${cell(b)} | ${a === undefined ? "–" : perSecond(a)} | ${
      b === undefined ? "–" : perSecond(b)
    } | ${a !== undefined && b !== undefined ? (a / b).toFixed(2) + "×" : "–"} |`;
  const md = [
    "# DSP benchmark: the spectral decode path after the model",
    "",
    `${result.machine}, ${result.date}. ${result.input} (${frames} frames, ${audioSeconds.toFixed(2)} s of audio). ` +
      `Medians of ${REPEATS} runs, old and new interleaved in one process (\`npm run bench:dsp\`). ` +
      "Old: the implementation before the optimisation, kept in tests/dsp/legacySynth.ts.",
    "",
    `Same output: RTPGHI phases bit-identical: ${phasesIdentical}; max |old − new| sample ` +
      `${diff.toExponential(1)} (synth), ${decodeDiff.toExponential(1)} (decode path): polar → cartesian ` +
      "takes cos and sin from an interpolated table (at most 3e-7 × the magnitude from Math.cos/Math.sin).",
    "",
    `**Speedup: ${result.speedup.synth.toFixed(2)}× for SpectralSynth.push, ` +
      `${result.speedup.decodePath.toFixed(2)}× for the decode path after the model.**`,
    "",
    "| | old ms | new ms | old ms per s of audio | new ms per s of audio | speedup |",
    "|---|---|---|---|---|---|",
    row("SpectralSynth.push, whole clip", totals.oldSynth, totals.newSynth),
    row(
      "decode path after the model (magnitude loop + synth)",
      totals.oldDecodePath,
      totals.newDecodePath,
    ),
    row(
      "decoder magnitude loop alone (exp, floor, frames)",
      totals.oldMagnitudes,
      totals.newMagnitudes,
    ),
    "",
    "Stages of one synthesis pass, timed with timestamps between them (medians):",
    "",
    "| stage | old ms | new ms | old ms per s of audio | new ms per s of audio | speedup |",
    "|---|---|---|---|---|---|",
    row(
      "RTPGHI phase, all",
      oldStage.phase,
      newStage.gradients! + newStage.integration! + newStage.wrap!,
    ),
    row("· log-magnitudes and phase gradients", undefined, newStage.gradients),
    row("· heap integration (sort, queue; heap on ties)", undefined, newStage.integration),
    row("· wrap to [−π, π], buffer swap", undefined, newStage.wrap),
    row("polar → cartesian", oldStage.polar, newStage.polar),
    row("inverse FFT", oldStage.ifft, newStage.ifft),
    row("window and overlap-add", oldStage.ola, newStage.ola),
    row("output allocation", oldStage.allocation, newStage.allocation),
    "",
    "The old phase reconstruction is one method, so it has no split. The decode-path rows run " +
      "SpectralDecoder.decode with a stand-in session that returns the clip's log-magnitudes " +
      "(no ONNX model); the old side is its previous per-frame loop followed by the old synth. " +
      "The magnitude-loop rows time copies of the old and new loop. Timings on a shared, loaded " +
      "machine are noisy; compare the columns of one run, not runs.",
    "",
  ];

  const ab = await codecAB(signal, REPEATS, interleaved);
  Object.assign(result, { codecAB: ab.result });
  md.push(...ab.markdown);

  await mkdir(`${ROOT}bench/results`, { recursive: true });
  await writeFile(`${ROOT}bench/results/dsp.json`, JSON.stringify(result, null, 2) + "\n");
  await writeFile(`${ROOT}bench/results/dsp.md`, md.join("\n"));
  console.log(md.join("\n"));
}

await main();
