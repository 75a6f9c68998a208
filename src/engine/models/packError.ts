/**
 * A model pack was refused. The message has one line per problem, each naming the file (or pack
 * folder), the JSON path or tensor, what was expected and what was found; `problems` holds the
 * same lines.
 */
export class ModelPackError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ModelPackError";
    this.problems = problems;
  }
}
