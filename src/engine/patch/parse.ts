/**
 * Loading a patch: JSON text or an already-parsed value → migrations → schema → semantic
 * checks. A patch is data: nothing in it is executed or fetched.
 */
import { checkPatch } from "./checks";
import { fromZodIssues, patchError, PatchError } from "./errors";
import { formatBytes, MAX_PATCH_BYTES } from "./limits";
import { migratePatch } from "./migrate";
import { escapeControlChars, preview } from "./path";
import type { NodeRegistry } from "./registry";
import { PATCH_FORMAT, knownPatchKeys, patchSchema, type Patch } from "./schema";
import { checkPatchSize } from "./sizes";

export { splitEndpoint, type Endpoint } from "./endpoint";
export type { Patch } from "./schema";

/** Line and column (1-based) of a character offset in `text`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * Refuses patch text of `size` bytes (or characters) past the limit, before it is parsed.
 * @throws PatchError at `patch`
 */
export function checkPatchTextSize(size: number): void {
  if (size > MAX_PATCH_BYTES) {
    throw patchError(
      "patch",
      `${formatBytes(size)} of text, too large to open (the limit is ${formatBytes(MAX_PATCH_BYTES)})`,
    );
  }
}

function parseJson(text: string): unknown {
  checkPatchTextSize(text.length);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // V8 quotes the text around the error, newlines and all: keep the message on one line.
    const reason = escapeControlChars(e instanceof Error ? e.message : String(e));
    const position = /at position (\d+)/.exec(reason)?.[1];
    const where = position !== undefined ? ` (${lineColumn(text, Number(position))})` : "";
    const atEnd = /end of JSON input/.test(reason) ? ` (${lineColumn(text, text.length)})` : "";
    throw patchError("patch", `not valid JSON${where}${atEnd}: ${reason}`);
  }
}

/**
 * Parses and validates a patch: JSON text, or a value already parsed from JSON. Throws a
 * PatchError listing every problem found (each with its JSON path) when it cannot be loaded;
 * a patch past a limit of ./limits.ts is refused first, with that one issue, before anything is
 * built from it; schema problems are listed next and stop before the checks against node
 * definitions.
 */
export function parsePatch(input: unknown, registry: NodeRegistry): Patch {
  const json = typeof input === "string" ? parseJson(input) : input;
  if (typeof json === "object" && json !== null && !Array.isArray(json) && "format" in json) {
    if (json.format !== PATCH_FORMAT) {
      throw patchError(
        "patch.format",
        `expected ${JSON.stringify(PATCH_FORMAT)}, got ${preview(json.format)}`,
      );
    }
  }
  const migrated = migratePatch(json);
  checkPatchSize(migrated, registry);
  const result = patchSchema.safeParse(migrated, { reportInput: true });
  if (!result.success) throw new PatchError(fromZodIssues(result.error.issues, knownPatchKeys));
  const issues = checkPatch(result.data, registry);
  if (issues.length > 0) throw new PatchError(issues);
  return result.data;
}
