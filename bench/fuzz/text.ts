/**
 * The text form of a patch (`.lp`, docs/text-format.md) through the same path as the CLI and the
 * text view: textToPatch → Engine.load → a short render. Inputs are the examples' texts mutated by
 * line and token, random graphs written as text, raw byte mutations, and text bombs.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { patchToText, textToPatch } from "../../src/text";
import { mutateBytes } from "./mutateBytes";
import { randomGraph } from "./patchGen";
import { EnginePool, loadAndRender } from "./patchRender";
import type { Rng } from "./rng";
import { textBomb } from "./textGen";
import { mutateLines } from "./textMutate";
import type { FuzzLoader, FuzzTarget } from "./types";

interface TextCorpus {
  readonly examples: readonly { name: string; text: string }[];
}

const encoder = new TextEncoder();

/** A random graph of real nodes in the text form, or null when it is not a valid patch. */
function graphText(rng: Rng): string | null {
  try {
    return patchToText(parsePatch(randomGraph(rng), nodeRegistry), nodeRegistry);
  } catch {
    return null;
  }
}

export const textLoader: FuzzLoader<TextCorpus> = {
  name: "text",
  ext: "lp",
  defaultCases: 100_000,
  // CPU time; a case may load two neural packs cold (≈ 2.5 s of CPU each).
  limitMs: 8_000,
  expected: [
    "TextError",
    "PatchError",
    "GraphError",
    "FlattenError",
    "ModelPackError",
    "AudioFileError",
    "Error",
  ],

  async corpus(root) {
    const dir = join(root, "examples");
    const files = (await readdir(dir)).filter((f) => f.endsWith(".patch.json")).sort();
    const examples = await Promise.all(
      files.map(async (name) => {
        const patch = parsePatch(await readFile(join(dir, name), "utf8"), nodeRegistry);
        return { name, text: patchToText(patch, nodeRegistry) };
      }),
    );
    return { examples };
  },

  generate(corpus, rng) {
    const kind = rng.weighted([
      [50, "lines"],
      [20, "bytes"],
      [25, "graph"],
      [0.5, "bomb"],
    ] as const);
    const example = rng.pick(corpus.examples);
    switch (kind) {
      case "lines": {
        const { text, op } = mutateLines(rng, example.text);
        return { bytes: encoder.encode(text), note: `lines:${example.name}:${op}` };
      }
      case "bytes": {
        const { bytes, op } = mutateBytes(rng, encoder.encode(example.text));
        return { bytes, note: `bytes:${example.name}:${op}` };
      }
      case "graph": {
        const text = graphText(rng);
        if (text === null) {
          const { text: t, op } = mutateLines(rng, example.text);
          return { bytes: encoder.encode(t), note: `lines:${example.name}:${op}` };
        }
        const { text: mutated, op } = rng.chance(0.4)
          ? mutateLines(rng, text, 2)
          : { text, op: "as-is" };
        return { bytes: encoder.encode(mutated), note: `graph:${op}` };
      }
      case "bomb": {
        const { text, note } = textBomb(rng);
        return { bytes: encoder.encode(text), note: `bomb:${note}` };
      }
    }
  },

  async open(_corpus, root): Promise<FuzzTarget> {
    const pool = new EnginePool(root);
    await pool.warm();
    return {
      async run(c) {
        await loadAndRender(pool, textToPatch(new TextDecoder().decode(c.bytes), nodeRegistry));
      },
      close() {
        pool.close();
        return Promise.resolve();
      },
    };
  },
};
