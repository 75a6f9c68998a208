/**
 * Reading a picked or dropped zip off the page's thread: one short-lived module Worker per zip
 * (zipWorker.ts) runs readZip, so the page stays responsive while it inflates and a refusal
 * arrives as the same FileRefusedError. Where Workers are missing it reads in place.
 */
import { FileRefusedError } from "./fileRefused";
import type { ZipAnswer, ZipRequest } from "./zipWorker";
import { readZip, type FileTree } from "./zipFiles";

/** The files inside the zip `bytes` (named `source` in messages), read in a Worker. */
export function readZipOffThread(bytes: Uint8Array, source: string): Promise<FileTree> {
  if (typeof Worker === "undefined") return Promise.resolve(readZip(bytes, source));
  const worker = new Worker(new URL("./zipWorker.ts", import.meta.url), { type: "module" });
  return new Promise<FileTree>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ZipAnswer>) => {
      const answer = e.data;
      if ("files" in answer) resolve(new Map(answer.files));
      else if ("refused" in answer) reject(new FileRefusedError(answer.refused));
      else reject(new Error(`${source}: ${answer.failed}`));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`${source}: the zip reader stopped (${e.message || "no reason given"})`));
    };
    const request: ZipRequest = { bytes, source };
    worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
  }).finally(() => worker.terminate());
}
