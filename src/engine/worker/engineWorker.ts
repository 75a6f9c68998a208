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
import { PackCache } from "../models/packCache";
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
import { compiledDspAvailable } from "../../dsp/dsp-kernel";
import type { EngineOptions } from "../engine";
import { busyWhile, startBeating } from "./heartbeat";
import { prewarmEngine } from "./prewarm";
import type { LoadInfo, StartOptions } from "./hostTypes";
import type { OutputRingShared } from "../../audio/outputRing";
import { OfflineRenderer, type OfflineRenderResult, type RenderStep } from "./offlineRender";
import { LearnFitter, type LearnFitResult } from "./learnFit";

const base = new URL("/", self.location.href).href;

/** Packs the page holds in memory (dropped or from a bundle), served before the app's files. */
const packs = new Map<string, MemoryModelPack>();
/** Open packs, shared by the streaming patches and the offline renders. */
const packCache = new PackCache();

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

/**
 * The worker's host: the EngineHost plus what only the worker can tell (its backend), its
 * heartbeat, and offline renders for the page.
 */
export class WorkerEngineHost extends EngineHost {
  private stopBeating: (() => void) | undefined;
  private counter: Int32Array | undefined;
  private lifeline: MessagePort | undefined;
  private offline: OfflineRenderer | undefined;
  private fitter: LearnFitter | undefined;

  constructor(private readonly options: EngineOptions) {
    super(options);
  }

  /**
   * Bumps `counter` (shared memory, see `heartbeat.ts`) every few tens of milliseconds from now
   * on: the page's supervisor reads it to tell a live worker from a dead or stuck one.
   */
  heartbeat(counter: Int32Array): void {
    this.stopBeating?.();
    this.counter = counter;
    this.stopBeating = startBeating(counter);
  }

  /**
   * Holds one end of a channel for the life of this worker: when the worker ends (closed, crashed,
   * terminated), the page's end hears `close` at once.
   */
  holdLifeline(port: MessagePort): void {
    this.lifeline = port;
    port.start();
  }

  /**
   * Takes the Web Lock `name` for the life of this worker; resolves once it is held. The page then
   * asks for the same lock, and the browser grants it when this worker ends, however it ends.
   * Rejects where the worker has no Web Locks (the page then relies on the other signs).
   */
  holdLock(name: string): Promise<void> {
    const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return Promise.reject(new Error("no Web Locks in this worker"));
    return new Promise((held, failed) => {
      locks
        .request(name, () => {
          held();
          return new Promise<void>(() => undefined); // kept until the worker ends
        })
        .catch(failed);
    });
  }

  /**
   * Readies a spare worker to take over quickly (`prewarm.ts`): the inference runtime started and
   * its hot code optimised, the bulk of a new worker's first load (seconds on a slow machine).
   */
  prewarm(): Promise<void> {
    return busyWhile(this.counter, () => prewarmEngine(this.options));
  }

  /** Loads a patch, marked busy: building model sessions holds the thread for long stretches. */
  override load(patchText: string): Promise<LoadInfo> {
    return busyWhile(this.counter, () => super.load(patchText));
  }

  /** Starts streaming, marked busy: the first blocks warm the models up. */
  override start(ring: OutputRingShared, options?: StartOptions): Promise<void> {
    return busyWhile(this.counter, () => super.start(ring, options));
  }

  /**
   * Renders a patch offline (JSON text), apart from the streaming one; `step` hears the progress.
   * The page's thread stays free meanwhile.
   */
  render(patchText: string, step: RenderStep): Promise<OfflineRenderResult> {
    this.offline ??= new OfflineRenderer(this.options);
    return this.offline.render(patchText, step);
  }

  /**
   * Fits LearnedOp `nodeId` of `patchText` from the example pairs wired into it (`learnFit.ts`):
   * `progress` hears the share done; a non-zero `cancel[0]` (shared memory) stops it.
   */
  fitLearnedOp(
    patchText: string,
    nodeId: string,
    progress: (done: number) => void,
    cancel?: Int32Array,
  ): Promise<LearnFitResult> {
    this.fitter ??= new LearnFitter(this.options);
    return this.fitter.fit(patchText, nodeId, progress, cancel);
  }

  /**
   * Makes a model pack the page checked and holds in memory loadable here, at `models/<id>/`,
   * for the patches loaded after it.
   */
  async addModelPack(pack: MemoryModelPack): Promise<void> {
    packs.set(pack.id, pack);
    // A pack replacing one of the same id: the patches loaded from now on open the new one.
    await packCache.invalidate(`models/${pack.id}`);
  }

  /**
   * Sets what the page asked for (`?backend=`); call it first: the choice is made when this call
   * arrives, so the models loaded after it use it.
   */
  async configureBackend(pref: BackendPreference): Promise<void> {
    choose(pref);
    await packCache.clear(); // sessions opened before were built for the former providers
  }

  /** The inference backend and why; meaningful once a patch has loaded. */
  async backend(): Promise<BackendInfo> {
    return describeBackend({
      numThreads: ort.env.wasm.numThreads,
      crossOriginIsolated: self.crossOriginIsolated,
      cores: self.navigator.hardwareConcurrency,
      choice: await choice,
      used: providerUse(),
      compiledDsp: compiledDspAvailable(),
    });
  }
}

expose(
  new WorkerEngineHost({
    registry: nodeRegistry,
    appLoader: memoryPackLoader((id) => packs.get(id), fetchLoader(base)),
    defaultModelId: DEFAULT_MODEL_ID,
    packCache,
  }),
);
