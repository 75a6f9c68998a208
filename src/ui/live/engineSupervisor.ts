/**
 * Watches the engine worker and replaces it when it dies. A worker is declared dead by its `error`
 * event, by the `close` event of a channel it holds (the browser fires it when the worker's
 * context is destroyed: closed, crashed, terminated), by a heartbeat that stops moving (a counter
 * in shared memory it bumps every 50 ms, see `heartbeat.ts`: a stuck worker stops bumping it), or
 * by a quick call that never answers. Then every pending call rejects with {@link EngineDied}, the worker is ended,
 * and the next call starts a fresh one; `onDeath` listeners restore what the old one held.
 * Deaths that come too often (3 in 10 s) are reported as a crash loop: the owner stops there.
 */
import { transfer, wrap } from "comlink";
import type { EngineClient } from "../../engine/worker/engineClient";
import type { WorkerEngineHost } from "../../engine/worker/engineWorker";
import { beats, createHeartbeat, isBusy } from "../../engine/worker/heartbeat";

/** What the supervisor needs of a Worker (a test passes a fake). */
export type WorkerLike = Pick<
  Worker,
  "postMessage" | "addEventListener" | "removeEventListener" | "terminate"
>;

/** Rejects the calls that were pending on a worker declared dead. */
export class EngineDied extends Error {
  constructor(reason: string) {
    super(`the engine worker stopped: ${reason}`);
    this.name = "EngineDied";
  }
}

export interface EngineDeath {
  /** What gave the death away: the worker's error, a missed heartbeat, a call with no answer. */
  readonly reason: string;
  /** True when it is the `crashLimit`-th death within `crashWindowMs`: do not restart. */
  readonly crashLoop: boolean;
}

/** Time for the watch; injectable so tests need not wait. */
export interface SupervisorClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
  /** Calls `fn` once after `ms` unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void;
}

const realClock: SupervisorClock = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface SupervisorOptions {
  /** Starts a worker that exposes a WorkerEngineHost with comlink. */
  readonly createWorker: () => WorkerLike;
  /** Called first on every new worker (e.g. its backend preference), before any other call. */
  readonly prepare?: (engine: EngineClient) => void;
  /**
   * A heartbeat that has not moved for this long means a dead worker (default 5 s: a shared
   * machine can stall a live worker for hundreds of ms, and a restart while playing does not
   * bring the sound back yet, so only a real hang may count).
   */
  readonly silentMs?: number;
  /**
   * A new worker has this long to beat for the first time (default 30 s: its module and the
   * inference runtime load first, slowly from a dev server).
   */
  readonly startMs?: number;
  /**
   * The silence allowed while the worker says it is loading models, or while nothing plays
   * (default 60 s): a loaded machine can hold a loading worker's thread for tens of seconds.
   */
  readonly busyMs?: number;
  /**
   * True while a silence counts after `silentMs` (playback runs and needs the worker); otherwise
   * after `busyMs`. Default: always.
   */
  readonly strict?: () => boolean;
  /**
   * A quick call (status, parameters) unanswered this long means a stuck worker (default 10 s:
   * on a loaded machine the page itself may hear the answer seconds late).
   */
  readonly callDeadlineMs?: number;
  /** How often the heartbeat is looked at (default 50 ms). */
  readonly checkMs?: number;
  /** Deaths within `crashWindowMs` that make a crash loop (default 3 in 10 s). */
  readonly crashLimit?: number;
  readonly crashWindowMs?: number;
  readonly clock?: SupervisorClock;
}

/**
 * Calls that answer at once in a live worker; anything slower than the deadline is a hang. (The
 * first calls, configureBackend and heartbeat, wait for the worker's module to load.)
 */
const QUICK_CALLS = new Set([
  "status",
  "setParam",
  "setParams",
  "setInput",
  "setLiveQueue",
  "backend",
  "seek",
]);

interface Current {
  readonly worker: WorkerLike;
  readonly remote: EngineClient;
  readonly engine: EngineClient;
  readonly counter: Int32Array;
  readonly pending: Set<(err: Error) => void>;
  readonly onError: (e: Event) => void;
  /** The page's end of the channel the worker holds; `close` means the worker is gone. */
  readonly lifeline: MessagePort | undefined;
  readonly onClose: () => void;
  lastBeat: number;
  lastBeatAt: number;
  /** True once the heartbeat has moved: the worker runs. */
  beating: boolean;
}

export class EngineSupervisor {
  private current: Current | undefined;
  private stopWatch: (() => void) | undefined;
  private readonly deaths: number[] = [];
  private readonly listeners = new Set<(death: EngineDeath) => void>();
  private readonly clock: SupervisorClock;
  /** Workers started so far (1 for the first). */
  generation = 0;

