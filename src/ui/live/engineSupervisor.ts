/**
 * Watches the engine worker and replaces it when it dies. A worker is declared dead by its `error`
 * event, by a lifeline (a Web Lock it holds, which the browser hands the page when the worker
 * ends; a channel whose other end it holds: see `lifeline.ts`), by a heartbeat that stops moving
 * (a counter in shared memory it bumps every 50 ms, see `heartbeat.ts`: a stuck worker stops
 * bumping it), or by a quick call that never answers. Then every pending call rejects with
 * {@link EngineDied}, and so does every later call on its API (`callGuard.ts`), the worker is
 * ended, and the next call gets a new one — the spare, when one was warmed ahead (its module and
 * inference runtime loaded: seconds saved), else a fresh one; `onDeath` listeners restore what the
 * old one held. Deaths that come too often (3 in 10 s) are reported as a crash loop: the owner
 * stops there.
 */
import { wrap } from "comlink";
import type { EngineClient } from "../../engine/worker/engineClient";
import type { WorkerEngineHost } from "../../engine/worker/engineWorker";
import { beats, createHeartbeat, isBusy } from "../../engine/worker/heartbeat";
import { CallGuard, EngineDied } from "./callGuard";
import { holdLifelines, pageLocks, type LockManagerLike } from "./lifeline";
import { realClock, type SupervisorClock } from "./supervisorClock";

export { EngineDied } from "./callGuard";
export type { SupervisorClock } from "./supervisorClock";

/** What the supervisor needs of a Worker (a test passes a fake). */
export type WorkerLike = Pick<
  Worker,
  "postMessage" | "addEventListener" | "removeEventListener" | "terminate"
>;

export interface EngineDeath {
  /** What gave the death away: the worker's error, a missed heartbeat, a call with no answer. */
  readonly reason: string;
  /** True when it is the `crashLimit`-th death within `crashWindowMs`: do not restart. */
  readonly crashLoop: boolean;
}

export interface SupervisorOptions {
  /** Starts a worker that exposes a WorkerEngineHost with comlink. */
  readonly createWorker: () => WorkerLike;
  /** Called first on every new worker (e.g. its backend preference), before any other call. */
  readonly prepare?: (engine: EngineClient) => void;
  /**
   * A heartbeat that has not moved for this long means a stuck worker (default 5 s: a shared
   * machine can stall a live worker for hundreds of ms, and a restart costs seconds of silence
   * while the models load again, so only a real hang may count; a worker that ended is seen at
   * once by its lifelines).
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
  /** The Web Locks for the lock lifeline (default: the page's `navigator.locks`, if any). */
  readonly locks?: LockManagerLike;
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

interface Watched {
  readonly worker: WorkerLike;
  readonly remote: EngineClient;
  readonly guard: CallGuard;
  readonly counter: Int32Array;
  readonly onError: (e: Event) => void;
  /** Lets go of the lifelines (`lifeline.ts`). */
  releaseLifelines: () => void;
  /** Stops the heartbeat watch. */
  stopWatch: () => void;
  lastBeat: number;
  lastBeatAt: number;
  /** True once the heartbeat has moved: the worker runs. */
  beating: boolean;
  /** The spare's warm-up, until it is done (or failed: the spare is dropped). */
  warming?: Promise<void>;
}

export class EngineSupervisor {
  private current: Watched | undefined;
  /** A worker started ahead, ready to take over after a death (see {@link warmSpare}). */
  private spare: Watched | undefined;
  private readonly deaths: number[] = [];
  private readonly listeners = new Set<(death: EngineDeath) => void>();
  private readonly clock: SupervisorClock;
  /** Workers started so far (1 for the first), spares included. */
  generation = 0;

