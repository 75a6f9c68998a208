/**
 * The runner's side of one worker process: starts it, hands it batches, times each case out and
 * kills the process on a hang or when it dies of memory, saying which case was in flight.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { WorkerMessage } from "./child";
import type { Outcome } from "./types";

export interface WorkerOptions {
  readonly loader: string;
  readonly root: string;
  readonly limitMs: number;
  readonly heapMB: number;
  /** Restart the process once its peak RSS passes its start by this much. */
  readonly restartMB: number;
}

/** One finished case as the worker reported it (or as the runner judged a killed one). */
export interface CaseResult {
  readonly index: number;
  readonly outcome: Outcome;
  readonly ms: number;
  readonly growthMB: number;
  readonly bytes: number;
  readonly note: string;
}

/**
 * CPU milliseconds the process has used (user + system, from /proc), or undefined off Linux. A
 * hang is judged on CPU time so that a busy shared machine does not turn slow cases into hangs.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ");
    return ((Number(fields?.[11]) + Number(fields?.[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Wall-clock time a case may take however busy the machine is, as a multiple of its CPU limit. */
const WALL_FACTOR = 15;

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
const SETUP_LIMIT_MS = 180_000;

/** A worker process; `runBatch` resolves with the indices it did not get to. */
export class FuzzWorker {
  private child: ChildProcess | undefined;
  private stderr = "";

  constructor(private readonly opts: WorkerOptions) {}

  private async start(): Promise<ChildProcess> {
    const { loader, root, heapMB, restartMB } = this.opts;
    this.stderr = "";
    const child = fork(CHILD, [loader, root, String(restartMB)], {
      execArgv: ["--import", "tsx", `--max-old-space-size=${heapMB}`, "--stack-size=984"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${loader} worker: no ready in ${SETUP_LIMIT_MS} ms`)),
        SETUP_LIMIT_MS,
      );
      child.once("message", (m: WorkerMessage) => {
        clearTimeout(timer);
        if (m.type === "ready") resolve();
        else reject(new Error(`${loader} worker: unexpected ${m.type}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(
          new Error(`${loader} worker exited (${code}) during setup: ${this.stderr.slice(-1000)}`),
        );
      });
    });
    child.removeAllListeners("exit");
    this.child = child;
    return child;
  }

  /** Runs `indices`, reporting each case; resolves with those left undone (after a kill). */
  async runBatch(
    seed: number,
    indices: readonly number[],
    report: (r: CaseResult) => void,
  ): Promise<number[]> {
    const child = this.child ?? (await this.start());
    return new Promise<number[]>((resolve) => {
      const done = new Set<number>();
      let current: number | undefined;
      let startedAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const rest = () => indices.filter((i) => !done.has(i) && i !== current);
      const finish = (left: number[]) => {
        clearInterval(timer);
        child.removeAllListeners("message");
        child.removeAllListeners("exit");
        resolve(left);
      };
      const killFor = (outcome: Outcome) => {
        if (current !== undefined) {
          report({
            index: current,
            outcome,
            ms: performance.now() - startedAt,
            growthMB: 0,
            bytes: 0,
            note: "",
          });
        }
        child.removeAllListeners("exit");
        child.kill("SIGKILL");
        this.child = undefined;
        const left = rest();
        // Without a case in flight, the first undone one takes the blame so the run moves on.
        if (current === undefined && left.length > 0) {
          report({
            index: left[0]!,
            outcome: { kind: "hung", message: "worker stalled between cases" },
            ms: 0,
            growthMB: 0,
            bytes: 0,
            note: "",
          });
          left.shift();
        }
        finish(left);
      };
      const arm = (ms: number, cpuLimit?: number) => {
        clearInterval(timer);
        const t0 = performance.now();
        const cpu0 = cpuMs(child.pid);
        timer = setInterval(() => {
          const wall = performance.now() - t0;
          const cpu = cpuMs(child.pid);
          const used = cpu !== undefined && cpu0 !== undefined ? cpu - cpu0 : wall;
          if (cpuLimit !== undefined && used > cpuLimit) {
            killFor({
              kind: "hung",
              message: `used ${used.toFixed(0)} ms of CPU (limit ${cpuLimit} ms)`,
            });
          } else if (wall > ms) {
            killFor({ kind: "hung", message: `no result in ${ms} ms of wall-clock time` });
          }
        }, 100);
      };
      child.on("message", (m: WorkerMessage) => {
        if (m.type === "start") {
          current = m.index;
          startedAt = performance.now();
          arm(this.opts.limitMs * WALL_FACTOR, this.opts.limitMs);
        } else if (m.type === "done") {
          done.add(m.index);
          current = undefined;
          report(m);
          arm(60_000);
        } else if (m.type === "batch-done") {
          if (m.restart) {
            child.kill("SIGKILL");
            this.child = undefined;
          }
          finish(rest());
        }
      });
      child.on("exit", (code, signal) => {
        this.child = undefined;
        const oom = /heap out of memory|Array buffer allocation failed|allocation failed|OOM/i.test(
          this.stderr,
        );
        const message = `worker died (${signal ?? code})${oom ? " out of memory" : ""}: ${this.stderr.split("\n").filter(Boolean).slice(-2).join(" | ").slice(0, 300)}`;
        if (current !== undefined) {
          report({
            index: current,
            outcome: oom
              ? { kind: "over-memory", message }
              : { kind: "crashed", cls: "process", message },
            ms: performance.now() - startedAt,
            growthMB: 0,
            bytes: 0,
            note: "",
          });
        }
        const left = rest();
        if (current === undefined && left.length > 0) {
          report({
            index: left.shift()!,
            outcome: { kind: "crashed", cls: "process", message: `between cases, ${message}` },
            ms: 0,
            growthMB: 0,
            bytes: 0,
            note: "",
          });
        }
        finish(left);
      });
      arm(60_000);
      child.send({ type: "cases", seed, indices });
    });
  }

  close(): void {
    this.child?.kill("SIGKILL");
    this.child = undefined;
  }
}
