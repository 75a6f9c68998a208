/**
 * `npm run bench:cli-floor`: writes bench/results/cli-floor.{json,md}.
 *
 * Where the time of issue 17's end-to-end target goes: encode + decode of a 5-minute recording
 * through the CLI (two processes), default pack, one thread, against 50× real time (6 s), on
 * each runtime (`--runtime native`, the default, and `--runtime wasm`). In one run, interleaved,
 * medians of `BENCH_ROUNDS` (default 3):
 * - end to end: `latent-patcher encode` and `decode` of the 5-minute recording;
 * - start-up: the same two commands on a 1-second file (process start, module loading,
 *   onnxruntime's start (for WebAssembly, its compile), pack load and check, output files):
 *   paid once per process;
 * - the model alone: the pack's encoder and decoder sessions, in this process after a warm-up,
 *   run over the 5 minutes' worth of frames in the CLI's blocks of 128 latent frames;
 * - the rest, by difference: the DSP around the model (STFT; RTPGHI, inverse FFT and
 *   overlap-add), file I/O and glue.
 * Wall and CPU (user + sys) seconds from /usr/bin/time; the machine is shared, so the report
 * gives the load average before and after.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pickEntry } from "../bin/cliEntry.mjs";
import { encodeWav } from "../src/dsp/wav";
import * as ortNode from "onnxruntime-node";
import { createOnnxSession, useNativeRuntime, useWebRuntime } from "../src/engine/models/onnx";
import { parseManifest } from "../src/engine/models/parseManifest";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { longRecording, RATE, ROOT, timedCli, type Timed } from "./cliFiles";
import { median } from "./realtime/stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MINUTES = 5;
const BLOCK = 128;
const TARGET = 50;
const RUNTIMES = ["native", "wasm"] as const;
type Runtime = (typeof RUNTIMES)[number];

/** Wall and CPU seconds of one command. */
type Pair = Pick<Timed, "wallS" | "cpuS">;

/**
 * Opens the pack's encoder and decoder sessions (warmed up) and returns a function timing them,
 * in seconds, over `minutes` of frames in the CLI's blocks; `close` releases them.
 */
async function modelAlone(minutes: number, runtime: Runtime) {
  const dir = join(ROOT, "models", DEFAULT_MODEL_ID);
  const m = parseManifest(await readFile(join(dir, "model.json"), "utf8"), "model.json");
  if (m.frontEnd.kind !== "spectral") throw new Error("the default pack is not spectral");
  const bins = m.frontEnd.fftSize / 2 + 1;
  const steps = BLOCK * m.frontEnd.framesPerLatent;
  const hop = m.frontEnd.stftHop * m.frontEnd.framesPerLatent;
  const blocks = Math.ceil((minutes * 60 * m.sampleRate) / hop / BLOCK);
  const x = Float32Array.from({ length: bins * steps }, (_, i) => -3 - Math.sin(i) * 4);
  const z = Float32Array.from({ length: m.latentDims * BLOCK }, (_, i) => Math.cos(i * 0.37));
  const session = async (file: string) =>
    createOnnxSession(new Uint8Array(await readFile(join(dir, file))), {
      executionProviders: ["wasm"],
    });
  if (runtime === "native") useNativeRuntime(ortNode, 1);
  const enc = await session(m.encoder.file);
  const dec = await session(m.decoder.file);
  useWebRuntime();
  const runEnc = () => enc.run(m.encoder.input, m.encoder.output, x, [1, bins, steps]);
  const runDec = () => dec.run(m.decoder.input, m.decoder.output, z, [1, m.latentDims, BLOCK]);
  // Warm-up: onnxruntime's kernels tier up to optimised code, as they do early in a long file.
  for (let i = 0; i < 20; i++) await Promise.all([runEnc(), runDec()]);
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < blocks; i++) await run();
    return (performance.now() - t0) / 1000;
  };
  return {
    time: async () => ({ encoder: await time(runEnc), decoder: await time(runDec) }),
    close: () => Promise.all([enc.release(), dec.release()]),
  };
}

