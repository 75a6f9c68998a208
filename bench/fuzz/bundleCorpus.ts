/**
 * Valid bundles to mutate — each example patch as exported (builtin sounds), with an embedded
 * sound, and with a custom model pack — and zip bombs, built once and kept in the OS temp folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Zip, ZipDeflate, zipSync } from "fflate";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { bundleFiles } from "../../src/ui/bundle/bundle";
import { bytesToBase64 } from "../../src/ui/model/audioDrop";
import { writeZip } from "../../src/ui/bundle/zipFiles";

export interface BundleCorpus {
  /** File trees of valid bundles, and their zips. */
  readonly bundles: readonly {
    name: string;
    files: ReadonlyMap<string, Uint8Array>;
    zip: Uint8Array;
  }[];
  /** Zip bombs and floods by name (read from the temp folder cache). */
  readonly bombs: readonly { name: string; zip: Uint8Array }[];
}

const FIXTURE_PACK = "tests/fixtures/models/spectral-fixture";

/** A zip holding one `megabytes` MB file of zeros, streamed so building it stays small. */
function zeroBomb(megabytes: number, entry: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const patch = new ZipDeflate("patch.json", { level: 1 });
  zip.add(patch);
  patch.push(new TextEncoder().encode("{}"), true);
  const file = new ZipDeflate(entry, { level: 1 });
  zip.add(file);
  const mb = new Uint8Array(1 << 20);
  for (let i = 0; i < megabytes; i++) file.push(mb, i === megabytes - 1);
  zip.end();
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function manyEntries(count: number): Uint8Array {
  const tree: Record<string, Uint8Array> = { "patch.json": new Uint8Array(0) };
  for (let i = 0; i < count; i++) tree[`audio/${i}.wav`] = new Uint8Array(0);
  return zipSync(tree, { level: 0 });
}

/** Bombs are slow to deflate (seconds per 256 MB here): build each once per machine. */
function cachedBomb(name: string, build: () => Uint8Array): { name: string; zip: Uint8Array } {
  const dir = join(tmpdir(), "latent-patcher-fuzz-bombs");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.zip`);
  if (!existsSync(path)) {
    writeFileSync(`${path}.part${process.pid}`, build());
    renameSync(`${path}.part${process.pid}`, path);
  }
  return { name, zip: new Uint8Array(readFileSync(path)) };
}

/** The first `seconds` of a 44-byte-header 16-bit WAV, its sizes made true. */
function shortWav(bytes: Uint8Array, seconds: number): Uint8Array {
  const out = bytes.slice(0, 44 + Math.floor(seconds * 44100) * 2);
  const v = new DataView(out.buffer);
  v.setUint32(4, out.length - 8, true);
  v.setUint32(40, out.length - 44, true);
  return out;
}

export async function bundleCorpus(root: string): Promise<BundleCorpus> {
  const examples = (await readdir(join(root, "examples")))
    .filter((f) => f.endsWith(".patch.json"))
    .sort();
  const pack = new Map<string, Uint8Array>();
  for (const f of ["model.json", "encoder.onnx", "decoder.onnx"]) {
    pack.set(f, new Uint8Array(await readFile(join(root, FIXTURE_PACK, f))));
  }
  const piano = shortWav(
    new Uint8Array(await readFile(join(root, "assets/audio/piano.wav"))),
    0.25,
  );
  const bundles: { name: string; files: ReadonlyMap<string, Uint8Array>; zip: Uint8Array }[] = [];
  for (const name of examples) {
    const patch = parsePatch(await readFile(join(root, "examples", name), "utf8"), nodeRegistry);
    const embedded: Patch = {
      ...patch,
      assets: Object.fromEntries(
        Object.keys(patch.assets ?? {}).map((id) => [
          id,
          { kind: "embedded", mime: "audio/wav", base64: bytesToBase64(piano) },
        ]),
      ),
    };
    const custom: Patch = { ...embedded, model: "spectral-fixture" };
    const variants = [
      ["builtin", patch],
      ["embedded", embedded],
      ["custom-pack", custom],
    ] as const;
    for (const [variant, p] of variants) {
      const files = bundleFiles(p, {
        registry: nodeRegistry,
        customPack: (id) => (id === "spectral-fixture" ? { id, files: pack } : undefined),
      });
      bundles.push({ name: `${name}:${variant}`, files, zip: writeZip(files) });
    }
  }
  const bombs = [
    cachedBomb("zeros-256MB", () => zeroBomb(256, "audio/piano.wav")),
    cachedBomb("zeros-1GB", () => zeroBomb(1024, "audio/big.wav")),
    cachedBomb("entries-100k", () => manyEntries(100_000)),
  ];
  return { bundles, bombs };
}
