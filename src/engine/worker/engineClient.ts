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

/** Starts the engine worker (bundled by Vite as a module worker) and wraps it. */
export function createEngineClient(): EngineWorkerHandle {
  const worker = new Worker(new URL("./engineWorker.ts", import.meta.url), { type: "module" });
  const handle = wrapEngineWorker(worker);
  // First call: the worker takes it before any load, so every model loads on the chosen backend.
  void handle.engine.configureBackend(backendPreferenceFromQuery(location.search));
  return handle;
}
