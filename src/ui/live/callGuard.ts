/**
 * The engine worker's API with every call racing the worker's death: a call pending when the
 * worker is declared dead rejects with {@link EngineDied}, and so does any call made on it later
 * (a dead worker never answers, so without this a caller that kept the old API would wait
 * forever). A quick call that stays unanswered past its deadline declares the worker dead.
 */
import type { EngineClient } from "../../engine/worker/engineClient";

/** Rejects the calls made on a worker declared dead (pending then, or made since). */
export class EngineDied extends Error {
  constructor(reason: string) {
    super(`the engine worker stopped: ${reason}`);
    this.name = "EngineDied";
  }
}

export interface CallGuardOptions {
  /** Calls that answer at once in a live worker: unanswered past `deadlineMs`, it is stuck. */
  readonly quick: ReadonlySet<string>;
  readonly deadlineMs: number;
  /** Calls `fn` once after `ms` unless the returned function is called first. */
  readonly after: (ms: number, fn: () => void) => () => void;
  /** True while a late answer proves nothing (the worker is loading models): wait again. */
  readonly lenient: () => boolean;
  /** Called when a quick call went unanswered: the owner declares the worker dead. */
  readonly hung: (reason: string) => void;
}

export class CallGuard {
  /** The rejects of the calls not yet answered. */
  private readonly pending = new Set<(err: Error) => void>();
  private died: EngineDied | undefined;
  /** The guarded API. */
  readonly engine: EngineClient;

  constructor(
    private readonly remote: EngineClient,
    private readonly opts: CallGuardOptions,
  ) {
    this.engine = new Proxy({} as EngineClient, {
      get: (_target, name) =>
        typeof name === "string" && name !== "then"
          ? (...args: unknown[]) => this.call(name, args)
          : undefined,
    });
  }

  /** True once {@link kill} was called. */
  get dead(): boolean {
    return this.died !== undefined;
  }

  /** Rejects every pending call with `err`, and every later call at once. */
  kill(err: EngineDied): void {
    this.died ??= err;
    for (const reject of this.pending) reject(err);
    this.pending.clear();
  }

  private call(name: string, args: unknown[]): Promise<unknown> {
    if (this.died) return Promise.reject(this.died);
    return new Promise((resolve, reject) => {
      const { pending, opts } = this;
      pending.add(reject);
      let cancel: (() => void) | undefined;
      const deadline = (waited: number) => {
        cancel = opts.after(opts.deadlineMs, () => {
          // Settled, or the worker died (a death clears its calls): nothing to do.
          if (!pending.has(reject)) return;
          const total = waited + opts.deadlineMs;
          // A worker loading models answers late; its heartbeat still tells if it is alive.
          if (opts.lenient()) deadline(total);
          else opts.hung(`${name}() had no answer for ${total} ms`);
        });
      };
      if (opts.quick.has(name)) deadline(0);
      const method = (this.remote as unknown as Record<string, (...a: unknown[]) => unknown>)[
        name
      ]!;
      const settled = () => {
        cancel?.();
        pending.delete(reject);
      };
      new Promise((answer) => answer(method(...args))).then(
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
  }
}
