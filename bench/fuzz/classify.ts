/** Sorting a thrown value into a refusal (a clear message of an expected kind) or a crash. */
import type { Outcome } from "./types";

const BUILTIN = new Set([
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "InternalError",
]);

/** Messages of JavaScript's own failures, even when a loader rewrapped them in its error. */
const ENGINE_FAILURE =
  /Cannot read propert|is not a function|is not iterable|Maximum call stack|Invalid array length|Invalid typed array length|Array buffer allocation failed|out of memory|Cannot convert|undefined is not|null is not/;

/**
 * The most lines and characters per line a refusal may have: a message is read by a person, so
 * however hostile the input, it lists a bounded number of problems and quotes values in part
 * (the loaders list 50 problems plus a count, and cut a line at 1,000 characters plus a note).
 */
export const MAX_REFUSAL_LINES = 60;
export const MAX_REFUSAL_LINE = 1200;

/** Thrown by a fuzz target when a loaded input broke a promise (e.g. audio past full scale). */
export class FuzzViolation extends Error {
  override name = "FuzzViolation";
}

/** Classifies what `run` threw, given the error names the loader may refuse with. */
export function classify(err: unknown, expected: readonly string[], singleLine = false): Outcome {
  if (!(err instanceof Error)) {
    return {
      kind: "crashed",
      cls: typeof err,
      message: `threw a non-Error: ${String(err).slice(0, 200)}`,
    };
  }
  const message = err.message;
  const first = message.split("\n")[0]?.slice(0, 300) ?? "";
  const crash = (why: string): Outcome => ({
    kind: "crashed",
    cls: err.name,
    message: `${why}: ${first}`,
    ...(err.stack ? { stack: err.stack.split("\n").slice(0, 8).join("\n") } : {}),
  });
  if (err instanceof FuzzViolation) return crash("violation");
  if (BUILTIN.has(err.name) || BUILTIN.has(err.constructor.name)) return crash("uncaught");
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error && BUILTIN.has(cause.name)) return crash(`caused by ${cause.name}`);
  const lines = message.split("\n");
  if (message.trim() === "" || lines.some((l) => l.trim() === ""))
    return crash("empty message line");
  if (lines.some((l) => /^\s+at /.test(l))) return crash("stack trace in message");
  if (singleLine && lines.length > 1) return crash(`a ${lines.length}-line message`);
  if (lines.length > MAX_REFUSAL_LINES) return crash(`a ${lines.length}-line message`);
  const long = lines.find((l) => l.length > MAX_REFUSAL_LINE);
  if (long) return crash(`a ${long.length}-character message line`);
  if (ENGINE_FAILURE.test(message)) return crash("engine failure in message");
  if (!expected.includes(err.name)) return crash(`unexpected error class ${err.name}`);
  return {
    kind: "refused",
    cls: err.name,
    message: first,
    lines: lines.length,
    length: message.length,
  };
}
