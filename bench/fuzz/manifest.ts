/**
 * Model-pack manifests through `parseManifest`, as `loadModelPack` reads `model.json`: mutations
 * of the shipped and fixture manifests, and bombs (huge arrays, thousands of problems, deep
 * nesting).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseManifest } from "../../src/engine/models/parseManifest";
import { mutateBytes } from "./mutateBytes";
import { mutateJson, type Json } from "./mutateJson";
import type { Rng } from "./rng";
import type { FuzzLoader } from "./types";

interface ManifestCorpus {
  readonly manifests: readonly { name: string; text: string; json: Json }[];
}

const encoder = new TextEncoder();

/** Every `model.json` under `dir/*` that is valid JSON. */
export async function manifestsUnder(
  dir: string,
): Promise<{ name: string; text: string; json: Json }[]> {
  const out: { name: string; text: string; json: Json }[] = [];
  for (const sub of (await readdir(dir)).sort()) {
    try {
      const text = await readFile(join(dir, sub, "model.json"), "utf8");
      out.push({ name: sub, text, json: JSON.parse(text) as Json });
    } catch {
      // not a pack, or a fixture that is deliberately not JSON
    }
  }
  return out;
}

function bomb(rng: Rng, base: Json): { text: string; note: string } {
  const m = structuredClone(base) as Record<string, Json> & {
    stats: Record<string, Json>;
    latentDims: number;
  };
  const kind = rng.pick([
    "huge-mean",
    "many-components",
    "many-problems",
    "deep",
    "huge-dims",
  ] as const);
  switch (kind) {
    case "huge-mean": {
      const n = rng.size(10_000, 1_000_000);
      m.stats.mean = new Array<number>(n).fill(0.5);
      return { text: JSON.stringify(m), note: `bomb:${kind}:${n}` };
    }
    case "many-components": {
      const n = rng.size(100, 20_000);
      const unit = [1, ...new Array<number>(m.latentDims - 1).fill(0)];
      m.stats.components = new Array<Json>(n).fill(unit);
      return { text: JSON.stringify(m), note: `bomb:${kind}:${n}` };
    }
    case "many-problems": {
      const n = rng.size(100, 200_000);
      m.stats.components = new Array<Json>(n).fill([1]);
      return { text: JSON.stringify(m), note: `bomb:${kind}:${n}` };
    }
    case "deep": {
      const depth = rng.size(100, 1_000_000);
      const text = JSON.stringify(m).replace(
        /^\{/,
        `{"stats2":${"[".repeat(depth)}${"]".repeat(depth)},`,
      );
      return { text, note: `bomb:${kind}:${depth}` };
    }
    case "huge-dims": {
      m.latentDims = 4096;
      m.stats.mean = new Array<number>(4096).fill(0);
      m.stats.std = new Array<number>(4096).fill(1);
      const c = new Array<number>(4096).fill(0);
      c[0] = 1;
      m.stats.components = new Array<Json>(rng.size(1, 512)).fill(c);
      return { text: JSON.stringify(m), note: `bomb:${kind}` };
    }
  }
}

export const manifestLoader: FuzzLoader<ManifestCorpus> = {
  name: "manifest",
  ext: "model.json",
  defaultCases: 10_000,
  limitMs: 2_000,
  expected: ["ModelPackError"],

  async corpus(root) {
    const manifests = [
      ...(await manifestsUnder(join(root, "models"))),
      ...(await manifestsUnder(join(root, "tests", "fixtures", "models"))),
    ];
    return { manifests };
  },

  generate(corpus, rng) {
    const base = rng.pick(corpus.manifests);
    const kind = rng.weighted([
      [70, "tree"],
      [25, "bytes"],
      [3, "bomb"],
    ] as const);
    switch (kind) {
      case "tree": {
        const { json, op } = mutateJson(rng, base.json, 3);
        return { bytes: encoder.encode(JSON.stringify(json)), note: `tree:${base.name}:${op}` };
      }
      case "bytes": {
        const { bytes, op } = mutateBytes(rng, encoder.encode(base.text));
        return { bytes, note: `bytes:${base.name}:${op}` };
      }
      case "bomb": {
        const { text, note } = bomb(rng, base.json);
        return { bytes: encoder.encode(text), note: `${note}:${base.name}` };
      }
    }
  },

  open() {
    return Promise.resolve({
      run(c) {
        parseManifest(new TextDecoder().decode(c.bytes), "models/fuzz/model.json");
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    });
  },
};
