/**
 * Fakes for the engine supervisor's tests: a worker that is comlink over a MessageChannel to a
 * fake host whose heartbeat the test moves by hand, Web Locks the test releases, and a manual
 * clock, so nothing here waits on real time.
 */
import { afterEach } from "vitest";
import { expose } from "comlink";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import {
  EngineSupervisor,
  type EngineDeath,
  type SupervisorClock,
  type WorkerLike,
} from "../../../src/ui/live/engineSupervisor";
import type { LockManagerLike } from "../../../src/ui/live/lifeline";
import { Beat } from "../../../src/engine/worker/heartbeat";

/**
 * Web Locks as the browser grants them: one holder per name, the others wait (or give up on
 * their signal); a holder keeps the lock until its callback's promise settles.
 */
export class FakeLocks implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Every name asked for, in order. */
  readonly requests: string[] = [];

  request(
    name: string,
    options: { readonly signal?: AbortSignal },
    callback: () => unknown,
  ): Promise<unknown> {
    this.requests.push(name);
    return new Promise((resolve, reject) => {
      const run = () => {
        this.held.add(name);
        Promise.resolve()
          .then(callback)
          .then(resolve, reject)
          .finally(() => this.release(name));
      };
      if (!this.held.has(name)) return run();
      if (options.signal?.aborted) return reject(new Error("AbortError"));
      const queue = this.waiting.get(name) ?? [];
      queue.push(run);
      this.waiting.set(name, queue);
      options.signal?.addEventListener("abort", () => {
        const i = queue.indexOf(run);
        if (i < 0) return;
        queue.splice(i, 1);
        reject(new Error("AbortError"));
      });
    });
  }

  /** True while someone asks for `name` and waits. */
  waitingFor(name: string): boolean {
    return (this.waiting.get(name)?.length ?? 0) > 0;
  }

  private release(name: string): void {
    this.held.delete(name);
    this.waiting.get(name)?.shift()?.();
  }
}

/** A host that answers `status` (unless hung) and never finishes `load`. */
export class FakeHost {
  constructor(private readonly locks?: FakeLocks) {}
  /** The lock this worker holds for its life, released when its context "goes". */
  lockName: string | undefined;
  private releaseLock: (() => void) | undefined;
  holdLock(name: string): Promise<void> {
    const locks = this.locks;
    if (!locks) return Promise.reject(new Error("no Web Locks in this worker"));
    return new Promise((held) => {
      void locks.request(name, {}, () => {
        this.lockName = name;
        held();
        return new Promise<void>((release) => (this.releaseLock = release));
      });
    });
  }
  /** The worker's context is destroyed (it closed itself, or crashed): its locks go. */
  loseContext(): void {
    this.releaseLock?.();
  }
  counter: Int32Array | undefined;
  backend: string | undefined;
  hang = false;
  heartbeat(counter: Int32Array): void {
    this.counter = counter;
  }
  lifeline: MessagePort | undefined;
  holdLifeline(port: MessagePort): void {
    this.lifeline = port;
  }
  configureBackend(pref: string): void {
    this.backend = pref;
  }
  status(): Promise<{ ok: true }> {
    return this.hang ? new Promise(() => undefined) : Promise.resolve({ ok: true });
  }
  load(): Promise<never> {
    return new Promise(() => undefined);
  }
  beat(): void {
    if (this.counter) Atomics.add(this.counter, Beat.count, 1);
  }
  setBusy(busy: boolean): void {
    if (this.counter) Atomics.store(this.counter, Beat.busy, busy ? 1 : 0);
  }
}

export interface FakeWorker extends WorkerLike {
  readonly host: FakeHost;
  readonly port: MessagePort;
  terminated: boolean;
  /** Fires the worker's `error` event, as an uncaught exception in it would. */
  crash(message: string): void;
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

export function fakeWorker(locks?: FakeLocks): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const host = new FakeHost(locks);
  expose(host, port2 as unknown as Parameters<typeof expose>[1]);
  const w: FakeWorker = {
    host,
    port: port1,
    terminated: false,
    postMessage: (m: unknown, t?: unknown) => port1.postMessage(m, t as never),
    addEventListener: ((type: string, l: (e: Event) => void) =>
      port1.addEventListener(type, l)) as WorkerLike["addEventListener"],
    removeEventListener: ((type: string, l: (e: Event) => void) =>
      port1.removeEventListener(type, l)) as WorkerLike["removeEventListener"],
    terminate() {
      w.terminated = true;
      port1.close();
    },
    crash(message) {
      port1.dispatchEvent(Object.assign(new Event("error"), { message }));
    },
  };
  return w;
}

/** A clock the test moves: `advance` runs the watch ticks and deadlines that fall due. */
export function manualClock() {
  let now = 0;
  const ticks = new Set<{ ms: number; next: number; fn: () => void }>();
  const timers = new Set<{ at: number; fn: () => void }>();
  const clock: SupervisorClock = {
    now: () => now,
    every(ms, fn) {
      const t = { ms, next: now + ms, fn };
      ticks.add(t);
      return () => ticks.delete(t);
    },
    after(ms, fn) {
      const t = { at: now + ms, fn };
      timers.add(t);
      return () => timers.delete(t);
    },
  };
  const advance = (ms: number, each?: () => void) => {
    const end = now + ms;
    while (now < end) {
      now = Math.min(end, now + 10);
      each?.();
      for (const t of [...ticks])
        while (ticks.has(t) && t.next <= now) {
          t.next += t.ms;
          t.fn();
        }
      for (const t of [...timers])
        if (t.at <= now) {
          timers.delete(t);
          t.fn();
        }
    }
  };
  return { clock, advance };
}

/** Lets comlink's messages cross the channel. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A supervisor of fake workers on a manual clock; `deaths` collects what it reports. */
export function setup(
  opts: { crashWindowMs?: number; strict?: () => boolean; locks?: FakeLocks } = {},
) {
  const workers: FakeWorker[] = [];
  const { clock, advance } = manualClock();
  const supervisor = new EngineSupervisor({
    locks: opts.locks,
    createWorker: () => {
      const w = fakeWorker(opts.locks);
      workers.push(w);
      return w;
    },
    prepare: (engine) => void engine.configureBackend("wasm").catch(() => undefined),
    silentMs: 400,
    callDeadlineMs: 2000,
    checkMs: 50,
    crashLimit: 3,
    crashWindowMs: opts.crashWindowMs ?? 10_000,
    clock,
    strict: opts.strict,
  });
  const deaths: EngineDeath[] = [];
  supervisor.onDeath((d) => deaths.push(d));
  return { supervisor, workers, deaths, advance };
}
