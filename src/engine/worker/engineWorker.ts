/**
 * The engine's Web Worker entry: one EngineHost exposed with comlink. The app's files (model
 * packs, builtin audio) are fetched relative to the page's origin. Start it with
 * `createEngineClient()` from `engineClient.ts`.
 */
import { expose } from "comlink";
import * as ort from "onnxruntime-web";
import { DEFAULT_MODEL_ID } from "../models/defaults";
import { fetchLoader } from "../resources";
import { memoryPackLoader, type MemoryModelPack } from "../models/memoryPack";
import { nodeRegistry } from "../../nodes";
import { EngineHost } from "./engineHost";
import { describeBackend, type BackendInfo } from "./backendInfo";

const base = new URL("/", self.location.href).href;

/** Packs the page holds in memory (dropped or from a bundle), served before the app's files. */
const packs = new Map<string, MemoryModelPack>();

/** The worker's host: the EngineHost plus what only the worker can tell (its backend). */
export class WorkerEngineHost extends EngineHost {
  /**
   * Makes a model pack the page checked and holds in memory loadable here, at `models/<id>/`,
   * for the patches loaded after it.
   */
  addModelPack(pack: MemoryModelPack): void {
    packs.set(pack.id, pack);
  }

  /** The inference backend and why; meaningful once a patch has loaded. */
  async backend(): Promise<BackendInfo> {
    const nav = self.navigator as Navigator & {
      gpu?: { requestAdapter(): Promise<unknown> };
    };
    const adapter = nav.gpu ? await nav.gpu.requestAdapter().catch(() => null) : null;
    return describeBackend({
      numThreads: ort.env.wasm.numThreads,
      crossOriginIsolated: self.crossOriginIsolated,
      cores: nav.hardwareConcurrency,
      webgpu: nav.gpu === undefined ? "absent" : adapter ? "adapter" : "no-adapter",
    });
  }
}

expose(
  new WorkerEngineHost({
    registry: nodeRegistry,
    appLoader: memoryPackLoader((id) => packs.get(id), fetchLoader(base)),
    defaultModelId: DEFAULT_MODEL_ID,
  }),
);
