/**
 * `TextError`: why a patch's text form was refused, each reason at a line and column.
 */
import { MAX_LISTED_ISSUES } from "../engine/patch/errors";
import { listProblems } from "../engine/patch/path";

/** One problem in the text: where (1-based line and column, and the character span) and what. */
export interface TextIssue {
  readonly line: number;
  readonly column: number;
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

/**
 * Thrown by textToPatch. `message` lists the issues one per line, each as
 * `line 3, column 12: expected a number in [-180, 180], got "fast"` — the first 50, then how many
 * more there are; `issues` holds them all.
 */
export class TextError extends Error {
  readonly issues: readonly TextIssue[];

  constructor(issues: readonly TextIssue[]) {
    super(
      listProblems(
        issues,
        MAX_LISTED_ISSUES,
        (i) => `line ${i.line}, column ${i.column}: ${i.message}`,
      ),
    );
    this.name = "TextError";
    this.issues = issues;
  }
}
