/**
 * `TextError`: why a patch's text form was refused, each reason at a line and column.
 */
import { clipLine } from "../engine/patch/path";

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
 * `line 3, column 12: expected a number in [-180, 180], got "fast"`.
 */
export class TextError extends Error {
  readonly issues: readonly TextIssue[];

  constructor(issues: readonly TextIssue[]) {
    super(
      issues.map((i) => clipLine(`line ${i.line}, column ${i.column}: ${i.message}`)).join("\n"),
    );
    this.name = "TextError";
    this.issues = issues;
  }
}
