import { Worker } from "node:worker_threads";

/** Starts the TypeScript module `entry` in a real second thread; `data` is its `workerData.data`. */
export function startTsWorker(entry: URL, data?: unknown): Worker {
  return new Worker(new URL("./tsWorker.mjs", import.meta.url), {
    workerData: { entry: entry.href, data },
  });
}

/** The worker's next message, or its error. */
export function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}
