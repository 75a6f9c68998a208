/**
 * A model pack given as files (a dropped folder, a zip, a folder inside a bundle): find its
 * manifest, then validate it the way the engine will load it — `loadModelPack` opens both ONNX
 * files and refuses a pack that lies about its shapes, naming the tensor. Pure, no DOM.
 */
import { loadModelPack, ModelPackError } from "../../engine/models/loadPack";
import type { ModelManifest } from "../../engine/models/manifest";
import { packFilesLoader, type MemoryModelPack } from "../../engine/models/memoryPack";
import type { OnnxSessionOptions } from "../../engine/models/onnx";
import { parseManifest } from "../../engine/models/parseManifest";
import { formatBytes, MAX_ONNX_BYTES } from "../../engine/patch/limits";
import type { FileTree } from "./zipFiles";

/** A pack read from files, not yet validated. */
export interface PackCandidate extends MemoryModelPack {
  readonly manifest: ModelManifest;
  /** Where it came from, for messages: `wave.zip`, `song.zip/models/wave`. */
  readonly source: string;
}

/** True when `files` look like a model pack (a `model.json` at the top). */
export const isModelPack = (files: FileTree): boolean => files.has("model.json");

/**
 * Reads the manifest of the pack in `files`.
 * @throws ModelPackError naming `source` when there is no manifest or it is invalid, or naming
 *   an ONNX file larger than MAX_ONNX_BYTES
 */
export function packCandidate(files: FileTree, source: string): PackCandidate {
  const text = files.get("model.json");
  if (!text) {
    const has = [...files.keys()].slice(0, 6).join(", ") || "no files";
    throw new ModelPackError([
      `${source}: no model.json at the top (a model pack holds model.json, encoder.onnx and decoder.onnx; this has ${has})`,
    ]);
  }
  for (const [name, bytes] of files) {
    if (name.endsWith(".onnx") && bytes.length > MAX_ONNX_BYTES) {
      throw new ModelPackError([
        `${source}/${name}: ${formatBytes(bytes.length)}, larger than a model file may be (the limit is ${formatBytes(MAX_ONNX_BYTES)})`,
      ]);
    }
  }
  const manifest = parseManifest(new TextDecoder().decode(text), `${source}/model.json`);
  return { id: manifest.id, manifest, files, source };
}

/**
 * Opens the pack's ONNX files and checks them against the manifest, then releases them.
 * @throws ModelPackError with loadModelPack's message (file, tensor, expected and found shape)
 */
export async function validatePack(pack: PackCandidate, onnx?: OnnxSessionOptions): Promise<void> {
  const loaded = await loadModelPack(packFilesLoader(pack.source, pack.files), pack.source, {
    ...(onnx ? { onnx } : {}),
  });
  await loaded.dispose();
}
