/**
 * The material of `npm run bench:learn`: the sources (builtin recordings, drum recordings,
 * FluidR3 renders by bench/learn/render.py) and the nine effects of seed 002, made with our
 * effect nodes at fixed settings.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeWav } from "../../src/dsp/wav";
import { resample } from "../../src/dsp/resample";
import { runBlocks } from "../../src/engine/blocks";
import type { NodeEnv } from "../../src/engine/nodeDefinition";
import { audio } from "../../src/engine/values";
import { allNodes } from "../../src/nodes";

export const ROOT = new URL("../..", import.meta.url).pathname;

/** A mono recording at the model's sample rate. */
export interface Source {
  readonly name: string;
  readonly samples: Float32Array;
}

/** An effect of the report: a node type and the settings it runs at. */
export interface EffectSpec {
  readonly name: string;
  readonly node: string;
  readonly params: Readonly<Record<string, number | string>>;
}

/** Seed 002's nine effects at musically clear settings (the nodes' parameters, docs/nodes.md). */
export const NINE_EFFECTS: readonly EffectSpec[] = [
  { name: "chorus", node: "Chorus", params: { rate: 0.8, depth: 3, delay: 12, mix: 0.5 } },
  {
    name: "compressor",
    node: "Compressor",
    params: { threshold: -30, ratio: 8, attack: 5, release: 100, knee: 6, makeup: 12 },
  },
  { name: "delay", node: "Delay", params: { sync: "ms", time: 250, feedback: 0.5, mix: 0.5 } },
  { name: "distortion", node: "Distortion", params: { drive: 24, tone: 5000, level: -6, mix: 1 } },
  { name: "highpass", node: "Highpass", params: { cutoff: 1000, q: Math.SQRT1_2 } },
  { name: "lowpass", node: "Lowpass", params: { cutoff: 1000, q: Math.SQRT1_2 } },
  { name: "pitch shift", node: "PitchShift", params: { semitones: 7, window: 60, mix: 1 } },
  { name: "reverb", node: "Reverb", params: { decay: 2, damping: 0.3, mix: 0.5 } },
  { name: "time reverse", node: "TimeReverse", params: {} },
];

/** Reads a WAV of the repository as mono at `sampleRate`, cut to `seconds` when given. */
export function readSource(
  path: string,
  name: string,
  sampleRate: number,
  seconds?: number,
): Source {
  const wav = decodeWav(new Uint8Array(readFileSync(path)), path);
  const mono = resample(wav.channels[0]!, wav.sampleRate, sampleRate);
  const n = seconds === undefined ? mono.length : Math.min(mono.length, seconds * sampleRate);
  return { name, samples: mono.slice(0, Math.round(n)) };
}

/**
 * Renders bench/learn/render.py's files (fluidsynth + FluidR3_GM) into a temporary folder and
 * reads them with `read`; the folder is removed afterwards.
 */
export function withRenders<T>(read: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "lp-bench-learn-"));
  try {
    execFileSync("/usr/bin/python3", [`${ROOT}bench/learn/render.py`, dir], { stdio: "inherit" });
    return read(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `spec`'s node over mono `x` (as a stream in blocks of 16 frames; TimeReverse whole). */
export async function applyEffect(
  spec: EffectSpec,
  x: Float32Array,
  sampleRate: number,
  hopSamples: number,
): Promise<Float32Array> {
  const def = allNodes.find((d) => d.type === spec.node);
  if (!def) throw new Error(`no effect node ${spec.node}`);
  const env: NodeEnv = {
    clock: { sampleRate, hopSamples, frameRate: sampleRate / hopSamples },
    models: {
      defaultModelId: "",
      get: () => {
        throw new Error("no models for the effects");
      },
    },
    assets: {
      audio: () => {
        throw new Error("no assets for the effects");
      },
    },
    nodeId: spec.name,
  };
  const frames = Math.ceil(x.length / hopSamples);
  const padded = new Float32Array(frames * hopSamples);
  padded.set(x);
  const out = await runBlocks(
    def,
    spec.params,
    env,
    { in: audio(sampleRate, [padded]) },
    16,
    frames,
  );
  const y = out.out;
  if (!y || y.type !== "audio") throw new Error(`${spec.node} gave no audio`);
  return y.channels[0]!.slice(0, x.length);
}
