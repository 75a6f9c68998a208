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
import {
  chooseBackend,
  describeBackend,
  type BackendChoice,
  type BackendInfo,
  type BackendPreference,
  type WebGpuState,
} from "./backendInfo";
import { providerUse, useExecutionProviders } from "../models/onnx";

const base = new URL("/", self.location.href).href;

/** Packs the page holds in memory (dropped or from a bundle), served before the app's files. */
const packs = new Map<string, MemoryModelPack>();

interface GpuAdapterLike {
  readonly info?: { readonly isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

/** What WebGPU this worker has: an adapter, a software fallback only, or none. */
async function probeWebGpu(): Promise<WebGpuState> {
  const nav = self.navigator as Navigator & {
    gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
  };
  if (!nav.gpu) return "absent";
  const adapter = await nav.gpu.requestAdapter().catch(() => null);
  if (!adapter) return "no-adapter";
  return (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter)
    ? "fallback-adapter"
    : "adapter";
}

/** The providers' choice; sessions wait for it (see `useExecutionProviders`). */
let choice: Promise<BackendChoice> = Promise.resolve({ providers: ["wasm"], why: "" });

function choose(pref: BackendPreference): void {
  choice = probeWebGpu().then((state) => chooseBackend(pref, state));
  useExecutionProviders(choice.then((c) => c.providers));
}
choose("auto");

/** The worker's host: the EngineHost plus what only the worker can tell (its backend). */
export class WorkerEngineHost extends EngineHost {
  /**
   * Makes a model pack the page checked and holds in memory loadable here, at `models/<id>/`,
   * for the patches loaded after it.
   */
  addModelPack(pack: MemoryModelPack): void {
    packs.set(pack.id, pack);
  }

  /**
   * Sets what the page asked for (`?backend=`); call it first: the choice is made when this call
   * arrives, so the models loaded after it use it.
   */
  configureBackend(pref: BackendPreference): void {
    choose(pref);
  }

  /** The inference backend and why; meaningful once a patch has loaded. */
  async backend(): Promise<BackendInfo> {
    return describeBackend({
      numThreads: ort.env.wasm.numThreads,
      crossOriginIsolated: self.crossOriginIsolated,
      cores: self.navigator.hardwareConcurrency,
      choice: await choice,
      used: providerUse(),
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
