/**
 * What a stream needs before it can start: the compiled graph, its models, its assets and the
 * patch clock, loaded with the same helpers as `Engine.load` (`usedModelIds`, `patchClock`).
 */
import type { EngineOptions } from "../engine";
import { compileGraph, type CompiledGraph } from "../graph";
import { patchClock, usedModelIds } from "../clock";
import { loadAssets } from "../assets";
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

/** A loaded setup that owns its models: `dispose` releases their ONNX sessions. */
export interface LoadedStreamSetup extends StreamSetup {
  dispose(): Promise<void>;
}

/** Compiles `patch` and loads its models and assets, as `Engine.load` does. */
export async function loadStreamSetup(
  patch: Patch,
  opts: EngineOptions,
): Promise<LoadedStreamSetup> {
  const graph = compileGraph(patch, opts.registry);
  const defaultModelId = patch.model ?? opts.defaultModelId;
  const ids = usedModelIds(graph, defaultModelId);
  const models: LoadedModelStore = await loadModels(
    opts.appLoader,
    [...new Set([defaultModelId, ...ids])],
    { defaultModelId, dirOf: opts.modelDir, cache: opts.packCache },
  );
  try {
    const clock = patchClock(models, ids);
    const assets = await loadAssets(
      patch,
      { app: opts.appLoader, patchFiles: opts.patchFiles },
      clock.sampleRate,
    );
    return {
      patch,
      registry: opts.registry,
      graph,
      models,
      assets,
      clock,
      dispose: () => models.dispose(),
    };
  } catch (err) {
    await models.dispose();
    throw err;
  }
}
