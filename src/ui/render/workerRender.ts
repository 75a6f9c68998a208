/**
 * Offline renders in a worker of their own (the engine worker's code, apart from the one that
 * streams): Render & play and Export WAV never run the engine on the page's thread, so the canvas
 * keeps drawing through a long render. Cancel ends the worker at once (a node may be in the middle
 * of seconds of work); the next render starts a fresh one.
 */
import { proxy, wrap, type Remote } from "comlink";
import type { WorkerEngineHost } from "../../engine/worker/engineWorker";
import type { EngineClient } from "../../engine/worker/engineClient";
import type { OfflineRenderResult, RenderStep } from "../../engine/worker/offlineRender";
import type { MemoryModelPack } from "../../engine/models/memoryPack";
import type { Patch } from "../../engine/patch/schema";
import type { WorkerLike } from "../live/engineSupervisor";

/** Rejects a render the user cancelled. */
export class RenderCancelled extends Error {
  constructor() {
    super("render cancelled");
    this.name = "RenderCancelled";
  }
}

/** The custom model packs the page holds (dropped, or from a bundle). */
export interface PackShelf {
  customIds(): string[];
  get(id: string): MemoryModelPack | undefined;
}

export interface WorkerRenderOptions {
  readonly createWorker: () => WorkerLike;
  /** Called first on every new worker (its backend preference). */
  readonly prepare?: (engine: EngineClient) => void;
  readonly packs: PackShelf;
}

interface Running {
  readonly reject: (err: Error) => void;
}

export class WorkerRender {
  private worker: WorkerLike | undefined;
  private remote: Remote<WorkerEngineHost> | undefined;
  private onError: ((e: Event) => void) | undefined;
  /** Packs the current worker has been given. */
  private readonly shared = new Set<string>();
  private running: Running | undefined;

  constructor(private readonly opts: WorkerRenderOptions) {}

  /** True while a render is in progress. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Renders `patch` in the worker; `step` hears the load and each percent of the render. A render
   * still in progress is cancelled first. Rejects with the engine's message, with
   * {@link RenderCancelled} after {@link cancel}, or when the worker crashes.
   */
  async render(patch: Patch, step: RenderStep): Promise<OfflineRenderResult> {
    this.cancel();
    return new Promise<OfflineRenderResult>((resolve, reject) => {
      const running: Running = { reject };
      this.running = running;
      const done = () => {
        if (this.running === running) this.running = undefined;
      };
      // Steps still in flight from a cancelled render's worker are not heard.
      const heard: RenderStep = (label, fraction) => {
        if (this.running === running) step(label, fraction);
      };
      this.start(heard, patch)
        .then((result) => {
          if (this.running !== running) return; // cancelled: already rejected
          done();
          resolve(result);
        })
        .catch((err: unknown) => {
          if (this.running !== running) return;
          done();
          reject(err instanceof Error ? err : new Error(String(err)));
        });
    });
  }

  /** Cancels the render in progress (returns false when there is none). */
  cancel(): boolean {
    const running = this.running;
    if (!running) return false;
    this.running = undefined;
    this.end();
    running.reject(new RenderCancelled());
    return true;
  }

  /** Ends the worker. */
  dispose(): void {
    this.cancel();
    this.end();
  }

  private async start(step: RenderStep, patch: Patch): Promise<OfflineRenderResult> {
    const remote = this.connect();
    for (const id of this.opts.packs.customIds()) {
      const pack = this.opts.packs.get(id);
      if (!pack || this.shared.has(id)) continue;
      await remote.addModelPack(pack);
      this.shared.add(id);
    }
    return remote.render(JSON.stringify(patch), proxy(step));
  }

  private connect(): Remote<WorkerEngineHost> {
    if (this.remote) return this.remote;
    const worker = this.opts.createWorker();
    const remote = wrap<WorkerEngineHost>(worker);
    const onError = (e: Event) => {
      const message = (e as ErrorEvent).message;
      const running = this.running;
      this.running = undefined;
      this.end();
      running?.reject(
        new Error(`the render worker crashed${message ? ` (${message})` : ""}; render again`),
      );
    };
    worker.addEventListener("error", onError);
    Object.assign(this, { worker, remote, onError });
    this.opts.prepare?.(remote);
    return remote;
  }

  private end(): void {
    if (this.onError) this.worker?.removeEventListener("error", this.onError);
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    this.onError = undefined;
    this.shared.clear();
  }
}
