/**
 * `PatchError`: every reason a patch was refused, each with the JSON path it concerns.
 */
import type { z } from "zod";
import { formatPath, listProblems, preview } from "./path";

/** One problem in a patch: where (`patch.nodes[3].params.angle`) and what. */
export interface PatchIssue {
  readonly path: string;
  readonly message: string;
}

/** Most issues a PatchError's message lists (a hostile file can have hundreds of thousands). */
export const MAX_LISTED_ISSUES = 50;

/**
 * Thrown when a patch cannot be loaded. `message` lists the issues one per line, each as
 * `patch.nodes[3].params.angle: expected a number in [-180, 180], got "fast"` — the first
 * {@link MAX_LISTED_ISSUES}, then how many more there are; `issues` holds them all.
 */
export class PatchError extends Error {
  readonly issues: readonly PatchIssue[];

  constructor(issues: readonly PatchIssue[]) {
    super(listProblems(issues, MAX_LISTED_ISSUES, (i) => `${i.path}: ${i.message}`));
    this.name = "PatchError";
    this.issues = issues;
  }
}

/** Shorthand for a PatchError with a single issue. */
export function patchError(path: string, message: string): PatchError {
  return new PatchError([{ path, message }]);
}

const ARTICLES: Readonly<Record<string, string>> = {
  number: "a number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  tuple: "a list",
  record: "an object",
};

function got(issue: z.core.$ZodIssue): string {
  return issue.input === undefined ? "got nothing" : `got ${preview(issue.input)}`;
}

function bound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === "too_big";
  const limit = Number(big ? issue.maximum : issue.minimum);
  const word = big ? "at most" : "at least";
  if (issue.origin === "array") return `a list of ${word} ${limit} items`;
  if (issue.origin === "string") return `a string of ${word} ${limit} characters`;
  const op = big ? (issue.inclusive ? "≤" : "<") : issue.inclusive ? "≥" : ">";
  return `a number ${op} ${limit}`;
}

/** The "expected ..." part of a zod issue, in the words of this format. */
function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return ARTICLES[issue.expected] ?? issue.expected;
    case "too_big":
    case "too_small":
      return bound(issue);
    case "invalid_value":
      return issue.values.map((v) => JSON.stringify(v)).join(" or ");
    case "invalid_union":
      if ("options" in issue && Array.isArray(issue.options)) {
        return issue.options
          .map((v) => JSON.stringify(v))
          .join(", ")
          .replace(/, ([^,]*)$/, " or $1");
      }
      return issue.message;
    case "invalid_key":
      return `a key that is ${issue.issues[0]?.message ?? "valid"}`;
    default:
      return issue.message;
  }
}

/** The keys an object at `path` may have, given the object itself (for "unknown key" messages). */
export type KnownKeys = (
  path: readonly PropertyKey[],
  input: unknown,
) => readonly string[] | undefined;

/** Converts zod issues (from a parse with `reportInput: true`) into patch issues. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  knownKeys?: KnownKeys,
): PatchIssue[] {
  const out: PatchIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys?.(issue.path, issue.input);
      const hint = known ? `; expected one of ${known.join(", ")}` : "";
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: `unknown key${hint}` });
      }
      continue;
    }
    if (issue.input === undefined && issue.code === "invalid_type") {
      out.push({ path: formatPath(issue.path), message: `missing: expected ${expected(issue)}` });
      continue;
    }
    out.push({
      path: formatPath(issue.path),
      message: `expected ${expected(issue)}, ${got(issue)}`,
    });
  }
  return out;
}
