/**
 * The engine worker's sign of life: a counter in shared memory that the worker bumps on a timer.
 * The page reads it with `Atomics` whenever it likes (no message, no answer to wait for), so a
 * worker whose event loop is dead, closed or stuck shows as a counter that stops moving. Loading
 * models holds the thread for long stretches (compiling, building sessions): the worker marks
 * those as busy, and the page gives it longer then.
 */

/** Slots of the heartbeat block (Int32). */
export const Beat = {
  /** Bumped every beat while the worker's event loop runs. */
  count: 0,
  /** Sections in progress that may hold the thread for seconds (loading a patch's models). */
  busy: 1,
} as const;
const SLOTS = 2;

/** How often the worker beats (the page declares it dead after several missed beats). */
export const BEAT_MS = 50;

/** Allocates the shared counter the page hands to the worker. */
export function createHeartbeat(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/** Reads the counter (any thread). */
export function beats(counter: Int32Array): number {
  return Atomics.load(counter, Beat.count);
}

/** True while the worker is in a section marked busy (any thread). */
export function isBusy(counter: Int32Array): boolean {
  return Atomics.load(counter, Beat.busy) > 0;
}

/** Runs `work` marked busy on `counter` (when there is one yet). */
export async function busyWhile<T>(
  counter: Int32Array | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (counter) Atomics.add(counter, Beat.busy, 1);
  try {
    return await work();
  } finally {
    if (counter) Atomics.sub(counter, Beat.busy, 1);
  }
}

/**
 * Starts bumping `counter` every `periodMs` in this thread; returns the function that stops it.
 * A second call replaces the first counter.
 */
export function startBeating(counter: Int32Array, periodMs = BEAT_MS): () => void {
  Atomics.add(counter, Beat.count, 1);
  const timer = setInterval(() => Atomics.add(counter, Beat.count, 1), periodMs);
  return () => clearInterval(timer);
}
