/** Saving failing cases as regression fixtures, and writing bench/results/fuzz.{json,md}. */
import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, relative } from "node:path";
import { MAX_REFUSAL_LINE, MAX_REFUSAL_LINES } from "./classify";
import { caseSeed, Rng } from "./rng";
import type { Tally } from "./tally";
import type { FuzzLoader, Outcome } from "./types";

/** Inputs up to this size are saved as bytes; bigger ones only as their seed and index. */
const MAX_SAVED_BYTES = 256 * 1024;

/** A saved case: enough to regenerate it (loader, seed, index) and what it did. */
export interface SavedCase {
  readonly loader: string;
  readonly seed: number;
  readonly index: number;
  readonly note: string;
  readonly bytes: number;
  readonly outcome: string;
  readonly message: string;
  /** The input file beside this record, when small enough to keep. */
  readonly input?: string;
  readonly meta?: Readonly<Record<string, string>>;
}

/** Regenerates case `index` and saves it under `dir`; returns the record and its path. */
export function saveCase<C>(
  dir: string,
  loader: FuzzLoader<C>,
  corpus: C,
  seed: number,
  index: number,
  outcome: Exclude<Outcome, { kind: "loaded" } | { kind: "refused" }>,
): { entry: SavedCase & { index: number }; path: string } {
  const c = loader.generate(corpus, new Rng(caseSeed(seed, loader.name, index)));
  const base = `${loader.name}-${seed}-${index}`;
  const input = c.bytes.length <= MAX_SAVED_BYTES ? `${base}.${loader.ext}` : undefined;
  if (input) writeFileSync(join(dir, input), c.bytes);
  const entry: SavedCase = {
    loader: loader.name,
    seed,
    index,
    note: c.note,
    bytes: c.bytes.length,
    outcome: outcome.kind,
    message: outcome.message,
    ...(input ? { input } : {}),
    ...(c.meta ? { meta: c.meta } : {}),
  };
  const path = join(dir, `${base}.json`);
  writeFileSync(path, `${JSON.stringify(entry, null, 2)}\n`);
  return { entry, path: relative(process.cwd(), path) };
}

export interface RunSummary {
  readonly seed: number;
  readonly jobs: number;
  readonly ceilingMB: number;
  readonly heapMB: number;
  readonly tallies: readonly Tally[];
  readonly root: string;
  /**
   * A run at the default case counts writes fuzz.* (a run of some loaders replaces just their
   * entries, keeping the others'); a run with --cases writes fuzz-partial.*.
   */
  readonly complete: boolean;
}

