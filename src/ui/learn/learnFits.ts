/**
 * Fits of LearnedOp nodes from the page: each runs in an engine worker of its own (the engine's
 * code, apart from the one that streams, so playback never waits on a fit), one at a time. Cards
 * follow the fit in progress through `subscribe`. The result lands as one undoable edit of the
 * node's `operation`, so a playing patch switches to it like any parameter change.
 */
import { proxy, releaseProxy, wrap, type Remote } from "comlink";
import type { WorkerEngineHost } from "../../engine/worker/engineWorker";
import { configureFromPage, startEngineWorker } from "../../engine/worker/engineClient";
import { FIT_CANCELLED, type LearnFitResult } from "../../engine/worker/learnFit";
import type { PatchModel } from "../model/patchModel";
import { appModels } from "../bundle/modelShelf";

/** The fit in progress. */
export interface FitProgress {
  readonly nodeId: string;
  /** 0 to 1. */
  readonly fraction: number;
}

/** How a fit ended: a line for the card, and the result when it landed. */
export type FitOutcome =
  | { readonly ok: true; readonly result: LearnFitResult }
  | { readonly ok: false; readonly message: string; readonly cancelled?: boolean };

/** The first line of an error's message (comlink carries a worker's Error across). */
const oneLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split("\n")[0]!;

export class LearnFits {
  private state: FitProgress | undefined;
  private readonly listeners = new Set<() => void>();
  private worker: Worker | undefined;
  private remote: Remote<WorkerEngineHost> | undefined;
  private readonly shared = new Set<string>();
  private cancelFlag: Int32Array | undefined;
  private stop: ((err: Error) => void) | undefined;

  /** The fit in progress, if any. */
  get progress(): FitProgress | undefined {
    return this.state;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Fits LearnedOp `nodeId` of `model`'s patch in the worker and, when it succeeds, sets its
   * `operation` (one undo step). A fit already running elsewhere is refused.
   */
  async fit(model: PatchModel, nodeId: string): Promise<FitOutcome> {
    if (this.state)
      return { ok: false, message: `a fit of ${this.state.nodeId} is running; wait or cancel it` };
    this.set({ nodeId, fraction: 0 });
    const flag =
      typeof SharedArrayBuffer === "function"
        ? new Int32Array(new SharedArrayBuffer(4))
        : undefined;
    this.cancelFlag = flag;
    try {
      const remote = await this.connect();
      const onProgress = proxy((fraction: number) => {
        if (this.state?.nodeId === nodeId) this.set({ nodeId, fraction });
      });
      const result = await new Promise<LearnFitResult>((resolve, reject) => {
        // Without shared memory, Cancel ends the worker (the next fit starts a fresh one).
        this.stop = reject;
        remote
          .fitLearnedOp(JSON.stringify(model.toPatch()), nodeId, onProgress, flag)
          .then(resolve, reject);
      });
      const landed = model.setParam(nodeId, "operation", result.operation);
      if (!landed.ok) return { ok: false, message: landed.message };
      return { ok: true, result };
    } catch (err) {
      const message = oneLine(err);
      return message === FIT_CANCELLED
        ? { ok: false, message: "fit cancelled; the previous fit still plays", cancelled: true }
        : { ok: false, message };
    } finally {
      this.stop = undefined;
      this.cancelFlag = undefined;
      this.set(undefined);
    }
  }

  /** Cancels the fit in progress (false when none runs). */
  cancel(): boolean {
    if (!this.state) return false;
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1);
    else {
      this.stop?.(new Error(FIT_CANCELLED));
      this.end();
    }
    return true;
  }

  private async connect(): Promise<Remote<WorkerEngineHost>> {
    if (!this.remote) {
      const worker = startEngineWorker();
      const remote = wrap<WorkerEngineHost>(worker);
      configureFromPage(remote);
      worker.addEventListener("error", () => {
        this.stop?.(new Error("the fit worker crashed; fit again"));
        this.end();
      });
      Object.assign(this, { worker, remote });
    }
    const remote = this.remote!;
    for (const id of appModels.customIds()) {
      const pack = appModels.get(id);
      if (!pack || this.shared.has(id)) continue;
      await remote.addModelPack(pack);
      this.shared.add(id);
    }
    return remote;
  }

  private end(): void {
    this.remote?.[releaseProxy]();
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    this.shared.clear();
  }

  private set(state: FitProgress | undefined): void {
    this.state = state;
    for (const l of this.listeners) l();
  }
}

/** The page's fits, shared by every LearnedOp card. */
export const learnFits = new LearnFits();