/** What the measured split leaves for the rest of the work, against the target's budget. */
function verdict(budget: number, fixed: number, rest: number): string {
  const share = ((100 * fixed) / budget).toFixed(0);
  const head = `Start-up and the model alone take ${fixed.toFixed(2)} s of the ${budget.toFixed(1)} s budget (${share} %)`;
  if (fixed >= budget)
    return `${head}: ${TARGET}× is out of reach whatever the rest (now ${rest.toFixed(2)} s) costs.`;
  if (fixed + rest <= budget)
    return `${head}, leaving ${(budget - fixed).toFixed(2)} s for the rest, which takes ${rest.toFixed(2)} s: ${TARGET}× is met with ${(budget - fixed - rest).toFixed(2)} s to spare.`;
  return `${head}, leaving ${(budget - fixed).toFixed(2)} s for the rest, which takes ${rest.toFixed(2)} s now: ${TARGET}× needs the rest ${(rest / (budget - fixed)).toFixed(1)}× faster.`;
}

/** One runtime's medians: end to end, start-up, the model alone and the rest by difference. */
interface Split {
  endToEnd: Record<"encode" | "decode", Pair>;
  startUp: Record<"encode" | "decode", Pair>;
  modelAloneS: { encoder: number; decoder: number };
  restS: Record<"encode" | "decode", number>;
}

type Runs = Record<"long" | "short", Record<"encode" | "decode", Timed[]>>;

function split(runs: Runs, modelRuns: readonly { encoder: number; decoder: number }[]): Split {
  const med = (xs: readonly Timed[]): Pair => ({
    wallS: median(xs.map((t) => t.wallS)),
    cpuS: median(xs.map((t) => t.cpuS)),
  });
  const long = { encode: med(runs.long.encode), decode: med(runs.long.decode) };
  const short = { encode: med(runs.short.encode), decode: med(runs.short.decode) };
  const modelS = {
    encoder: median(modelRuns.map((t) => t.encoder)),
    decoder: median(modelRuns.map((t) => t.decoder)),
  };
  // The rest of each command, by difference: end to end less its start-up and its model.
  const restS = {
    encode: long.encode.wallS - short.encode.wallS - modelS.encoder,
    decode: long.decode.wallS - short.decode.wallS - modelS.decoder,
  };
  return { endToEnd: long, startUp: short, modelAloneS: modelS, restS };
}

