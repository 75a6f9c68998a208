/**
 * `npm run fuzz`: every loader a user's file reaches, fed mutated real inputs and hostile
 * generated ones, each case in a killable worker process with a time and memory ceiling. Writes
 * bench/results/fuzz.{json,md} and saves every crash, hang or memory blow-up under
 * tests/fuzz/cases/. Flags: --cases N (per loader), --loader a,b, --seed S, --jobs J, --out DIR,
 * --minutes M (a wall-clock budget per loader: past it, the loader stops after the batches in
 * flight and the report says how many of its cases ran). Ctrl+C stops the same way and still
 * writes the report; the report is rewritten after each loader.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { LOADERS } from "./loaders";
import { saveCase, writeReport } from "./report";
import { Tally } from "./tally";
import { FuzzWorker, type CaseResult } from "./worker";

const { values } = parseArgs({
  options: {
    cases: { type: "string" },
    loader: { type: "string" },
    seed: { type: "string", default: "20261206" },
    jobs: { type: "string", default: "2" },
    batch: { type: "string", default: "200" },
    minutes: { type: "string" },
    heap: { type: "string", default: "2048" },
    ceiling: { type: "string", default: "512" },
    out: { type: "string", default: "bench/results" },
    save: { type: "string", default: "tests/fuzz/cases" },
  },
});

const root = resolve(import.meta.dirname, "../..");
const seed = Number(values.seed);
const jobs = Math.max(1, Number(values.jobs));
const batch = Math.max(1, Number(values.batch));
const ceilingMB = Number(values.ceiling);
const wanted = values.loader?.split(",") ?? LOADERS.map((l) => l.name);
const unknown = wanted.filter((w) => !LOADERS.some((l) => l.name === w));
if (unknown.length > 0) {
  console.error(
    `unknown loader ${unknown.join(", ")} (have: ${LOADERS.map((l) => l.name).join(", ")})`,
  );
  process.exit(2);
}
const saveDir = resolve(root, values.save);
mkdirSync(saveDir, { recursive: true });

const budgetMs = values.minutes ? Number(values.minutes) * 60_000 : Infinity;
let interrupted = false;
const stop = () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.log("stopping after the batches in flight (again to quit at once)");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const tallies: Tally[] = [];
const writeRunReport = () =>
  writeReport(resolve(root, values.out), {
    seed,
    jobs,
    ceilingMB,
    heapMB: Number(values.heap),
    tallies,
    root,
    complete: values.cases === undefined,
  });
for (const loader of LOADERS.filter((l) => wanted.includes(l.name))) {
  const count = values.cases ? Number(values.cases) : loader.defaultCases;
  if (interrupted) break;
  const tally = new Tally(loader.name, count);
  tallies.push(tally);
  const corpus = await loader.corpus(root);
  const t0 = Date.now();
  const queue: number[][] = [];
  for (let i = 0; i < count; i += batch)
    queue.push(Array.from({ length: Math.min(batch, count - i) }, (_, k) => i + k));
  const report = (r: CaseResult) => {
    let outcome = r.outcome;
    if (outcome.kind !== "over-memory" && r.growthMB > ceilingMB) {
      outcome = {
        kind: "over-memory",
        message: `peak RSS grew ${r.growthMB.toFixed(0)} MB (ceiling ${ceilingMB} MB)`,
      };
    }
    if (outcome.kind === "crashed" || outcome.kind === "hung" || outcome.kind === "over-memory") {
      const saved = saveCase(saveDir, loader, corpus, seed, r.index, outcome);
      const { note, bytes } = saved.entry;
      tally.add(r.index, outcome, r.ms, r.growthMB, bytes, note);
      tally.find({
        index: r.index,
        note,
        bytes,
        ms: r.ms,
        growthMB: r.growthMB,
        outcome: outcome.kind,
        kind: outcome.kind,
        message: outcome.message,
        saved: saved.path,
      });
      console.log(
        `  ${loader.name} #${r.index} ${outcome.kind}: ${outcome.message.slice(0, 160)} [${note.slice(0, 80)}]`,
      );
    } else {
      tally.add(r.index, outcome, r.ms, r.growthMB, r.bytes, r.note);
    }
  };
  let lastLog = 0;
  const work = async () => {
    const worker = new FuzzWorker({
      loader: loader.name,
      root,
      limitMs: loader.limitMs,
      heapMB: Number(values.heap),
      restartMB: ceilingMB,
    });
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (interrupted || Date.now() - t0 > budgetMs) {
          tally.stopped = interrupted ? "interrupted" : `time budget of ${values.minutes} min`;
          break;
        }
        const left = await worker.runBatch(seed, next, report);
        if (left.length > 0) queue.unshift(left);
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          console.log(
            `${loader.name}: ${tally.cases}/${count} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
          );
        }
      }
    } finally {
      worker.close();
    }
  };
  await Promise.all(Array.from({ length: jobs }, work));
  tally.wallMs = Date.now() - t0;
  const t = tally.toJSON();
  writeRunReport();
  console.log(
    `${loader.name}: ${t.cases} cases in ${t.wallSeconds.toFixed(0)} s: ${t.loaded} loaded, ${t.refusedTotal} refused, ${t.crashed} crashed, ${t.hung} hung, ${t.overMemory} over memory`,
  );
}
