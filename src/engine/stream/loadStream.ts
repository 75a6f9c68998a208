/**
 * What a stream needs before it can start: the compiled graph, its models, its assets and the
 * patch clock. The same glue as `Engine.load`, kept here so the streaming renderer does not reach
 * into the engine's private fields.
 */
import type { EngineOptions } from "../engine";
import { compileGraph, GraphError, type CompiledGraph } from "../graph";
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
  const ids = [...graph.modelIds].map((id) => id || defaultModelId);
  const models: LoadedModelStore = await loadModels(
    opts.appLoader,
    [...new Set([defaultModelId, ...ids])],
    { defaultModelId, dirOf: opts.modelDir },
  );
  try {
    const used = [...new Set(ids.length > 0 ? ids : [defaultModelId])].map((id) => models.get(id));
    const first = used[0]!;
    for (const m of used) {
      if (m.sampleRate !== first.sampleRate || m.hopSamples !== first.hopSamples) {
        throw new GraphError([
          `models "${first.id}" (${first.sampleRate} Hz, ${first.hopSamples} samples per frame) and "${m.id}" (${m.sampleRate} Hz, ${m.hopSamples}) run on different clocks; one patch streams on one clock in this version`,
        ]);
      }
    }
    const clock: Clock = {
      sampleRate: first.sampleRate,
      hopSamples: first.hopSamples,
      frameRate: first.frameRate,
    };
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
