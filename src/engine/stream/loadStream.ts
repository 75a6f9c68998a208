/**
 * What a stream needs before it can start: the compiled graph, its models, its assets and the
 * patch clock, loaded with the same helpers as `Engine.load` (`usedModelIds`, `patchClock`).
 */
import type { EngineOptions } from "../engine";
import { compileGraph, type CompiledGraph } from "../graph";
import { patchClock, usedModelIds } from "../clock";
import { loadAssets, openAssetFiles } from "../assets";
import { loadModels, type LoadedModelStore } from "../models/store";
import type { AssetStore, Clock, ModelStore } from "../nodeDefinition";
import type { Patch } from "../patch/schema";
import type { NodeRegistry } from "../patch/registry";

/** Everything a {@link StreamingRender} is built from. */
export interface StreamSetup {
  readonly patch: Patch;
  readonly registry: NodeRegistry;
  readonly graph: CompiledGraph;
  readonly models: ModelStore;
  readonly assets: AssetStore;
  readonly clock: Clock;
}

/** A loaded setup that owns its models and files: `dispose` releases them. */
export interface LoadedStreamSetup extends StreamSetup {
  dispose(): Promise<void>;
}

/** How a stream's sources are loaded. */
export interface StreamLoadOptions {
  /**
   * Reads sound files (from loaders that can open them: a folder on disk) as they play instead
   * of whole, opened and checked before the models load (`openAssetFiles`); `dispose` closes
   * them. Default false.
   */
  readonly streamAssets?: boolean;
}

/**
 * Compiles `patch` and loads its models and assets, as `Engine.load` does. The setup owns them:
 * `dispose` releases the models and closes any file read as it plays.
 */
export async function loadStreamSetup(
  patch: Patch,
  opts: EngineOptions,
  load: StreamLoadOptions = {},
): Promise<LoadedStreamSetup> {
  const graph = compileGraph(patch, opts.registry);
  const defaultModelId = patch.model ?? opts.defaultModelId;
  const ids = usedModelIds(graph, defaultModelId);
  const loaders = { app: opts.appLoader, patchFiles: opts.patchFiles };
  const opened = load.streamAssets ? await openAssetFiles(patch, loaders) : undefined;
  let models: LoadedModelStore;
  try {
    models = await loadModels(opts.appLoader, [...new Set([defaultModelId, ...ids])], {
      defaultModelId,
      dirOf: opts.modelDir,
      cache: opts.packCache,
    });
  } catch (err) {
    await opened?.close();
    throw err;
  }
  try {
    const clock = patchClock(models, ids);
    const assets = await loadAssets(patch, loaders, clock.sampleRate, { opened });
    return {
      patch,
      registry: opts.registry,
      graph,
      models,
      assets,
      clock,
      dispose: async () => {
        await Promise.all([models.dispose(), assets.dispose()]);
      },
    };
  } catch (err) {
    await Promise.all([models.dispose(), opened?.close()]);
    throw err;
  }
}
