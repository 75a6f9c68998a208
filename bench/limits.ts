/**
 * `npm run bench:limits`: writes bench/results/limits.{json,md}.
 *
 * How long hostile files take to be refused: the crafted nested patch (6 levels × 10 instances,
 * a chain of ten LatentScale at the bottom: a few KB that expand to a million nodes) through
 * parsePatch, and a 1,000:1 zip bomb (200 MiB of zeros in ~200 KiB) through readZip, honest and
 * with a header that lies about its size. For comparison, what the code before the limits did
 * with smaller versions: schema + checks on 5 levels (100,000 nodes; 6 levels took 46 s and
 * 2.7 GB), fflate's unzipSync on the bomb; and readZip's speed on an honest, incompressible
 * 64 MiB entry against unzipSync. Medians over repeated runs, on this shared machine.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { strToU8, unzipSync, zipSync } from "fflate";
import { checkPatch } from "../src/engine/patch/checks";
import { parsePatch } from "../src/engine/patch/parse";
import { patchSchema } from "../src/engine/patch/schema";
import { nodeRegistry } from "../src/nodes";
import { readZip } from "../src/ui/bundle/zipFiles";
import { declareSize, noise, streamZip, zeros } from "../tests/files/zipBombs";
import { nestedBomb } from "../tests/patch/hostile";

const ROOT = new URL("..", import.meta.url).pathname;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 15);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median milliseconds of `fn` over `repeats` runs; `fn` may throw (a refusal is the point). */
function time(fn: () => unknown, repeats = REPEATS): { ms: number; outcome: string } {
  const runs: number[] = [];
  let outcome = "";
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    try {
      fn();
      outcome = "accepted";
    } catch (err) {
      outcome = err instanceof Error ? err.message.split("\n")[0]! : String(err);
    }
    runs.push(performance.now() - t);
  }
  return { ms: median(runs), outcome };
}

const rows: { what: string; ms: number; outcome: string }[] = [];
const add = (what: string, r: { ms: number; outcome: string }) => {
  rows.push({ what, ...r });
  console.log(`${what}: ${r.ms.toFixed(2)} ms — ${r.outcome}`);
};

const bombText = JSON.stringify(nestedBomb(6, 10));
add(
  `nested patch, 6 × 10 (${bombText.length} bytes): parsePatch`,
  time(() => parsePatch(bombText, nodeRegistry)),
);
const five = nestedBomb(5, 10);
add(
  "before the limits: schema + checks on 5 × 10 (100,000 nodes)",
  time(() => checkPatch(patchSchema.parse(five), nodeRegistry), 3),
);

const bomb = streamZip({ "patch.json": () => [strToU8("{}")], "zeros.bin": () => zeros(200) });
add(
  `zip bomb, 200 MiB of zeros in ${bomb.length} bytes: readZip`,
  time(() => readZip(bomb, "bomb.zip")),
);
const lying = declareSize(bomb, 30 << 20, "zeros.bin");
add(
  "the same bomb declaring 30 MiB (refused while inflating): readZip",
  time(() => readZip(lying, "bomb.zip")),
);
add(
  "before the limits: unzipSync on the bomb",
  time(() => unzipSync(bomb), 3),
);

const honest = zipSync({ "model.onnx": [noise(64 << 20), { level: 6 }] });
add(
  "honest 64 MiB incompressible entry: readZip",
  time(() => readZip(honest, "pack.zip"), 5),
);
add(
  "honest 64 MiB incompressible entry: unzipSync",
  time(() => unzipSync(honest), 5),
);

const md = [
  "# Limits: how fast hostile files are refused",
  "",
  `\`npm run bench:limits\` (bench/limits.ts), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (shared); medians.`,
  "",
  "| case | ms | outcome |",
  "| --- | ---: | --- |",
  ...rows.map((r) => `| ${r.what} | ${r.ms.toFixed(2)} | ${r.outcome.replace(/\|/g, "\\|")} |`),
  "",
];
await mkdir(`${ROOT}bench/results`, { recursive: true });
await writeFile(`${ROOT}bench/results/limits.json`, JSON.stringify(rows, null, 2) + "\n");
await writeFile(`${ROOT}bench/results/limits.md`, md.join("\n"));
