/**
 * Part of `npm run bench:realtime`, run in a child process per WASM thread count: the 30-node
 * patch streamed block by block with StreamingRender (as the engine worker does), and the bare
 * encoder/decoder runs of each model pack, timed with the wall clock and `process.cpuUsage`.
 */
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-web";
import { appLoader, APP_ROOT } from "../../src/cli/app";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { nodeRegistry } from "../../src/nodes";
import { median, quantile } from "./stats";
import { thirtyNodePatch } from "./patch30";

export interface StreamResult {
  readonly model: string;
  readonly blockFrames: number;
  /** Milliseconds of audio one block carries (the deadline a real-time block must meet). */
  readonly blockMs: number;
  readonly passes: number;
  /** Seconds of audio streamed per pass (the material plus the latency tail). */
  readonly secondsPerPass: number;
  /** Audio seconds per wall second, per pass (> 1: faster than real time). */
  readonly rtfPerPass: number[];
  readonly rtfMedian: number;
  /** CPU time of the process (all threads) over wall time, per pass; 1 = one core busy. */
  readonly cpuFractionPerPass: number[];
  readonly cpuFractionMedian: number;
  /** Share of one core's real time the stream needs: CPU seconds per audio second. */
  readonly cpuPerAudioSecond: number;
  readonly blockMsMedian: number;
  readonly blockMsP99: number;
  readonly blockMsMax: number;
  /** Blocks that took longer than the audio they carry. */
  readonly blocksOverDeadline: number;
  readonly blocks: number;
  /** Median time to create a stream (instances + precomputed sources), ms. */
  readonly createMsMedian: number;
}

export interface ModelRunResult {
  readonly model: string;
  readonly part: "encoder" | "decoder";
  /** Latent frames per run. */
  readonly frames: number;
  readonly runs: number;
  readonly msMedian: number;
  readonly cpuFraction: number;
}

const hrMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Streams the 30-node patch `passes` times after a warm-up; each pass plays it to its end. */
export async function measureStream(
  model: string,
  blockFrames: number,
  passes: number,
): Promise<StreamResult> {
  const patch = thirtyNodePatch(model);
  const setup = await loadStreamSetup(patch, {
    registry: nodeRegistry,
    appLoader,
    defaultModelId: DEFAULT_MODEL_ID,
  });
  const { hopSamples, sampleRate } = setup.clock;
  const rtf: number[] = [];
  const cpu: number[] = [];
  const blockMs: number[] = [];
  const createMs: number[] = [];
  let seconds = 0;
  try {
    // Warm-up: a second of blocks (JIT, the runtime's first allocations).
    const warm = await StreamingRender.create(setup);
    for (let f = 0; f < sampleRate / hopSamples; f += blockFrames) await warm.next(blockFrames);
    warm.dispose();
    for (let p = 0; p < passes; p++) {
      const t0 = performance.now();
      const stream = await StreamingRender.create(setup);
      createMs.push(performance.now() - t0);
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      let frames = 0;
      while (!stream.ended) {
        const n = Math.min(blockFrames, stream.totalFrames - stream.framePosition);
        const b0 = performance.now();
        await stream.next(n);
        blockMs.push(performance.now() - b0);
        frames += n;
      }
      const wall = performance.now() - w0;
      const used = hrMs(process.cpuUsage(c0));
      seconds = (frames * hopSamples) / sampleRate;
      rtf.push((seconds * 1000) / wall);
      cpu.push(used / wall);
      stream.dispose();
    }
  } finally {
    await setup.dispose();
  }
  const deadline = (1000 * blockFrames * hopSamples) / sampleRate;
  const cpuFractionMedian = median(cpu);
  const rtfMedian = median(rtf);
  return {
    model,
    blockFrames,
    blockMs: deadline,
    passes,
    secondsPerPass: seconds,
    rtfPerPass: rtf,
    rtfMedian,
    cpuFractionPerPass: cpu,
    cpuFractionMedian,
    cpuPerAudioSecond: cpuFractionMedian / rtfMedian,
    blockMsMedian: median(blockMs),
    blockMsP99: quantile(blockMs, 0.99),
    blockMsMax: Math.max(...blockMs),
    blocksOverDeadline: blockMs.filter((ms) => ms > deadline).length,
    blocks: blockMs.length,
    createMsMedian: median(createMs),
  };
}

interface PackFiles {
  encoder: { file: string; input: string };
  decoder: { file: string; input: string };
  latentDims: number;
  frontEnd: { kind: string; fftSize?: number; framesPerLatent?: number };
}

/** Input dims of one run over `frames` latent frames (spectral packs: log-magnitude frames). */
function inputDims(m: PackFiles, part: "encoder" | "decoder", frames: number): number[] {
  if (part === "decoder") return [1, m.latentDims, frames];
  const fe = m.frontEnd;
  if (fe.kind !== "spectral" || !fe.fftSize || !fe.framesPerLatent)
    throw new Error(`bench: front end "${fe.kind}" is not measured here`);
  return [1, fe.fftSize / 2 + 1, frames * fe.framesPerLatent];
}

/**
 * Bare onnxruntime-web runs of a pack's encoder and decoder over 1, 8 and 430 latent frames
 * (430 ≈ 10 s), the sizes a stream and a whole-clip render feed them.
 */
export async function measureModelRuns(model: string): Promise<ModelRunResult[]> {
  const dir = `${APP_ROOT}/models/${model}`;
  const m = JSON.parse(await readFile(`${dir}/model.json`, "utf8")) as PackFiles;
  const out: ModelRunResult[] = [];
  for (const part of ["encoder", "decoder"] as const) {
    const bytes = new Uint8Array(await readFile(`${dir}/${m[part].file}`));
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
    for (const frames of [1, 8, 430]) {
      const dims = inputDims(m, part, frames);
      const size = dims.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37));
      const feeds = { [m[part].input]: new ort.Tensor("float32", data, dims) };
      const runs = frames > 100 ? 7 : 41;
      const times: number[] = [];
      // Warm-up: the first runs of a size include the WASM tier-up and the runtime's allocations.
      for (let i = 0; i < 10; i++)
        for (const v of Object.values(await session.run(feeds))) v.dispose();
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const res = await session.run(feeds);
        times.push(performance.now() - t);
        for (const v of Object.values(res)) v.dispose();
      }
      const cpuFraction = hrMs(process.cpuUsage(c0)) / (performance.now() - w0);
      out.push({ model, part, frames, runs, msMedian: median(times), cpuFraction });
    }
    await session.release();
  }
  return out;
}
