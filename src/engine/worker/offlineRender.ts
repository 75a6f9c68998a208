/**
 * Offline rendering for the page, in the engine worker: load, render with progress, and hand back
 * what the inspectors and Export WAV read — every AudioOut's latency-compensated output and the
 * output ports of every node of the patch — so the page's thread never runs the engine.
 */
import { Engine, type EngineOptions } from "../engine";
import { parsePatch } from "../patch/parse";
import { patchRegistry } from "../patch/subpatch";
import type { AudioValue, Value } from "../values";

/** What a step of an offline render says: a label and, once known, the fraction done. */
export type RenderStep = (label: string, fraction?: number) => void;

export interface OfflineRenderResult {
  readonly sampleRate: number;
  /** Each AudioOut's render, latency compensated, as played. */
  readonly outputs: readonly (readonly [nodeId: string, audio: AudioValue])[];
  /** Each node's output ports after the render, keyed `nodeId.port` ({@link valueKey}). */
  readonly values: readonly (readonly [key: string, value: Value])[];
  /** Time spent loading and rendering in the worker. */
  readonly loadMillis: number;
  readonly renderMillis: number;
}

/** The key of a node's port in {@link OfflineRenderResult.values}. */
export const valueKey = (nodeId: string, port: string): string => `${nodeId}.${port}`;

/** One engine kept between renders, so models and unchanged nodes are reused. */
export class OfflineRenderer {
  private readonly engine: Engine;

  constructor(private readonly options: EngineOptions) {
    this.engine = new Engine(options);
  }

  /**
   * Renders `patchText` (patch JSON); `step` hears the load, then each percent of the render.
   * Rejects with the engine's PatchError/GraphError message when it cannot.
   */
  async render(patchText: string, step: RenderStep): Promise<OfflineRenderResult> {
    const t0 = performance.now();
    const patch = parsePatch(JSON.parse(patchText) as unknown, this.options.registry);
    step("loading the model and the sounds…");
    await this.engine.load(patch);
    const t1 = performance.now();
    step("rendering…", 0);
    let percent = 0;
    const result = await this.engine.render({
      onProgress: (f) => {
        if (Math.floor(f * 100) === percent) return;
        percent = Math.floor(f * 100);
        step("rendering…", f);
      },
    });
    const registry = patchRegistry(this.options.registry, patch.subpatches);
    const values: [string, Value][] = [];
    for (const node of patch.nodes) {
      for (const out of registry.get(node.type)?.outputs ?? []) {
        const value = this.engine.value(node.id, out.name);
        if (value) values.push([valueKey(node.id, out.name), value]);
      }
    }
    return {
      sampleRate: result.sampleRate,
      outputs: [...result.outputs],
      values,
      loadMillis: t1 - t0,
      renderMillis: performance.now() - t1,
    };
  }

  dispose(): void {
    this.engine.dispose();
  }
}
