/**
 * ONNX bytes through `loadModelPack` (onnxruntime opens them, then validateSessions checks the
 * manifest's promises), as a dropped pack is checked: byte mutations and lying protobuf lengths
 * of the test fixture packs' and pca-spectral's encoder and decoder, and swapped files; on
 * onnxruntime-web's WebAssembly (`onnx`) and on onnxruntime-node (`onnx-native`).
 */
import { readFile } from "node:fs/promises";
import * as ortNode from "onnxruntime-node";
import { join } from "node:path";
import { loadModelPack } from "../../src/engine/models/loadPack";
import { packFilesLoader } from "../../src/engine/models/memoryPack";
import { useNativeRuntime, useWebRuntime } from "../../src/engine/models/onnx";
import { mutateBytes } from "./mutateBytes";
import { lieAboutLength } from "./protobuf";
import type { Rng } from "./rng";
import type { FuzzLoader } from "./types";

type Role = "encoder" | "decoder";
interface Pack {
  readonly name: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
}
interface OnnxCorpus {
  readonly packs: readonly Pack[];
}

/** Packs that load as they are (the neural ones take seconds each to open, so are left out). */
const PACKS = [
  "tests/fixtures/models/spectral-fixture",
  "tests/fixtures/models/wave-fixture",
  "tests/fixtures/models/context-fixture",
  "tests/fixtures/models/encoder-context-fixture",
  "tests/fixtures/models/wave-encoder-context-fixture",
  "models/pca-spectral",
];

const fileOf = (role: Role) => `${role}.onnx`;

function mutate(
  rng: Rng,
  corpus: OnnxCorpus,
  pack: Pack,
  role: Role,
): { bytes: Uint8Array; op: string } {
  const valid = pack.files.get(fileOf(role))!;
  const kind = rng.weighted([
    [55, "bytes"],
    [35, "length"],
    [5, "swap"],
    [5, "empty"],
  ] as const);
  switch (kind) {
    case "bytes":
      return mutateBytes(rng, valid, 4);
    case "length": {
      const step = lieAboutLength(rng, valid);
      return rng.chance(0.3)
        ? { ...mutateBytes(rng, step.bytes, 2), op: `${step.op}+bytes` }
        : step;
    }
    case "swap": {
      const other = rng.pick(corpus.packs);
      const otherRole = rng.pick(["encoder", "decoder"] as const);
      return { bytes: other.files.get(fileOf(otherRole))!, op: `swap:${other.name}/${otherRole}` };
    }
    case "empty":
      return { bytes: new Uint8Array(rng.int(16)).map(() => rng.int(256)), op: "tiny" };
  }
}

export const onnxLoader: FuzzLoader<OnnxCorpus> = {
  name: "onnx",
  ext: "onnx",
  defaultCases: 10_000,
  limitMs: 2_000,
  expected: ["ModelPackError"],

  async corpus(root) {
    const packs = await Promise.all(
      PACKS.map(async (dir) => {
        const files = new Map<string, Uint8Array>();
        for (const f of ["model.json", "encoder.onnx", "decoder.onnx"]) {
          files.set(f, new Uint8Array(await readFile(join(root, dir, f))));
        }
        return { name: dir.split("/").pop()!, files };
      }),
    );
    return { packs };
  },

  generate(corpus, rng) {
    // The small fixtures most of the time: they open in milliseconds.
    const pack = rng.chance(0.9)
      ? rng.pick(corpus.packs.slice(0, -1))
      : corpus.packs[corpus.packs.length - 1]!;
    const role = rng.pick(["encoder", "decoder"] as const);
    const { bytes, op } = mutate(rng, corpus, pack, role);
    return { bytes, note: `${pack.name}/${role}:${op}`, meta: { pack: pack.name, role } };
  },

  async open(corpus) {
    // The first session compiles onnxruntime's WASM (seconds under load): not any case's time.
    const first = corpus.packs[0]!;
    await (
      await loadModelPack(packFilesLoader("models/fuzz", first.files), "models/fuzz")
    ).dispose();
    return {
      async run(c) {
        const pack = corpus.packs.find((p) => p.name === c.meta?.pack);
        if (!pack) throw new Error(`no pack ${c.meta?.pack}`);
        const files = new Map(pack.files);
        files.set(fileOf(c.meta?.role as Role), c.bytes);
        const model = await loadModelPack(packFilesLoader("models/fuzz", files), "models/fuzz");
        await model.dispose();
      },
      async close() {},
    };
  },
};

/**
 * The same cases on onnxruntime-node's native build, which the CLI runs by default: there a
 * memory error would kill the process instead of trapping in WebAssembly, so it is fuzzed too.
 */
export const onnxNativeLoader: FuzzLoader<OnnxCorpus> = {
  ...onnxLoader,
  name: "onnx-native",
  async open(corpus, root) {
    // Native only while this loader's cases open packs: other loaders in the process stay on
    // onnxruntime-web.
    const native = async <T>(work: () => Promise<T>): Promise<T> => {
      useNativeRuntime(ortNode, 1);
      try {
        return await work();
      } finally {
        useWebRuntime();
      }
    };
    const target = await native(() => onnxLoader.open(corpus, root));
    return { run: (c) => native(() => target.run(c)), close: () => target.close() };
  },
};
