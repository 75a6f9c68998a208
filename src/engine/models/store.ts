/**
 * The engine's {@link ModelStore}: a fixed set of packs, each loaded and validated once.
 */
import type { ModelStore } from "../nodeDefinition";
import type { ResourceLoader } from "../resources";
import { loadModelPack, type LoadModelPackOptions, ModelPackError } from "./loadPack";
import type { PackCache } from "./packCache";
import type { LoadedModel } from "./types";

export interface LoadModelsOptions extends LoadModelPackOptions {
  /** The model `get("")` returns; must be among the ids. */
  readonly defaultModelId: string;
  /** The folder of a pack; default `models/<id>`. */
  readonly dirOf?: (id: string) => string;
  /** Shares packs with the other stores made from it (see {@link PackCache}). */
  readonly cache?: PackCache;
}

export interface LoadedModelStore extends ModelStore {
  /** Every loaded pack, in the order of the ids given. */
  loaded(): LoadedModel[];
  /** Releases every pack's ONNX sessions. */
  dispose(): Promise<void>;
}

/**
 * Loads the packs `ids` (duplicates load once). Rejects with the first pack's
 * {@link ModelPackError}; packs already loaded are released.
 */
export async function loadModels(
  loader: ResourceLoader,
  ids: readonly string[],
  opts: LoadModelsOptions,
): Promise<LoadedModelStore> {
  const unique = [...new Set(ids)];
  if (!unique.includes(opts.defaultModelId)) {
    throw new Error(
      `the default model "${opts.defaultModelId}" is not among the models to load (${unique.join(", ")})`,
    );
  }
  const dirOf = opts.dirOf ?? ((id: string) => `models/${id}`);
  const settled = await Promise.allSettled(
    unique.map((id) =>
      opts.cache
        ? opts.cache.acquire(loader, dirOf(id), opts)
        : loadModelPack(loader, dirOf(id), opts),
    ),
  );
  const models = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const release = () => Promise.all(models.map((m) => m.dispose()));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) {
    await release();
    throw failure.reason;
  }
  const liar = models.findIndex((m, i) => m.id !== unique[i]);
  if (liar >= 0) {
    await release();
    const id = unique[liar] ?? "";
    throw new ModelPackError([
      `${dirOf(id)}/model.json: id: expected "${id}" (the id it is loaded as), got "${models[liar]?.id}"`,
    ]);
  }
  const byId = new Map(unique.map((id, i) => [id, models[i]!] as const));
  return {
    defaultModelId: opts.defaultModelId,
    get(modelId) {
      const model = byId.get(modelId === "" ? opts.defaultModelId : modelId);
      if (!model) {
        throw new Error(`unknown model "${modelId}" (available: ${unique.join(", ")})`);
      }
      return model;
    },
    loaded: () => [...models],
    dispose: async () => {
      await release();
    },
  };
}

/**
 * The ids listed in a `models/index.json` of the form `{"models": ["pca-spectral", ...]}` (or a
 * bare array of ids).
 */
export async function listModelIds(
  loader: ResourceLoader,
  indexPath = "models/index.json",
): Promise<string[]> {
  const bytes = await loader.read(indexPath);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(
      `${indexPath}: invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const list: unknown = Array.isArray(json) ? json : (json as { models?: unknown } | null)?.models;
  if (!Array.isArray(list) || !list.every((x): x is string => typeof x === "string")) {
    throw new Error(`${indexPath}: models: expected an array of model ids`);
  }
  return list;
}
