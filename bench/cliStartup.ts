/**
 * `npm run bench:cli-startup`: writes bench/results/cli-startup.{json,md}.
 *
 * The same `latent-patcher` commands run two ways, interleaved on the same machine: from the
 * TypeScript sources through tsx (LATENT_PATCHER_FROM=source) and from the prebuilt bundle
 * (LATENT_PATCHER_FROM=bundle, built first by scripts/buildCli.mjs). Start-up: `--help` and
 * `validate` of an example, medians of `BENCH_REPEATS` (5) processes. Long
 * files: `encode`, `decode` and `render` of a `BENCH_MINUTES` (10) minute recording, as
 * bench:cli runs them, `BENCH_ROUNDS` (1) times each way. Peak RSS, wall and CPU (user + sys)
 * from /usr/bin/time.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav } from "../src/dsp/wav";
import {
  longRecording,
  RATE,
  reconstructPatch,
  ROOT,
  TIME,
  timedCli,
  type Timed,
} from "./cliFiles";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const WAYS = { source: "sources through tsx", bundle: "prebuilt bundle" } as const;
type Way = keyof typeof WAYS;

interface Row {
  readonly label: string;
  readonly way: Way;
  /** One entry per process run. */
  readonly runs: Timed[];
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak memory`);
  const built = spawnSync("node", ["scripts/buildCli.mjs"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error("scripts/buildCli.mjs failed");
  const dir = await mkdtemp(join(tmpdir(), "lp-bench-startup-"));
  const rows: Row[] = [];
  const row = (label: string, way: Way) => {
    let r = rows.find((x) => x.label === label && x.way === way);
    if (!r) rows.push((r = { label, way, runs: [] }));
    return r;
  };
  const measure = (label: string, args: string[], times: number) => {
    for (let i = 0; i < times; i++)
      for (const way of Object.keys(WAYS) as Way[]) {
        const t = timedCli(args, { LATENT_PATCHER_FROM: way });
        row(label, way).runs.push(t);
        console.log(
          `${label} (${way}): ${t.maxRssMb.toFixed(0)} MB, ${t.wallS} s wall, ${t.cpuS.toFixed(2)} s CPU`,
        );
      }
  };
  try {
    measure("--help", ["--help"], REPEATS);
    measure("validate (an example)", ["validate", "examples/reconstruct.patch.json"], REPEATS);
    const wav = join(dir, "long.wav");
    await writeFile(wav, encodeWav([await longRecording(MINUTES)], RATE, "pcm16"));
    const patch = join(dir, "long.patch.json");
    await writeFile(patch, reconstructPatch("long.wav"));
    const npy = join(dir, "long.npy");
    measure(`encode ${MINUTES} min`, ["encode", wav, "--out", npy], ROUNDS);
    measure(`decode ${MINUTES} min`, ["decode", npy, "--out", join(dir, "out.wav")], ROUNDS);
    measure(`render ${MINUTES} min`, ["render", patch, "--out", join(dir, "out.wav")], ROUNDS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  const date = new Date().toISOString();
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(
    join(ROOT, "bench/results/cli-startup.json"),
    JSON.stringify({ date, machine, rows }, null, 2) + "\n",
  );
  await writeFile(join(ROOT, "bench/results/cli-startup.md"), report(rows, date, machine));
}

function report(rows: readonly Row[], date: string, machine: string): string {
  const cell = (xs: number[], digits: number, unit: string) =>
    xs.length === 1 ? `${xs[0]!.toFixed(digits)} ${unit}` : `${median(xs).toFixed(digits)} ${unit}`;
  const lines = [...new Set(rows.map((r) => r.label))].map((label) => {
    const [src, bun] = (["source", "bundle"] as const).map((w) =>
      rows.find((r) => r.label === label && r.way === w),
    );
    const col = (r: Row | undefined) =>
      r
        ? [
            cell(
              r.runs.map((x) => x.wallS),
              2,
              "s",
            ),
            cell(
              r.runs.map((x) => x.cpuS),
              2,
              "s",
            ),
            cell(
              r.runs.map((x) => x.maxRssMb),
              0,
              "MB",
            ),
          ]
        : ["", "", ""];
    return `| ${label} | ${[...col(src), ...col(bun)].join(" | ")} |`;
  });
  return `# CLI start-up: sources through tsx vs the prebuilt bundle

\`npm run bench:cli-startup\` (bench/cliStartup.ts), ${date.slice(0, 10)}, ${machine}. Each
command runs as its own process both ways, interleaved: from the TypeScript sources through
tsx (\`LATENT_PATCHER_FROM=source\`) and from the bundle scripts/buildCli.mjs writes to
build/cli (\`LATENT_PATCHER_FROM=bundle\`). Wall, CPU (user + sys) and peak RSS from
\`/usr/bin/time\`; start-up rows are medians of ${REPEATS} processes, long-file rows of
${ROUNDS}. The machine is shared: CPU and memory are the steadier columns.

| command | tsx: wall | tsx: CPU | tsx: peak RSS | bundle: wall | bundle: CPU | bundle: peak RSS |
| ------- | --------- | -------- | ------------- | ------------ | ----------- | ---------------- |
${lines.join("\n")}
`;
}

await main();
