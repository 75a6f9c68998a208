/**
 * One fuzz worker process: opens a loader once, then runs the case indices the runner sends,
 * reporting the start and end of each so the runner can time it out and kill this process.
 * Started by run.ts with `--max-old-space-size`; never run by hand.
 */
import { classify } from "./classify";
import { LOADERS } from "./loaders";
import { caseSeed, Rng } from "./rng";
import type { Outcome } from "./types";

/** Messages from the runner. */
export interface RunCases {
  readonly type: "cases";
  readonly seed: number;
  readonly indices: readonly number[];
}

/** Messages to the runner. */
export type WorkerMessage =
  | { readonly type: "ready"; readonly rssMB: number }
  | { readonly type: "start"; readonly index: number }
  | {
      readonly type: "done";
      readonly index: number;
      readonly outcome: Outcome;
      readonly ms: number;
      readonly growthMB: number;
      readonly bytes: number;
      readonly note: string;
    }
  | { readonly type: "batch-done"; readonly restart: boolean };

const MB = 1024 * 1024;
const [name, root, restartMB] = process.argv.slice(2);
const loader = LOADERS.find((l) => l.name === name);
if (!loader || !root) throw new Error(`usage: child.ts <loader> <root> <restartMB>`);
const send = (m: WorkerMessage) => process.send?.(m);
const peakRss = () => process.resourceUsage().maxRSS * 1024;

// An orphan (the runner died or was stopped) has nobody to report to.
process.on("disconnect", () => process.exit(0));
// Ctrl+C reaches the whole process group; the runner decides when this worker stops.
process.on("SIGINT", () => undefined);

let stray: unknown;
// A promise our code forgot is a crash of whichever case was running.
process.on("unhandledRejection", (reason) => {
  stray ??= reason;
});

const corpus = await loader.corpus(root);
const target = await loader.open(corpus, root);
const baseline = process.memoryUsage().rss;
send({ type: "ready", rssMB: baseline / MB });

process.on("message", (msg: RunCases) => {
  void (async () => {
    for (const index of msg.indices) {
      const c = loader.generate(corpus, new Rng(caseSeed(msg.seed, loader.name, index)));
      const before = process.memoryUsage().rss;
      const peakBefore = peakRss();
      send({ type: "start", index });
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        await target.run(c);
        outcome = { kind: "loaded" };
      } catch (err) {
        outcome = classify(err, loader.expected, loader.singleLine);
      }
      await new Promise((r) => setImmediate(r));
      if (stray !== undefined) {
        const s = classify(stray, []);
        outcome = {
          kind: "crashed",
          cls: "unhandledRejection",
          message: "message" in s ? s.message : "",
        };
        stray = undefined;
      }
      const ms = performance.now() - t0;
      // Only a case that raised the high-water mark shows how far it went; one below it reads 0.
      const peakAfter = peakRss();
      const growthMB = peakAfter > peakBefore ? (peakAfter - before) / MB : 0;
      send({
        type: "done",
        index,
        outcome,
        ms,
        growthMB,
        bytes: c.bytes.length,
        note: c.note.slice(0, 200),
      });
      if ((peakRss() - baseline) / MB > Number(restartMB)) {
        // The high-water mark no longer says anything about the next case: start afresh.
        send({ type: "batch-done", restart: true });
        return;
      }
    }
    send({ type: "batch-done", restart: false });
  })();
});
