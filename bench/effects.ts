/**
 * `npm run bench:effects`: writes bench/results/effects.{json,md}.
 *
 * Times each audio effect node, at its default parameters, on 10 s of assets/audio/guitar.wav
 * (looped) at 44.1 kHz, stereo, streamed through the reference runner in blocks of 4 frames of
 * 1024 samples (the default model's frame, as a live stream plays it). Reports the median over
 * repeated runs in ms per second of audio, and the real-time factor. Run it on a quiet machine
 * when the numbers matter.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { decodeWav } from "../src/dsp/wav";
import { resample } from "../src/dsp/resample";
import { runBlocks } from "../src/engine/blocks";
import type { NodeEnv } from "../src/engine/nodeDefinition";
import { audio } from "../src/engine/values";
import { allNodes } from "../src/nodes";

const SAMPLE_RATE = 44100;
const HOP = 1024;
const SECONDS = 10;
const BLOCK_FRAMES = 4;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const ROOT = new URL("..", import.meta.url).pathname;

const env: NodeEnv = {
  clock: { sampleRate: SAMPLE_RATE, hopSamples: HOP, frameRate: SAMPLE_RATE / HOP },
  models: {
    defaultModelId: "",
    get: () => {
      throw new Error("no models in this benchmark");
    },
  },
  assets: {
    audio: () => {
      throw new Error("no assets in this benchmark");
    },
  },
  nodeId: "bench",
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function guitar(): Promise<Float32Array> {
  const wav = decodeWav(
    new Uint8Array(await readFile(`${ROOT}assets/audio/guitar.wav`)),
    "guitar.wav",
  );
  const mono = resample(wav.channels[0]!, wav.sampleRate, SAMPLE_RATE);
  const frames = Math.floor((SECONDS * SAMPLE_RATE) / HOP);
  return Float32Array.from({ length: frames * HOP }, (_, i) => mono[i % mono.length]!);
}

async function main() {
  const x = await guitar();
  const frames = x.length / HOP;
  const input = audio(SAMPLE_RATE, [x, Float32Array.from(x, (v) => 0.8 * v)]);
  const seconds = x.length / SAMPLE_RATE;
  const rows: { type: string; msPerSecond: number; realtimeFactor: number }[] = [];
  for (const def of allNodes.filter((d) => d.category === "effect")) {
    const inputs = def.type === "AudioMix" ? { in1: input, in2: input } : { in: input };
    const times: number[] = [];
    for (let r = 0; r <= REPEATS; r++) {
      const t0 = performance.now();
      await runBlocks(def, {}, env, inputs, BLOCK_FRAMES, frames);
      if (r > 0) times.push(performance.now() - t0); // the first run warms up
    }
    const ms = median(times) / seconds;
    rows.push({ type: def.type, msPerSecond: ms, realtimeFactor: 1000 / ms });
    console.log(`${def.type}: ${ms.toFixed(2)} ms per s of audio`);
  }
  const meta = {
    date: new Date().toISOString(),
    cpu: `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores`,
    node: process.version,
    loadAverage: loadavg()[0] ?? 0,
    seconds,
    channels: 2,
    sampleRate: SAMPLE_RATE,
    blockSamples: BLOCK_FRAMES * HOP,
    repeats: REPEATS,
  };
  await mkdir(`${ROOT}bench/results`, { recursive: true });
  await writeFile(
    `${ROOT}bench/results/effects.json`,
    JSON.stringify({ ...meta, rows }, null, 2) + "\n",
  );
  const md = [
    "# Audio effects benchmark",
    "",
    `${meta.cpu}, Node ${meta.node}, ${meta.date}, load average ${meta.loadAverage.toFixed(1)}. ` +
      `assets/audio/guitar.wav looped to ${seconds.toFixed(2)} s, stereo, ${SAMPLE_RATE} Hz, each ` +
      `effect at its default parameters streamed in blocks of ${meta.blockSamples} samples through ` +
      `the reference runner (\`runBlocks\`, input slicing included). Medians of ${REPEATS} runs ` +
      "after a warm-up (`npm run bench:effects`).",
    "",
    "| effect | ms per s of stereo audio | real-time factor |",
    "|---|---|---|",
    ...rows.map(
      (r) => `| ${r.type} | ${r.msPerSecond.toFixed(2)} | ${r.realtimeFactor.toFixed(0)}× |`,
    ),
    "",
    "TimeReverse runs once over the whole input (it cannot stream). Timings on a shared, loaded " +
      "machine are noisy; compare rows of one run, not runs.",
    "",
  ].join("\n");
  await writeFile(`${ROOT}bench/results/effects.md`, md);
}

await main();
