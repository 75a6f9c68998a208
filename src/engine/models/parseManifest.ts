/**
 * Reads `model.json`: JSON syntax, the zod schema, then the cross-checks the schema cannot say
 * (lengths tied to `latentDims`, codebook size, file names inside the pack). Every problem becomes
 * one line `<file>: <json path>: <what was expected, what was found>`.
 */
import type { $ZodIssue } from "zod/v4/core";
import { type ModelManifest, modelManifestSchema } from "./manifest";
import { ModelPackError } from "./packError";

/** Parses and validates a manifest; throws a {@link ModelPackError} listing every problem. */
export function parseManifest(text: string, file: string): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelPackError([`${file}: invalid JSON: ${describeSyntaxError(err, text)}`]);
  }
  const parsed = modelManifestSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    throw new ModelPackError(parsed.error.issues.map((issue) => `${file}: ${formatIssue(issue)}`));
  }
  const problems = crossCheck(parsed.data).map((p) => `${file}: ${p}`);
  if (problems.length > 0) throw new ModelPackError(problems);
  return parsed.data;
}

/** `stats.components[2]` style, from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function formatIssue(issue: $ZodIssue): string {
  // zod writes "Invalid input: expected number, received string"; keep the part after the colon,
  // say "missing" for an absent field and show the value found when zod does not.
  let message = issue.message
    .replace(/^(Invalid input|Invalid option|Too small|Too big|Invalid string): /, "")
    .replace(/\.$/, "")
    .replace(/, received undefined$/, ", missing");
  if (!message.startsWith("expected")) message = `expected ${message}`;
  const input: unknown = issue.input;
  const shown =
    typeof input === "object" || input === undefined ? undefined : JSON.stringify(input);
  if (shown !== undefined && !message.includes("received")) message += `, got ${shown}`;
  const at = formatPath(issue.path);
  return at === "" ? message : `${at}: ${message}`;
}

function describeSyntaxError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(message);
  if (!position?.[1]) return message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return `${message.replace(/ in JSON at position \d+.*$/, "")} (line ${line}, column ${column})`;
}

const UNIT_TOLERANCE = 1e-3;

function crossCheck(m: ModelManifest): string[] {
  const problems: string[] = [];
  const dims = m.latentDims;
  const expectLength = (path: string, values: readonly number[], n: number, what: string) => {
    if (values.length !== n)
      problems.push(`${path}: expected ${n} numbers (${what}), got ${values.length}`);
  };
  const expectNonNegative = (path: string, values: readonly number[]) => {
    const i = values.findIndex((v) => v < 0);
    if (i >= 0) problems.push(`${path}[${i}]: expected a standard deviation ≥ 0, got ${values[i]}`);
  };

  expectLength("stats.mean", m.stats.mean, dims, "latentDims");
  expectLength("stats.std", m.stats.std, dims, "latentDims");
  expectNonNegative("stats.std", m.stats.std);
  m.stats.components.forEach((c, i) => {
    const path = `stats.components[${i}]`;
    if (c.length !== dims) return expectLength(path, c, dims, "latentDims");
    const norm = Math.hypot(...c);
    if (Math.abs(norm - 1) > UNIT_TOLERANCE) {
      problems.push(`${path}: expected a unit vector, got length ${norm.toPrecision(4)}`);
    }
  });
  expectLength(
    "stats.componentStd",
    m.stats.componentStd,
    m.stats.components.length,
    "one per entry of stats.components",
  );
  expectNonNegative("stats.componentStd", m.stats.componentStd);

  if (m.codebook) {
    const size = m.codebook.entries.length;
    m.codebook.entries.forEach((e, i) =>
      expectLength(`codebook.entries[${i}]`, e, dims, "latentDims"),
    );
    for (const [name, values] of Object.entries(m.codebook.descriptors)) {
      expectLength(`codebook.descriptors.${name}`, values, size, "one per codebook entry");
    }
  }

  if (m.decoder.context) {
    expectLength("decoder.context.initial", m.decoder.context.initial, dims, "latentDims");
  }

  for (const part of ["encoder", "decoder"] as const) {
    const file = m[part].file;
    if (!isPackRelative(file)) {
      problems.push(
        `${part}.file: expected a file name inside the pack folder, got ${JSON.stringify(file)}`,
      );
    }
  }

  if (m.frontEnd.kind === "spectral") {
    const { fftSize, stftHop } = m.frontEnd;
    if ((fftSize & (fftSize - 1)) !== 0) {
      problems.push(`frontEnd.fftSize: expected a power of two, got ${fftSize}`);
    }
    if (stftHop > fftSize) {
      problems.push(`frontEnd.stftHop: expected at most fftSize (${fftSize}), got ${stftHop}`);
    }
  }
  return problems;
}

/** A relative path that stays inside the pack: no `..`, no leading `/`, no backslashes. */
function isPackRelative(file: string): boolean {
  if (file.startsWith("/") || file.includes("\\") || /^[a-z]+:/i.test(file)) return false;
  return file.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}
