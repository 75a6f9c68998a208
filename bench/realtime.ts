/**
 * `npm run bench:realtime`: real-time load and continuity, written to
 * bench/results/realtime.{json,md} (issue 5, "Latency and load").
 * - Node: the 30-node patch (bench/realtime/patch30.ts) streamed block by block with
 *   StreamingRender, with the default pack and pca-spectral, blocks of 1 and 8 latent frames:
 *   real-time factor and CPU fraction; and the same, with the bare model runs, at each
 *   onnxruntime-web WASM thread count (one child process per count).
 * - Headless Chromium: time from ▶ Play to the first sound, and an underrun soak.
 *
 * Environment: BENCH_SOAK_SECONDS (default 600), BENCH_RT_PASSES (passes over the patch per
 * configuration, default 5), BENCH_THREADS (default "1,2,4"), BENCH_PLAY_REPEATS (warm presses
 * of ▶ Play per demo, default 5), BENCH_PARTS ("node,browser" by default; without "browser"
 * the browser figures of the last report are kept, with their date).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_ROOT } from "../src/cli/app";
import { hasChromium } from "../tests/e2e/harness";
import type { ChildResult } from "./realtime/child";
import { measurePlayToSound, soak, type PlayToSound, type Soak } from "./realtime/browser";
import { markdown, type RealtimeReport } from "./realtime/report";
import { load, machine } from "./realtime/stats";

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!(v > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return v;
}

const SOAK_SECONDS = numberEnv("BENCH_SOAK_SECONDS", 600);
const PASSES = Math.round(numberEnv("BENCH_RT_PASSES", 5));
const PLAY_REPEATS = Math.round(numberEnv("BENCH_PLAY_REPEATS", 5));
const THREADS = (process.env.BENCH_THREADS ?? "1,2,4").split(",").map(Number);
const PARTS = new Set((process.env.BENCH_PARTS ?? "node,browser").split(","));
const DEMOS = ["reconstruct", "effect-transfer"];

/** Runs bench/realtime/child.ts at `threads` WASM threads in a fresh Node process. */
async function child(threads: number, dir: string): Promise<ChildResult> {
  const out = join(dir, `threads-${threads}.json`);
  const args = ["--import", "tsx", "bench/realtime/child.ts", String(threads), String(PASSES), out];
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: APP_ROOT, stdio: "inherit" });
    p.on("error", reject);
    p.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`bench/realtime/child.ts ${threads} exited with ${code}`);
  return JSON.parse(await readFile(out, "utf8")) as ChildResult;
}

/** A run that leaves a part out (BENCH_PARTS) keeps that part's figures of the last report, dated. */
async function keepFromLastReport(report: RealtimeReport): Promise<void> {
  if (PARTS.has("node") && PARTS.has("browser")) return;
  let last: RealtimeReport;
  try {
    last = JSON.parse(
      await readFile(`${APP_ROOT}/bench/results/realtime.json`, "utf8"),
    ) as RealtimeReport;
  } catch {
    return; // no earlier report: the parts left out stay empty
  }
  if (!PARTS.has("node")) {
    report.node = last.node;
    report.passes = last.passes;
    report.nodeMeasuredAt = last.nodeMeasuredAt ?? last.machine.date;
  }
  if (!PARTS.has("browser")) {
    report.playToSound = last.playToSound;
    report.soak = last.soak;
    report.browserMeasuredAt = last.browserMeasuredAt ?? last.machine.date;
  }
}

async function main(): Promise<void> {
  if (THREADS.some((t) => !(Number.isInteger(t) && t >= 1)))
    throw new Error(
      `BENCH_THREADS must list thread counts ≥ 1, got "${process.env.BENCH_THREADS}"`,
    );
  const report: RealtimeReport = {
    machine: machine(),
    loadAtStart: load(),
    passes: PASSES,
    node: [],
    playToSound: [],
    soak: undefined,
    soakAsked: SOAK_SECONDS,
    chromium: hasChromium,
    browserMeasuredAt: undefined,
    loadAtEnd: [0, 0, 0],
  };
  if (PARTS.has("node")) {
    const dir = await mkdtemp(join(tmpdir(), "bench-realtime-"));
    try {
      for (const t of THREADS) {
        console.log(`Node: ${t} WASM thread(s), ${PASSES} passes per configuration…`);
        report.node.push(await child(t, dir));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  await keepFromLastReport(report);
  if (PARTS.has("browser") && hasChromium) {
    report.browserMeasuredAt = report.machine.date;
    const play: PlayToSound[] = await measurePlayToSound(DEMOS, PLAY_REPEATS);
    report.playToSound.push(...play);
    console.log(`soak: ${SOAK_SECONDS} s…`);
    const s: Soak = await soak(SOAK_SECONDS);
    report.soak = s;
  }
  report.loadAtEnd = load();
  await mkdir(`${APP_ROOT}/bench/results`, { recursive: true });
  await writeFile(
    `${APP_ROOT}/bench/results/realtime.json`,
    `${JSON.stringify(report, null, 2)}\n`,
  );
  const md = markdown(report);
  await writeFile(`${APP_ROOT}/bench/results/realtime.md`, md);
  console.log(md);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