async function main(): Promise<void> {
  const entry = pickEntry(ROOT, process.env.LATENT_PATCHER_FROM);
  if (entry.kind !== "bundle") console.log(`note: the CLI runs from its sources (${entry.reason})`);
  const loadBefore = loadavg()[0]!;
  const dir = await mkdtemp(join(tmpdir(), "lp-bench-floor-"));
  const models = {
    native: await modelAlone(MINUTES, "native"),
    wasm: await modelAlone(MINUTES, "wasm"),
  };
  const modelRuns: Record<Runtime, { encoder: number; decoder: number }[]> = {
    native: [],
    wasm: [],
  };
  const emptyRuns = (): Runs => ({
    long: { encode: [], decode: [] },
    short: { encode: [], decode: [] },
  });
  const runs: Record<Runtime, Runs> = { native: emptyRuns(), wasm: emptyRuns() };
  try {
    for (const [name, minutes] of [
      ["long", MINUTES],
      ["short", 1 / 60],
    ] as const) {
      const rec = await longRecording(minutes);
      await writeFile(join(dir, `${name}.wav`), encodeWav([rec], RATE, "pcm16"));
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const runtime of RUNTIMES) {
        for (const name of ["long", "short"] as const) {
          const npy = join(dir, `${name}-${runtime}.npy`);
          const rt = ["--runtime", runtime];
          const into = runs[runtime][name];
          into.encode.push(timedCli(["encode", join(dir, `${name}.wav`), "--out", npy, ...rt]));
          into.decode.push(timedCli(["decode", npy, "--out", join(dir, `${name}-out.wav`), ...rt]));
        }
        modelRuns[runtime].push(await models[runtime].time());
      }
      console.log(`round ${r + 1}/${ROUNDS}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await Promise.all(RUNTIMES.map((rt) => models[rt].close()));
  }
  const splits = {
    native: split(runs.native, modelRuns.native),
    wasm: split(runs.wasm, modelRuns.wasm),
  };
  const loadAfter = loadavg()[0]!;
  const audio = MINUTES * 60;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  const result = {
    date: new Date().toISOString(),
    machine,
    rounds: ROUNDS,
    loadAverage: { before: loadBefore, after: loadAfter },
    runtimes: splits,
    modelRuns,
    runs,
  };
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(
    join(ROOT, "bench/results/cli-floor.json"),
    JSON.stringify(result, null, 2) + "\n",
  );
  const row = (what: string, enc: number, dec: number) =>
    `| ${what} | ${enc.toFixed(2)} s | ${dec.toFixed(2)} s | ${(enc + dec).toFixed(2)} s | ${(enc + dec > 0 ? audio / (enc + dec) : Infinity).toFixed(0)}× |`;
  const budget = audio / TARGET;
  /** Each round's encode + decode wall time, and × real time, for the spread. */
  const rounds = (runtime: Runtime) =>
    runs[runtime].long.encode
      .map((e, i) => e.wallS + runs[runtime].long.decode[i]!.wallS)
      .map((t) => `${t.toFixed(2)} s (${(audio / t).toFixed(0)}×)`)
      .join(", ");
  const table = (runtime: Runtime) => {
    const { endToEnd: long, startUp: short, modelAloneS: modelS, restS: rest } = splits[runtime];
    const fixedWall = short.encode.wallS + short.decode.wallS + modelS.encoder + modelS.decoder;
    return `### \`--runtime ${runtime}\`${runtime === "native" ? " (the default)" : ""}

| part | encode | decode | both | × real time of ${MINUTES} min |
| ---- | ------ | ------ | ---- | ------------------- |
${row("end to end, wall (two processes)", long.encode.wallS, long.decode.wallS)}
${row("end to end, CPU (user + sys)", long.encode.cpuS, long.decode.cpuS)}
${row("start-up: the same command on a 1-second file, wall", short.encode.wallS, short.decode.wallS)}
${row("start-up, CPU", short.encode.cpuS, short.decode.cpuS)}
${row("the model alone (onnxruntime, warmed up, blocks of 128 frames)", modelS.encoder, modelS.decoder)}
${row("the rest, wall: DSP around the model, file I/O, glue", rest.encode, rest.decode)}

${verdict(budget, fixedWall, rest.encode + rest.decode)}
Encode + decode, wall, round by round: ${rounds(runtime)}.
`;
  };
  const md = `# Issue 17's end-to-end CLI target: where the time goes

\`npm run bench:cli-floor\` (bench/cliFloor.ts), ${result.date.slice(0, 10)}, ${machine}, ${entry.kind === "bundle" ? "prebuilt CLI" : "CLI from its sources (tsx)"}.
Default pack (${DEFAULT_MODEL_ID}), one onnxruntime thread, ${MINUTES}-minute recording (the looped builtin
recordings, 16-bit mono 44.1 kHz), on each runtime. Medians of ${ROUNDS} rounds, the commands and runtimes
interleaved; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after. The target, ${TARGET}× real time for
encode + decode, is ${budget.toFixed(1)} s for the two processes.

${RUNTIMES.map(table).join("\n")}`;
  await writeFile(join(ROOT, "bench/results/cli-floor.md"), md);
  console.log(md);
}

await main();
