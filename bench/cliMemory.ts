/**
 * `npm run bench:cli`: writes bench/results/cli.{json,md}.
 *
 * Runs the `latent-patcher` command as a user does (`node bin/latent-patcher.mjs`, one process
 * per command, start-up and model load included) on 1, 5 and 10 minute recordings made by
 * looping the builtin recordings in assets/audio (16-bit mono 44.1 kHz): `encode`, `decode` of
 * its latents, and `render` of a patch AudioIn (the file) → Encode → Decode → AudioOut, all with
 * the default pack. Each command runs under /usr/bin/time, which reports its peak resident set
 * (maxRSS), wall time and CPU time (user + sys). The speed is audio seconds per wall second and
 * per CPU second: on a shared machine the CPU figure is the steadier one. `BENCH_MINUTES=1,5`
 * picks the lengths, `BENCH_COMMANDS=render` the commands; rows not run are kept from the
 * previous bench/results/cli.json, with that run's date.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { pickEntry } from "../bin/cliEntry.mjs";
import { encodeWav } from "../src/dsp/wav";
import { longRecording, RATE, reconstructPatch, ROOT, TIME, timedCli as timed } from "./cliFiles";

const MINUTES = (process.env.BENCH_MINUTES ?? "1,5,10").split(",").map(Number);
const COMMANDS = new Set((process.env.BENCH_COMMANDS ?? "encode,decode,render").split(","));
const RESULTS = join(ROOT, "bench/results/cli.json");

interface Run {
  readonly command: string;
  /** When it ran (YYYY-MM-DD). */
  readonly date?: string;
  readonly minutes: number;
  readonly maxRssMb: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly realtimeWall: number;
  readonly realtimeCpu: number;
}

async function main(): Promise<void> {
  const entry = pickEntry(ROOT, process.env.LATENT_PATCHER_FROM);
  console.log(
    entry.kind === "bundle"
      ? "running the prebuilt CLI (build/cli)"
      : `running the CLI from its sources through tsx (${entry.reason}; npm run build:cli builds it)`,
  );
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak memory`);
  const dir = await mkdtemp(join(tmpdir(), "lp-bench-cli-"));
  const runs: Run[] = [];
  try {
    for (const minutes of MINUTES) {
      const wav = join(dir, `long-${minutes}.wav`);
      await writeFile(wav, encodeWav([await longRecording(minutes)], RATE, "pcm16"));
      const patch = join(dir, `long-${minutes}.patch.json`);
      await writeFile(patch, reconstructPatch(`long-${minutes}.wav`));
      const npy = join(dir, `long-${minutes}.npy`);
      const commands: [string, string[]][] = [
        ["encode", ["encode", wav, "--out", npy]],
        ["decode", ["decode", npy, "--out", join(dir, `decoded-${minutes}.wav`)]],
        ["render", ["render", patch, "--out", join(dir, `rendered-${minutes}.wav`)]],
      ];
      // decode reads the latents encode writes.
      if (COMMANDS.has("decode") && !COMMANDS.has("encode")) COMMANDS.add("encode");
      for (const [command, args] of commands) {
        if (!COMMANDS.has(command)) continue;
        const t = timed(args);
        const audio = minutes * 60;
        const run = {
          command,
          date: new Date().toISOString().slice(0, 10),
          minutes,
          ...t,
          realtimeWall: audio / t.wallS,
          realtimeCpu: audio / t.cpuS,
        };
        runs.push(run);
        console.log(
          `${command} ${minutes} min: peak ${t.maxRssMb.toFixed(0)} MB, ${t.wallS.toFixed(1)} s wall (${run.realtimeWall.toFixed(0)}× real time), ${t.cpuS.toFixed(1)} s CPU (${run.realtimeCpu.toFixed(0)}×)`,
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  const how = entry.kind === "bundle" ? "prebuilt CLI" : "CLI from its sources (tsx)";
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}, ${how}`;
  const all = [...(await previousRuns()), ...runs].filter(
    (r, i, list) =>
      !list.slice(i + 1).some((s) => s.command === r.command && s.minutes === r.minutes),
  );
  all.sort((a, b) => a.minutes - b.minutes || order(a.command) - order(b.command));
  await writeFile(
    RESULTS,
    JSON.stringify({ date: new Date().toISOString(), machine, runs: all }, null, 2) + "\n",
  );
  // The profile notes (hand-made with --cpu-prof, see the file) follow the measured table.
  const profile = await readFile(join(ROOT, "bench/cli-profile.md"), "utf8");
  await writeFile(join(ROOT, "bench/results/cli.md"), `${report(all, machine)}\n${profile}`);
}

function order(command: string): number {
  return ["encode", "decode", "render"].indexOf(command);
}

/** The rows of the last run, each dated (rows from before dates were kept: that file's date). */
async function previousRuns(): Promise<Run[]> {
  if (!existsSync(RESULTS)) return [];
  const last = JSON.parse(await readFile(RESULTS, "utf8")) as { date: string; runs: Run[] };
  return last.runs.map((r) => ({ ...r, date: r.date ?? last.date.slice(0, 10) }));
}

function report(runs: readonly Run[], machine: string): string {
  const rows = runs.map(
    (r) =>
      `| ${r.command} | ${r.minutes} min | ${r.date ?? ""} | ${r.maxRssMb.toFixed(0)} MB | ${r.wallS.toFixed(1)} s | ${r.realtimeWall.toFixed(0)}× | ${r.cpuS.toFixed(1)} s | ${r.realtimeCpu.toFixed(0)}× |`,
  );
  const pair = (m: number) => {
    const e = runs.find((r) => r.command === "encode" && r.minutes === m);
    const d = runs.find((r) => r.command === "decode" && r.minutes === m);
    if (!e || !d) return "";
    const wall = (m * 60) / (e.wallS + d.wallS);
    const cpu = (m * 60) / (e.cpuS + d.cpuS);
    return `Encode + decode of ${m} minutes, end to end: ${wall.toFixed(0)}× real time by the wall clock, ${cpu.toFixed(0)}× per CPU second.\n`;
  };
  return `# CLI on long files: peak memory and speed

\`npm run bench:cli\` (bench/cliMemory.ts), ${new Date().toISOString().slice(0, 10)}, ${machine}.
Each row is one \`latent-patcher\` process (start-up and model load included) on a recording
made by looping assets/audio (16-bit mono 44.1 kHz), default pack, one thread. Peak RSS, wall
and CPU (user + sys) time from \`/usr/bin/time\`; the machine is shared, so the CPU column is
the steadier speed. \`BENCH_COMMANDS\` reruns some commands only: the other rows are kept
from an earlier run ("run on").

| command | length | run on | peak RSS | wall | × real time | CPU | × per CPU s |
| ------- | ------ | ------ | -------- | ---- | ----------- | --- | ----------- |
${rows.join("\n")}

${pair(5)}`;
}

await main();