  constructor(private readonly opts: SupervisorOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /** The live worker's API; starts a worker when there is none (the first, or after a death). */
  get engine(): EngineClient {
    return (this.current ??= this.startWorker()).engine;
  }

  /** True while a worker is running. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Hears every death (after the pending calls were rejected); returns the unsubscribe. */
  onDeath(listener: (death: EngineDeath) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets past deaths (a user's explicit new start is not part of a crash loop). */
  forgetDeaths(): void {
    this.deaths.length = 0;
  }

  /**
   * Declares the worker dead: ends it, rejects its pending calls and tells the listeners. The
   * next call to {@link engine} starts a new worker.
   */
  declareDead(reason: string): void {
    const c = this.current;
    if (!c) return;
    this.end(c);
    const now = this.clock.now();
    const window = this.opts.crashWindowMs ?? 10_000;
    this.deaths.push(now);
    while (this.deaths.length > 0 && now - this.deaths[0]! > window) this.deaths.shift();
    const crashLoop = this.deaths.length >= (this.opts.crashLimit ?? 3);
    const err = new EngineDied(reason);
    for (const reject of c.pending) reject(err);
    c.pending.clear();
    for (const listener of this.listeners) listener({ reason, crashLoop });
  }

  /** Ends the worker (after `engine.dispose()` when it still answers) and stops watching. */
  async dispose(): Promise<void> {
    const c = this.current;
    if (!c) return;
    await Promise.race([
      c.remote.dispose().catch(() => undefined),
      new Promise<void>((resolve) => this.clock.after(this.callDeadlineMs(), resolve)),
    ]);
    if (this.current === c) this.end(c);
  }

  private startWorker(): Current {
    const worker = this.opts.createWorker();
    const remote = wrap<WorkerEngineHost>(worker);
    const counter = createHeartbeat();
    const pending = new Set<(err: Error) => void>();
    const onError = (e: Event) => {
      const message = (e as ErrorEvent).message;
      if (this.current === c) this.declareDead(message ? `it crashed (${message})` : "it crashed");
    };
    const onClose = () => {
      if (this.current === c) this.declareDead("it closed");
    };
    const channel = typeof MessageChannel === "undefined" ? undefined : new MessageChannel();
    const c: Current = {
      worker,
      remote,
      engine: this.guard(remote, pending, counter),
      counter,
      pending,
      onError,
      lifeline: channel?.port1,
      onClose,
      lastBeat: beats(counter),
      lastBeatAt: this.clock.now(),
      beating: false,
    };
    worker.addEventListener("error", onError);
    worker.addEventListener("messageerror", onError);
    this.generation++;
    this.opts.prepare?.(c.engine);
    void c.engine.heartbeat(counter).catch(() => undefined);
    if (channel) {
      channel.port1.addEventListener("close", onClose);
      channel.port1.start();
      void c.engine.holdLifeline(transfer(channel.port2, [channel.port2])).catch(() => undefined);
    }
    this.stopWatch = this.clock.every(this.opts.checkMs ?? 50, () => this.check(c));
    return c;
  }

  /** Looks at the heartbeat: moved since the last look, or silent for too long. */
  private check(c: Current): void {
    if (this.current !== c) return;
    const now = this.clock.now();
    const beat = beats(c.counter);
    if (beat !== c.lastBeat) {
      c.lastBeat = beat;
      c.lastBeatAt = now;
      c.beating = true;
      return;
    }
    const silent = now - c.lastBeatAt;
    if (!c.beating) {
      const startMs = this.opts.startMs ?? 30_000;
      if (silent > startMs) this.declareDead(`it did not start within ${startMs / 1000} s`);
      return;
    }
    const limit = this.lenient(c.counter)
      ? (this.opts.busyMs ?? 60_000)
      : (this.opts.silentMs ?? 5000);
    if (silent > limit) this.declareDead(`no heartbeat for ${Math.round(silent)} ms`);
  }

  /**
   * The remote, with every call racing the worker's death: pending calls reject with EngineDied
   * when it is declared dead, and a quick call past its deadline declares it so.
   */
  private guard(
    remote: EngineClient,
    pending: Set<(err: Error) => void>,
    counter: Int32Array,
  ): EngineClient {
    const call = (name: string, args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        pending.add(reject);
        let cancel: (() => void) | undefined;
        const deadline = (waited: number) => {
          cancel = this.clock.after(this.callDeadlineMs(), () => {
            // Settled, or the worker died (a death clears its calls): nothing to do.
            if (!pending.has(reject)) return;
            const total = waited + this.callDeadlineMs();
            // A worker loading models answers late; its heartbeat still tells if it is alive.
            if (this.lenient(counter)) deadline(total);
            else this.declareDead(`${name}() had no answer for ${total} ms`);
          });
        };
        if (QUICK_CALLS.has(name)) deadline(0);
        const method = (remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
          name
        ]!;
        const settled = () => {
          cancel?.();
          pending.delete(reject);
        };
        method(...args).then(
          (value) => {
            settled();
            resolve(value);
          },
          (err: unknown) => {
            settled();
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    return new Proxy({} as EngineClient, {
      get: (_target, name) =>
        typeof name === "string" && name !== "then"
          ? (...args: unknown[]) => call(name, args)
          : undefined,
    });
  }

  /** True while the worker may be slow without being dead: loading, or nothing needs it now. */
  private lenient(counter: Int32Array): boolean {
    return isBusy(counter) || !(this.opts.strict?.() ?? true);
  }

  private callDeadlineMs(): number {
    return this.opts.callDeadlineMs ?? 10_000;
  }

  private end(c: Current): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
    c.worker.removeEventListener("error", c.onError);
    c.worker.removeEventListener("messageerror", c.onError);
    c.lifeline?.removeEventListener("close", c.onClose);
    c.lifeline?.close();
    c.worker.terminate();
    if (this.current === c) this.current = undefined;
  }
}
