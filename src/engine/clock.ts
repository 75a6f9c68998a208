/** The patch clock: one sample rate and one frame hop for every node of a render or a stream. */
import type { CompiledGraph } from "./graph";
import { GraphError } from "./graph";
import type { Clock, ModelStore } from "./nodeDefinition";

/** The model ids a compiled patch uses, "" resolved to `defaultModelId`. */
export function usedModelIds(graph: CompiledGraph, defaultModelId: string): string[] {
  const ids = [...graph.modelIds].map((id) => id || defaultModelId);
  return [...new Set(ids.length > 0 ? ids : [defaultModelId])];
}

/** The clock of the models `ids`; refuses models that run on different clocks. */
export function patchClock(models: ModelStore, ids: readonly string[]): Clock {
  const used = ids.map((id) => models.get(id));
  const first = used[0];
  if (!first) throw new Error("patchClock: no model");
  for (const m of used) {
    if (m.sampleRate !== first.sampleRate || m.hopSamples !== first.hopSamples) {
      throw new GraphError([
        `models "${first.id}" (${first.sampleRate} Hz, ${first.hopSamples} samples per frame) and "${m.id}" (${m.sampleRate} Hz, ${m.hopSamples}) run on different clocks; one patch runs on one clock in this version`,
      ]);
    }
  }
  return { sampleRate: first.sampleRate, hopSamples: first.hopSamples, frameRate: first.frameRate };
}