function commitOf(root: string): string {
  try {
    const head = execSync("git rev-parse --short HEAD", { cwd: root }).toString().trim();
    const dirty = execSync("git status --porcelain -- src bench/fuzz", { cwd: root })
      .toString()
      .trim();
    return dirty ? `${head} (+ uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
}

/** When classify.ts began to count an unreadable refusal as a crash (commit 7181864). */
const READABLE_RULE_SINCE = Date.parse("2026-12-06T18:54:16Z");
/** When the patch size limits and the limited unzip were merged (merge 72f19c6). */
const LIMITS_SINCE = Date.parse("2026-12-06T08:53:50Z");
/** Loaders that never reach the patch limits or the unzip. */
const OUTSIDE_LIMITS = new Set(["manifest", "onnx", "onnx-native"]);

/** The header's lines on which rules and limits each row ran under, from the rows' dates. */
function history(loaders: readonly { loader: string; date: string }[]): string[] {
  const before = (since: number, skip = new Set<string>()) =>
    loaders.filter((l) => !skip.has(l.loader) && Date.parse(l.date) < since).map((l) => l.loader);
  const unruled = before(READABLE_RULE_SINCE);
  const unlimited = before(LIMITS_SINCE, OUTSIDE_LIMITS);
  return [
    `A refusal must also stay readable: at most ${MAX_REFUSAL_LINES} lines, none over ${MAX_REFUSAL_LINE.toLocaleString("en-US")} characters`,
    unruled.length === 0
      ? "(a rule added 2026-12-06; every loader below ran under it)."
      : `(a rule added 2026-12-06; ${unruled.join(", ")} ran before it, the others under it).`,
    unlimited.length === 0
      ? "Every loader ran with the patch size limits and the limited unzip (merge 72f19c6)."
      : `The patch size limits and the limited unzip are merged (merge 72f19c6); ${unlimited.join(", ")} ran before them.`,
  ];
}

/** Writes the run's JSON and Markdown reports under `dir`. */
export function writeReport(dir: string, run: RunSummary): void {
  const name = run.complete ? "fuzz" : "fuzz-partial";
  const commit = commitOf(run.root);
  const date = new Date().toISOString();
  const fresh = run.tallies.map((t) => ({ ...t.toJSON(), commit, date, seed: run.seed }));
  const path = join(dir, `${name}.json`);
  const kept: typeof fresh =
    run.complete && existsSync(path)
      ? (JSON.parse(readFileSync(path, "utf8")) as { loaders: typeof fresh }).loaders.filter(
          (old) => !fresh.some((f) => f.loader === old.loader),
        )
      : [];
  const order = ["text", "patch", "wav", "manifest", "onnx", "onnx-native", "bundle"];
  const loaders = [...kept, ...fresh].sort(
    (a, b) => order.indexOf(a.loader) - order.indexOf(b.loader),
  );
  const json = {
    date,
    commit,
    node: process.version,
    cpus: cpus().length,
    seed: run.seed,
    jobs: run.jobs,
    heapMB: run.heapMB,
    memoryCeilingMB: run.ceilingMB,
    totalSeconds: loaders.reduce((a, l) => a + l.wallSeconds, 0),
    limitsMerged: true,
    loaders,
  };
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  const md: string[] = [
    "# Fuzzing report",
    "",
    `\`npm run fuzz\`: seed ${run.seed}, ${run.jobs} worker processes (Node ${json.node}, ${json.cpus} CPUs,`,
    `shared with other work), ${(json.totalSeconds / 60).toFixed(1)} minutes in all; each loader's commit and date below.`,
    `Each case runs in a worker process with a ${run.heapMB} MB heap; a case that outlives its loader's`,
    `time limit is a hang, one whose peak RSS grows more than ${run.ceilingMB} MB (or kills the worker for`,
    "memory) is over memory. Crashes are anything thrown that is not an Error of the loader's refusal",
    "classes with a non-empty message, and any TypeError/RangeError/… from inside our code.",
    ...history(loaders),
    "",
    "| loader | cases | loaded | refused | crashed | hung | over memory | mean ms/case | wall s | commit |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...loaders.map(
      (l) =>
        `| ${l.loader} | ${l.cases}${l.cases < l.planned ? ` of ${l.planned}` : ""} | ${l.loaded} | ${l.refusedTotal} | ${l.crashed} | ${l.hung} | ${l.overMemory} | ${l.meanCaseMs.toFixed(2)} | ${l.wallSeconds.toFixed(0)} | ${l.commit} |`,
    ),
    "",
  ];
  for (const l of loaders) {
    const stopped = l.stopped
      ? ` Stopped by its ${l.stopped} after ${l.cases} of ${l.planned} cases.`
      : "";
    md.push(
      `## ${l.loader}`,
      "",
      `Ran on commit ${l.commit}, ${l.date}, seed ${l.seed}.${stopped}`,
      "",
    );
    md.push(
      `By generator: ${Object.entries(l.byGenerator)
        .map(
          ([k, g]) => `${k} ${g.cases} cases (${g.loaded} loaded, ${g.meanMs.toFixed(1)} ms mean)`,
        )
        .join("; ")}.`,
      "",
    );
    md.push(
      `Refused by class: ${
        Object.entries(l.refused)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "none"
      }; longest message ${l.maxMessageLength} characters, ${l.maxMessageLines} lines.`,
      "",
    );
    for (const [cls, message] of Object.entries(l.refusalExamples))
      md.push(`- e.g. ${cls}: \`${message.slice(0, 160).replace(/`/g, "'")}\``);
    md.push("", "Slowest cases:", "");
    for (const c of l.slowest.slice(0, 5))
      md.push(
        `- #${c.index} ${c.ms.toFixed(0)} ms, ${c.outcome}, ${c.bytes} bytes: ${c.note.slice(0, 100)}`,
      );
    md.push("", "Largest peak-RSS growth:", "");
    for (const c of l.hungriest.slice(0, 3))
      md.push(`- #${c.index} ${c.growthMB.toFixed(0)} MB, ${c.outcome}: ${c.note.slice(0, 100)}`);
    if (l.findings.length > 0) {
      md.push("", "Findings (inputs saved under tests/fuzz/cases/):", "");
      for (const f of l.findings.slice(0, 30))
        md.push(
          `- #${f.index} **${f.kind}** ${f.message.slice(0, 160)} — ${f.note.slice(0, 100)} (\`${f.saved}\`)`,
        );
      if (l.findings.length > 30) md.push(`- … and ${l.findings.length - 30} more in fuzz.json`);
    }
    md.push("");
  }
  writeFileSync(join(dir, `${name}.md`), md.join("\n"));
}
