/**
 * Bundle zips through the app's own path for an opened zip: `readZip` then `importFileTree`
 * (patch, packs validated with onnxruntime, sounds decoded). Mutations of bundles built from the
 * examples — the zip's bytes, or one entry's content or name — and zip bombs and floods.
 */
import { validatePack } from "../../src/ui/bundle/packFiles";
import { importFileTree } from "../../src/ui/bundle/importFiles";
import { ModelShelf } from "../../src/ui/bundle/modelShelf";
import { readZip, writeZip } from "../../src/ui/bundle/zipFiles";
import { nodeRegistry } from "../../src/nodes";
import { bundleCorpus, type BundleCorpus } from "./bundleCorpus";
import { INTERESTING_U32, mutateBytes } from "./mutateBytes";
import { mutateJson, type Json } from "./mutateJson";
import type { Rng } from "./rng";
import type { FuzzLoader } from "./types";

const SHIPPED = new Set([
  "neural-spectral",
  "neural-spectral-2",
  "neural-spectral-live",
  "pca-spectral",
]);
const HOSTILE_NAMES = [
  "../patch.json",
  "/etc/passwd",
  "models/../../x",
  "C:\\x.wav",
  "",
  "a/".repeat(200) + "x",
  "__MACOSX/patch.json",
  "models/spectral-fixture/../../patch.json",
];

/** One edit of a bundle's file tree; returns the zip and what was done. */
function mutateTree(
  rng: Rng,
  files: ReadonlyMap<string, Uint8Array>,
): { zip: Uint8Array; op: string } {
  const tree = new Map(files);
  const names = [...tree.keys()];
  const name = rng.pick(names);
  const bytes = tree.get(name)!;
  const op = rng.weighted([
    [5, "content"],
    [1, "delete"],
    [1, "rename"],
    [1, "add"],
    [1, "folder"],
  ] as const);
  switch (op) {
    case "content":
      if (name.endsWith(".json") && rng.chance(0.7)) {
        try {
          const { json, op: what } = mutateJson(
            rng,
            JSON.parse(new TextDecoder().decode(bytes)) as Json,
            3,
          );
          tree.set(name, new TextEncoder().encode(JSON.stringify(json)));
          return { zip: writeZip(tree), op: `json:${name}:${what}` };
        } catch {
          // fall through to a byte mutation
        }
      }
      tree.set(name, mutateBytes(rng, bytes, 4).bytes);
      break;
    case "delete":
      tree.delete(name);
      break;
    case "rename":
      tree.delete(name);
      tree.set(rng.pick([...HOSTILE_NAMES, ...names.map((n) => `${n}x`)]), bytes);
      break;
    case "add":
      tree.set(
        rng.pick([...HOSTILE_NAMES, "models/other/model.json", "b.patch.json", ".DS_Store"]),
        bytes,
      );
      break;
    case "folder":
      return {
        zip: writeZip(new Map([...tree].map(([n, b]) => [`top/${n}`, b]))),
        op: "shared-folder",
      };
  }
  return { zip: writeZip(tree), op: `${op}:${name}` };
}

/** Sets every uncompressed-size field of the central directory to a lie. */
function lieAboutSizes(rng: Rng, zip: Uint8Array): Uint8Array {
  const out = new Uint8Array(zip);
  const v = new DataView(out.buffer);
  const lie = rng.pick(INTERESTING_U32);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (v.getUint32(at, true) === 0x02014b50) v.setUint32(at + 24, lie, true);
  }
  return out;
}

export const bundleLoader: FuzzLoader<BundleCorpus> = {
  name: "bundle",
  ext: "zip",
  defaultCases: 10_000,
  limitMs: 5_000,
  expected: ["FileRefusedError", "ModelPackError", "AudioFileError"],

  corpus: bundleCorpus,

  generate(corpus, rng) {
    const base = rng.pick(corpus.bundles);
    const kind = rng.weighted([
      [45, "tree"],
      [40, "bytes"],
      [5, "sizes"],
      [1, "bomb"],
    ] as const);
    switch (kind) {
      case "tree": {
        const { zip, op } = mutateTree(rng, base.files);
        return { bytes: zip, note: `tree:${base.name}:${op}` };
      }
      case "bytes": {
        const { bytes, op } = mutateBytes(rng, base.zip, 4);
        return { bytes, note: `bytes:${base.name}:${op}` };
      }
      case "sizes":
        return { bytes: lieAboutSizes(rng, base.zip), note: `sizes:${base.name}` };
      case "bomb": {
        const bomb = rng.pick(corpus.bombs);
        return { bytes: bomb.zip, note: `bomb:${bomb.name}` };
      }
    }
  },

  open() {
    return Promise.resolve({
      async run(c) {
        const files = readZip(c.bytes, "fuzz.zip");
        await importFileTree(files, "fuzz.zip", {
          shelf: new ModelShelf(),
          registry: nodeRegistry,
          appHasModel: (id) => Promise.resolve(SHIPPED.has(id)),
          validate: (pack) => validatePack(pack),
        });
      },
      close: () => Promise.resolve(),
    });
  },
};