  constructor(private readonly opts: SupervisorOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /**
   * The live worker's API; when there is none (the first, or after a death) the warmed spare
   * takes over, or a new worker starts.
   */
  get engine(): EngineClient {
    this.current ??= this.takeSpare() ?? this.startWorker();
    return this.current.guard.engine;
  }

  /** True while a worker is running. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** True while a warmed spare waits to take over. */
  get spareReady(): boolean {
    return this.spare !== undefined && this.spare.warming === undefined;
  }

  /**
   * Starts a spare worker, unless one is there, and runs `warm` on it (e.g. `prewarm`: its
   * inference runtime compiled, seconds that a restart then saves). Resolves once it is warm; a
   * spare that fails to warm is dropped. The next death hands it the work instead of a cold one.
   */
  warmSpare(warm: (engine: EngineClient) => Promise<void>): Promise<void> {
    if (this.spare) return this.spare.warming ?? Promise.resolve();
    const spare = this.startWorker();
    this.spare = spare;
    spare.warming = warm(spare.guard.engine).then(
      () => {
        spare.warming = undefined;
      },
      () => {
        if (this.spare === spare) this.end(spare);
      },
    );
    return spare.warming;
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
   * Declares the worker dead: ends it, rejects its pending calls (and any later call on its API)
   * and tells the listeners. The next call to {@link engine} gets a new worker.
   */
  declareDead(reason: string): void {
    const c = this.current;
    if (!c) return;
    c.guard.kill(new EngineDied(reason));
    this.end(c);
    const now = this.clock.now();
    const window = this.opts.crashWindowMs ?? 10_000;
    this.deaths.push(now);
    while (this.deaths.length > 0 && now - this.deaths[0]! > window) this.deaths.shift();
    const crashLoop = this.deaths.length >= (this.opts.crashLimit ?? 3);
    for (const listener of this.listeners) listener({ reason, crashLoop });
  }

  /** Ends the workers (after `engine.dispose()` when the live one still answers). */
  async dispose(): Promise<void> {
    if (this.spare) this.end(this.spare);
    const c = this.current;
    if (!c) return;
    await Promise.race([
      c.remote.dispose().catch(() => undefined),
      new Promise<void>((resolve) => this.clock.after(this.callDeadlineMs(), resolve)),
    ]);
    if (this.current === c) this.end(c);
  }

  /** The spare, if warm, taken out of standby. */
  private takeSpare(): Watched | undefined {
    const s = this.spare;
    if (!s || s.warming) return undefined;
    this.spare = undefined;
    return s;
  }

  /** A worker is gone or stuck: the live one is declared dead, a spare just dropped. */
  private lost(c: Watched, reason: string): void {
    if (this.current === c) this.declareDead(reason);
    else if (this.spare === c) this.end(c);
  }

  private startWorker(): Watched {
    const worker = this.opts.createWorker();
    const remote = wrap<WorkerEngineHost>(worker);
    const counter = createHeartbeat();
    const onError = (e: Event) => {
      const message = (e as ErrorEvent).message;
      this.lost(c, message ? `it crashed (${message})` : "it crashed");
    };
    const guard = new CallGuard(remote, {
      quick: QUICK_CALLS,
      deadlineMs: this.callDeadlineMs(),
      after: (ms, fn) => this.clock.after(ms, fn),
      lenient: () => this.lenient(c),
      hung: (reason) => this.lost(c, reason),
    });
    const c: Watched = {
      worker,
      remote,
      guard,
      counter,
      onError,
      releaseLifelines: () => undefined,
      stopWatch: () => undefined,
      lastBeat: beats(counter),
      lastBeatAt: this.clock.now(),
      beating: false,
    };
    worker.addEventListener("error", onError);
    worker.addEventListener("messageerror", onError);
    this.generation++;
    this.opts.prepare?.(guard.engine);
    void guard.engine.heartbeat(counter).catch(() => undefined);
    const gone = () => this.lost(c, "it closed");
    c.releaseLifelines = holdLifelines(guard.engine, gone, this.opts.locks ?? pageLocks());
    c.stopWatch = this.clock.every(this.opts.checkMs ?? 50, () => this.check(c));
    return c;
  }

  /** Looks at the heartbeat: moved since the last look, or silent for too long. */
  private check(c: Watched): void {
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
      if (silent > startMs) this.lost(c, `it did not start within ${startMs / 1000} s`);
      return;
    }
    const limit = this.lenient(c) ? (this.opts.busyMs ?? 60_000) : (this.opts.silentMs ?? 5000);
    if (silent > limit) this.lost(c, `no heartbeat for ${Math.round(silent)} ms`);
  }

  /**
   * True while the worker may be slow without being dead: loading, a spare, or nothing needs it
   * now.
   */
  private lenient(c: Watched): boolean {
    return isBusy(c.counter) || c !== this.current || !(this.opts.strict?.() ?? true);
  }

  private callDeadlineMs(): number {
    return this.opts.callDeadlineMs ?? 10_000;
  }

  private end(c: Watched): void {
    c.stopWatch();
    c.worker.removeEventListener("error", c.onError);
    c.worker.removeEventListener("messageerror", c.onError);
    c.releaseLifelines();
    c.worker.terminate();
    c.guard.kill(new EngineDied("it was ended"));
    if (this.current === c) this.current = undefined;
    if (this.spare === c) this.spare = undefined;
  }
}
