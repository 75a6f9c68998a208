/**
 * What the inspectors need to know about a model: its latent statistics and codebook, read from
 * the pack's manifest alone (no ONNX session is opened), once per model id.
 */
import { DEFAULT_MODEL_ID } from "../../engine/models/defaults";
import { parseManifest } from "../../engine/models/parseManifest";
import { codebookOf, latentStatsOf } from "../../engine/models/statsFromManifest";
import type { Codebook, LatentStats } from "../../engine/models/types";
import { fetchLoader, type ResourceLoader } from "../../engine/resources";

export interface ModelInfo {
  readonly id: string;
  readonly stats: LatentStats;
  readonly codebook: Codebook | undefined;
}

const cache = new Map<string, Promise<ModelInfo>>();

/** The statistics and codebook of model `id` ("" = the app's default model). */
export function modelInfo(id: string, loader?: ResourceLoader): Promise<ModelInfo> {
  const key = id || DEFAULT_MODEL_ID;
  let hit = cache.get(key);
  if (!hit) {
    const read = loader ?? fetchLoader(new URL("/", location.href).href);
    const file = `models/${key}/model.json`;
    hit = read.read(file).then((bytes) => {
      const manifest = parseManifest(new TextDecoder().decode(bytes), file);
      return { id: key, stats: latentStatsOf(manifest), codebook: codebookOf(manifest) };
    });
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}
