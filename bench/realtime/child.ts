/**
 * One process of `npm run bench:realtime`'s Node part, at one WASM thread count:
 * `tsx bench/realtime/child.ts <threads> <passes> <out.json>`.
 *
 * onnxruntime-web fixes its thread pool when its WASM runtime first initialises, so each thread
 * count needs its own process. This one sets `ort.env.wasm.numThreads` and initialises the
 * runtime with the bare model runs *before* the engine's first session: the engine's Node default
 * (one thread, set in src/engine/models/onnx.ts) then comes too late to change the pool, and the
 * streams run on the same runtime as the bare runs. The OS thread count is recorded after each
 * stage as evidence of the pool's size.
 */
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import * as ort from "onnxruntime-web";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import {
  measureModelRuns,
  measureStream,
  type ModelRunResult,
  type StreamResult,
} from "./streamLoad";
import { load } from "./stats";

export const MODELS = [DEFAULT_MODEL_ID, "pca-spectral"] as const;
export const BLOCK_FRAMES = [1, 8] as const;

export interface ChildResult {
  readonly threads: number;
  /** `ort.env.wasm.numThreads` as the runtime reports it after initialising. */
  readonly ortNumThreads: number | undefined;
  /** OS threads of the process: before the runtime starts, after it starts, at the end. */
  readonly osThreads: { before: number; afterInit: number; atEnd: number };
  readonly modelRuns: ModelRunResult[];
  readonly streams: StreamResult[];
  readonly loadBefore: [number, number, number];
  readonly loadAfter: [number, number, number];
}

const osThreads = () => readdirSync("/proc/self/task").length;

async function main(): Promise<void> {
  const [threadsArg, passesArg, outPath] = process.argv.slice(2);
  const threads = Number(threadsArg);
  const passes = Number(passesArg);
  if (!(threads >= 1) || !(passes >= 1) || !outPath)
    throw new Error("usage: child.ts <threads ≥ 1> <passes ≥ 1> <out.json>");
  const loadBefore = load();
  const before = osThreads();
  ort.env.wasm.numThreads = threads;
  const modelRuns: ModelRunResult[] = [];
  for (const model of MODELS) modelRuns.push(...(await measureModelRuns(model)));
  const afterInit = osThreads();
  const ortNumThreads = ort.env.wasm.numThreads;
  const streams: StreamResult[] = [];
  for (const model of MODELS)
    for (const blockFrames of BLOCK_FRAMES)
      streams.push(await measureStream(model, blockFrames, passes));
  const result: ChildResult = {
    threads,
    ortNumThreads,
    osThreads: { before, afterInit, atEnd: osThreads() },
    modelRuns,
    streams,
    loadBefore,
    loadAfter: load(),
  };
  await writeFile(outPath, JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
