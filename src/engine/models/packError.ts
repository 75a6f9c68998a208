import { listProblems } from "../patch/path";

/** How many problems a message lists before summing up the rest ("… and 26541 more problems"). */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * A model pack was refused. The message has one line per problem, each naming the file (or pack
 * folder), the JSON path or tensor, what was expected and what was found — the first
 * {@link MAX_LISTED_PROBLEMS} of them, then a line counting the rest, so a manifest with a
 * hundred thousand bad entries still gets a readable message; `problems` holds every line.
 */
export class ModelPackError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(listProblems(problems, MAX_LISTED_PROBLEMS, (p) => p));
    this.name = "ModelPackError";
    this.problems = problems;
  }
}
