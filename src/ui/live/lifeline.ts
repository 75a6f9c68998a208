/**
 * Signs that the engine worker has ended that need no heartbeat and no answer: the browser
 * itself tells the page, at once, however the worker ended (closed itself, crashed, ran out of
 * memory, was terminated).
 *
 * - A Web Lock: the worker takes a lock of its own name and keeps it; the page asks for the same
 *   lock, which the browser grants when the worker's context is destroyed. (Chromium 156 grants
 *   it within milliseconds of `self.close()` or `terminate()`.)
 * - A MessageChannel whose other end the worker holds: its `close` event fires when that end is
 *   gone (Node's worker threads; browsers that implement MessagePort's `close`).
 */
import { transfer } from "comlink";
import type { EngineClient } from "../../engine/worker/engineClient";

/** What the lifelines need of the Web Locks API (`navigator.locks`; a test passes a fake). */
export interface LockManagerLike {
  request(
    name: string,
    options: { readonly signal?: AbortSignal },
    callback: () => unknown,
  ): Promise<unknown>;
}

/** The page's Web Locks, where it has them (a secure context, a browser or Deno). */
export function pageLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}

let serial = 0;

/**
 * Hands a new worker (its API, `engine`) its ends of the lifelines; `gone` is called when one of
 * them says the worker ended. Returns the function that lets go of them (before the page ends the
 * worker on purpose).
 */
export function holdLifelines(
  engine: EngineClient,
  gone: () => void,
  locks: LockManagerLike | undefined,
): () => void {
  const releases: (() => void)[] = [];
  if (typeof MessageChannel !== "undefined") {
    const { port1, port2 } = new MessageChannel();
    port1.addEventListener("close", gone);
    port1.start();
    void engine.holdLifeline(transfer(port2, [port2])).catch(() => undefined);
    releases.push(() => {
      port1.removeEventListener("close", gone);
      port1.close();
    });
  }
  if (locks) {
    const name = `latent-patcher-engine-${Date.now()}-${++serial}-${Math.random().toString(36).slice(2)}`;
    const abort = new AbortController();
    // Only once the worker holds it: asked for earlier, the page would be granted it at once.
    void engine
      .holdLock(name)
      .then(() => {
        if (!abort.signal.aborted) return locks.request(name, { signal: abort.signal }, gone);
      })
      .catch(() => undefined); // no Web Locks in the worker, a dead worker, or let go
    releases.push(() => abort.abort());
  }
  return () => {
    for (const release of releases) release();
  };
}
