/** The example patches of `examples/` as text, by name ("effect-transfer"), read from disk. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function examplePatchTexts(dir = "examples"): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".patch.json"))
    .sort())
    texts[file.replace(".patch.json", "")] = readFileSync(join(dir, file), "utf8");
  return texts;
}
