/**
 * Patch JSON through the same path as the CLI's `render`: text → parsePatch → Engine.load
 * (compile, models, assets) → a short render whose output must stay finite and within full scale.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { mutateBytes } from "./mutateBytes";
import { mutateJson, type Json } from "./mutateJson";
import { patchBomb, randomGraph } from "./patchGen";
import { EnginePool, loadAndRender } from "./patchRender";
import type { FuzzLoader, FuzzTarget } from "./types";

interface PatchCorpus {
  readonly examples: readonly { name: string; text: string; json: Json }[];
}

const encoder = new TextEncoder();

export const patchLoader: FuzzLoader<PatchCorpus> = {
  name: "patch",
  ext: "patch.json",
  defaultCases: 100_000,
  // CPU time; a case may load two neural packs cold (≈ 2.5 s of CPU each).
  limitMs: 8_000,
  expected: [
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
        const text = await readFile(join(dir, name), "utf8");
        return { name, text, json: JSON.parse(text) as Json };
      }),
    );
    return { examples };
  },

  generate(corpus, rng) {
    const kind = rng.weighted([
      [50, "tree"],
      [25, "bytes"],
      [20, "graph"],
      [0.5, "bomb"],
    ] as const);
    const example = rng.pick(corpus.examples);
    switch (kind) {
      case "tree": {
        const { json, op } = mutateJson(rng, example.json);
        return { bytes: encoder.encode(JSON.stringify(json)), note: `tree:${example.name}:${op}` };
      }
      case "bytes": {
        const { bytes, op } = mutateBytes(rng, encoder.encode(example.text));
        return { bytes, note: `bytes:${example.name}:${op}` };
      }
      case "graph": {
        const graph = randomGraph(rng);
        const { json, op } = rng.chance(0.3)
          ? mutateJson(rng, graph, 2)
          : { json: graph, op: "as-is" };
        return { bytes: encoder.encode(JSON.stringify(json)), note: `graph:${op}` };
      }
      case "bomb": {
        const { text, note } = patchBomb(rng);
        return { bytes: encoder.encode(text), note: `bomb:${note}` };
      }
    }
  },

  async open(_corpus, root): Promise<FuzzTarget> {
    const pool = new EnginePool(root);
    await pool.warm();
    return {
      async run(c) {
        await loadAndRender(pool, parsePatch(new TextDecoder().decode(c.bytes), nodeRegistry));
      },
      close() {
        pool.close();
        return Promise.resolve();
      },
    };
  },
};
