/**
 * `npm run bench:ort-memory`: writes bench/results/ort-memory.md.
 *
 * What onnxruntime-web's session options and V8's WebAssembly tiers do to the CLI's memory:
 * each configuration is its own Node process (bench/ortMemoryProbe.mjs) that creates the
 * default pack's two sessions and runs `BENCH_BLOCKS` (100) blocks through them, under
 * /usr/bin/time for peak RSS and CPU. Configurations run interleaved, `BENCH_ROUNDS` (2) times.
 */
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { ROOT, TIME } from "./cliFiles";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const CONFIGS: { label: string; options: object; flags?: string[] }[] = [
  { label: "defaults (what the CLI uses)", options: {} },
  { label: "enableCpuMemArena: false", options: { enableCpuMemArena: false } },
  { label: "enableMemPattern: false", options: { enableMemPattern: false } },
  {
    label: "both off, executionMode sequential",
    options: { enableCpuMemArena: false, enableMemPattern: false, executionMode: "sequential" },
  },
  { label: 'graphOptimizationLevel: "basic"', options: { graphOptimizationLevel: "basic" } },
  { label: 'graphOptimizationLevel: "disabled"', options: { graphOptimizationLevel: "disabled" } },
  {
    label: "node --liftoff-only (no optimising WASM tier)",
    options: {},
    flags: ["--liftoff-only"],
  },
];

interface Sample {
  createdMb: number;
  peakMb: number;
  maxRssMb: number;
  cpuS: number;
  runMs: number;
}

function probe(options: object, flags: string[]): Sample {
  const args = ["-f", "TIME %M %U %S", "node", ...flags, "bench/ortMemoryProbe.mjs"];
  const r = spawnSync(TIME, [...args, JSON.stringify(options), String(BLOCKS)], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const time = /TIME (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  const line = /PROBE (\d+) (\d+) (\d+)/.exec(r.stdout);
  if (r.status !== 0 || !time || !line)
    throw new Error(`probe ${JSON.stringify(options)}: ${r.stderr}`);
  return {
    createdMb: Number(line[1]),
    peakMb: Number(line[2]),
    runMs: Number(line[3]),
    maxRssMb: Number(time[1]) / 1024,
    cpuS: Number(time[2]) + Number(time[3]),
  };
}

async function main(): Promise<void> {
  const samples = CONFIGS.map(() => [] as Sample[]);
  for (let round = 0; round < ROUNDS; round++)
    CONFIGS.forEach((c, i) => {
      const s = probe(c.options, c.flags ?? []);
      samples[i]!.push(s);
      console.log(`${c.label}: ${s.maxRssMb.toFixed(0)} MB peak, ${s.cpuS.toFixed(2)} s CPU`);
    });
  const range = (xs: number[], d = 0) => {
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
    return lo.toFixed(d) === hi.toFixed(d) ? lo.toFixed(d) : `${lo.toFixed(d)}–${hi.toFixed(d)}`;
  };
  const rows = CONFIGS.map((c, i) => {
    const s = samples[i]!;
    return `| ${c.label} | ${range(s.map((x) => x.createdMb))} MB | ${range(s.map((x) => x.maxRssMb))} MB | ${range(
      s.map((x) => x.cpuS),
      2,
    )} s |`;
  });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  await writeFile(
    join(ROOT, "bench/results/ort-memory.md"),
    `# onnxruntime-web options and the CLI's memory

\`npm run bench:ort-memory\` (bench/ortMemory.ts), ${new Date().toISOString().slice(0, 10)}, ${machine}.
One Node process per row and round (${ROUNDS} rounds, interleaved): the default pack's encoder and
decoder sessions created with the options shown, then ${BLOCKS} blocks run through both (512 STFT
frames into the encoder, 128 latent frames into the decoder). RSS after creating both sessions
from \`process.memoryUsage()\`; peak RSS and CPU (user + sys, the whole process) from
\`/usr/bin/time\`. A process that only imports onnxruntime-web sits near 45 MB.

| configuration | RSS after creation | peak RSS | CPU |
| ------------- | ------------------ | -------- | --- |
${rows.join("\n")}

The CLI keeps onnxruntime's defaults (as the app does). The arena and memory-pattern switches
change nothing measurable here. A lower \`graphOptimizationLevel\` lowers the peak, but the
model's outputs change (on 2026-12-06 the default decoder's log-magnitudes differed by up to
3e-5, the encoder's latents by 1e-6, from the fully optimised graph), so every bit-exact
comparison between the app, the CLI and the stored results would have to be revisited and
the browser measured too first. \`--liftoff-only\` keeps V8 from compiling onnxruntime's hot
WASM functions with its optimising tier: the least memory, but the model runs on slower code.
`,
  );
}

await main();
