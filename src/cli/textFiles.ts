/**
 * Patch files in either form for the command line: JSON (`.patch.json`) or text (`.lp`, see
 * docs/text-format.md), and the `text` command that converts between them.
 */
import { parsePatch } from "../engine/patch/parse";
import type { Patch } from "../engine/patch/schema";
import { serializePatch } from "../engine/patch/serialize";
import { nodeRegistry } from "../nodes";
import { patchToText, textToPatch } from "../text";
import { readInputFile } from "./app";
import { atMost, type Flags } from "./args";
import { UsageError } from "./usage";

/** The extension of patch files in the text form. */
export const TEXT_PATCH_EXTENSION = ".lp";

/** A patch from a file's contents: the text form when `path` ends in `.lp`, else JSON. */
export function parsePatchFile(path: string, contents: string): Patch {
  return path.toLowerCase().endsWith(TEXT_PATCH_EXTENSION)
    ? textToPatch(contents, nodeRegistry)
    : parsePatch(contents, nodeRegistry);
}

/**
 * `text <patch.json>` prints the patch's text form; `text --to-json <file.lp>` prints the JSON of
 * a text patch.
 */
export async function textCommand(positionals: string[], flags: Flags): Promise<number> {
  atMost(positionals, 1, "text takes one patch file");
  const path = positionals[0];
  if (!path) throw new UsageError("a patch file is required");
  const contents = new TextDecoder().decode(await readInputFile(path));
  let patch: Patch;
  try {
    patch = parsePatchFile(path, contents);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  process.stdout.write(flags["to-json"] ? serializePatch(patch) : patchToText(patch, nodeRegistry));
  return 0;
}
