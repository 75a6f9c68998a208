/**
 * Patch JSON through the same path as the CLI's `render`: text → parsePatch → Engine.load
 * (compile, models, assets) → a short render whose output must stay finite and within full scale.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Engine } from "../../src/engine/engine";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { FuzzViolation } from "./classify";
import { mutateBytes } from "./mutateBytes";
import { mutateJson, type Json } from "./mutateJson";
import { patchBomb, randomGraph } from "./patchGen";
import type { FuzzLoader, FuzzTarget } from "./types";

interface PatchCorpus {
  readonly examples: readonly { name: string; text: string; json: Json }[];
}

const encoder = new TextEncoder();
const RENDER_SECONDS = 0.03;

/** Engines kept warm per set of models a patch names, so a case rarely loads a pack cold. */
class EnginePool {
  private readonly engines = new Map<string, Engine>();

  constructor(private readonly root: string) {}

  get(key: string): Engine {
    let engine = this.engines.get(key);
    if (engine) {
      this.engines.delete(key);
    } else {
      engine = new Engine({
        registry: nodeRegistry,
        appLoader: fsLoader(this.root),
        patchFiles: fsLoader(join(this.root, "examples")),
        defaultModelId: DEFAULT_MODEL_ID,
      });
    }
    this.engines.set(key, engine);
    for (const [old, e] of this.engines) {
      if (this.engines.size <= 4) break;
      e.dispose();
      this.engines.delete(old);
    }
    return engine;
  }

  close(): void {
    for (const e of this.engines.values()) e.dispose();
    this.engines.clear();
  }
}

function modelKey(patch: {
  model?: string;
  nodes: readonly { params: Record<string, unknown> }[];
}): string {
  const ids = new Set<string>();
  for (const n of patch.nodes) if (typeof n.params.model === "string") ids.add(n.params.model);
  return JSON.stringify([patch.model ?? "", [...ids].sort()]);
}

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
    // Warm the default model so the first case is not charged with its load.
    const warm = pool.get(modelKey({ nodes: [] }));
    const first = await readFile(join(root, "examples", "reconstruct.patch.json"), "utf8");
    await warm.load(parsePatch(first, nodeRegistry));
    return {
      async run(c) {
        const patch = parsePatch(new TextDecoder().decode(c.bytes), nodeRegistry);
        const engine = pool.get(modelKey(patch));
        await engine.load(patch);
        const result = await engine.render({ seconds: RENDER_SECONDS, blockFrames: 64 });
        for (const [id, audio] of result.outputs) {
          for (const ch of audio.channels) {
            for (let i = 0; i < ch.length; i++) {
              const v = ch[i]!;
              if (!(Math.abs(v) <= 1)) {
                throw new FuzzViolation(`AudioOut "${id}" sample ${i} is ${v}, past full scale`);
              }
            }
          }
        }
      },
      close() {
        pool.close();
        return Promise.resolve();
      },
    };
  },
};
