/**
 * The UI's handle on the engine worker: a typed comlink proxy of its EngineHost. Every call is
 * asynchronous and runs in the worker, so the UI thread never waits on inference or rendering.
 */
import { wrap, releaseProxy, type Remote } from "comlink";
import type { WorkerEngineHost } from "./engineWorker";
import { backendPreferenceFromQuery } from "./backendInfo";

export type { HostStatus, LoadInfo, StartOptions } from "./engineHost";
export type { BackendInfo } from "./backendInfo";

/** The worker's API as seen from the UI thread (every method returns a Promise). */
export type EngineClient = Remote<WorkerEngineHost>;

export interface EngineWorkerHandle {
  readonly engine: EngineClient;
  /** Stops streaming and ends the worker. */
  terminate(): Promise<void>;
}

/** Wraps an already started worker that exposes an EngineHost (a test may pass its own). */
export function wrapEngineWorker(
  worker: Pick<Worker, "postMessage" | "addEventListener" | "removeEventListener" | "terminate">,
): EngineWorkerHandle {
  const engine = wrap<WorkerEngineHost>(worker);
  return {
    engine,
    async terminate() {
      try {
        await engine.dispose();
      } finally {
        engine[releaseProxy]();
        worker.terminate();
      }
    },
  };
}

/** Starts the engine worker (bundled by Vite as a module worker), not yet wrapped. */
export function startEngineWorker(): Worker {
  return new Worker(new URL("./engineWorker.ts", import.meta.url), { type: "module" });
}

/**
 * The first call every new engine worker takes, before any load, so every model loads on the
 * backend the page asked for (`?backend=`).
 */
export function configureFromPage(engine: EngineClient): void {
  void engine.configureBackend(backendPreferenceFromQuery(location.search)).catch(() => undefined);
}

/** Starts the engine worker and wraps it. */
export function createEngineClient(): EngineWorkerHandle {
  const handle = wrapEngineWorker(startEngineWorker());
  configureFromPage(handle.engine);
  return handle;
}
