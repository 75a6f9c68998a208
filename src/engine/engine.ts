/**
 * The headless engine: load a patch, render it offline block by block, change a parameter and
 * re-render only what is downstream. Runs in Node, a Worker or a page; no DOM, no Web Audio.
 */
import { patchTransport, type Patch } from "./patch/schema";
import type { NodeRegistry } from "./patch/registry";
import { PatchError } from "./patch/errors";
import { clipLines, quoteName } from "./patch/path";
import { validateParams } from "./params";
import { patchRegistry } from "./patch/subpatch";
import { compileGraph, downstreamOf, type CompiledGraph } from "./graph";
import { loadAssets, type AssetLoaders } from "./assets";
import { patchClock, usedModelIds } from "./clock";
import { loadModels, type LoadedModelStore } from "./models/store";
import type { PackCache } from "./models/packCache";
import type {
  AssetAudio,
  Clock,
  ModelStore,
  NodeInstance,
  Outputs,
  ParamValue,
} from "./nodeDefinition";
import type { ResourceLoader } from "./resources";
import type { AudioValue, Value } from "./values";
import { runNode } from "./runNode";
import { constantTempo } from "./transportClock";

export interface EngineOptions {
  readonly registry: NodeRegistry;
  /** Reads the app's own files: `models/<id>/…` and `assets/audio/…`. */
  readonly appLoader: ResourceLoader;
  /** Reads files a patch names by relative path. */
  readonly patchFiles?: ResourceLoader;
  readonly defaultModelId: string;
  /** Folder of a model pack (default `models/<id>`). */
  readonly modelDir?: (id: string) => string;
  /** Packs shared between loads (a worker keeps one): a reload reuses the open sessions. */
  readonly packCache?: PackCache;
}

export interface RenderOptions {
  /** Length of the render; default: the longest source, or 4 s when there is none. */
  readonly seconds?: number;
  /** Latent frames per block (default 16). Any size renders the same result. */
  readonly blockFrames?: number;
  /** Called as blocks are processed with the fraction of the render done, 0 to 1 (ends at 1). */
  readonly onProgress?: (fraction: number) => void;
}

export interface RenderResult {
  readonly sampleRate: number;
  /** The audio of each AudioOut node, latency-compensated, `seconds` long. */
  readonly outputs: ReadonlyMap<string, AudioValue>;
  readonly frames: number;
  readonly latencySamples: number;
}

const DEFAULT_SECONDS = 4;

export class Engine {
  private graph: CompiledGraph | undefined;
  private patch: Patch | undefined;
  private models: ModelStore | undefined;
  /** The packs loaded for the last patch, reused while the next patch needs the same ones. */
  private modelStore: { key: string; store: LoadedModelStore } | undefined;
  private clockValue: Clock | undefined;
  private readonly instances = new Map<string, NodeInstance>();
  private readonly cache = new Map<string, Outputs>();
  private cacheKey = "";
  private readonly assetCache = new Map<string, AssetAudio>();
  private assets: Awaited<ReturnType<typeof loadAssets>> | undefined;
  /** `process` calls per node id since the engine was made (tests and profiling read it). */
  readonly processCalls = new Map<string, number>();
  /** Milliseconds spent rendering each node id since the engine was made (benchmarks read it). */
  readonly processMillis = new Map<string, number>();

  constructor(private readonly opts: EngineOptions) {}

  get clock(): Clock {
    if (!this.clockValue) throw new Error("no patch loaded");
    return this.clockValue;
  }

  /** Compiles `patch`, loads its models and assets. On failure the previous patch stays loaded. */
  async load(patch: Patch): Promise<void> {
    const graph = compileGraph(patch, this.opts.registry);
    const defaultModelId = patch.model ?? this.opts.defaultModelId;
    const ids = usedModelIds(graph, defaultModelId);
    const next = await this.modelsFor(defaultModelId, ids);
    try {
      const models = next.store;
      const clock = patchClock(models, ids);
      const assets = await loadAssets(
        patch,
        { app: this.opts.appLoader, patchFiles: this.opts.patchFiles } satisfies AssetLoaders,
        clock.sampleRate,
        { cache: this.assetCache },
      );
      this.disposeInstances();
      Object.assign(this, { graph, patch, models, clockValue: clock, assets });
      this.cache.clear();
    } catch (err) {
      if (next !== this.modelStore) await next.store.dispose();
      throw err;
    }
    if (next !== this.modelStore) {
      const previous = this.modelStore;
      this.modelStore = next;
      await previous?.store.dispose();
    }
  }

  /** Sets one parameter; the next render re-runs only this node and what is downstream of it. */
  setParam(nodeId: string, name: string, value: ParamValue): void {
    this.setParams(nodeId, { [name]: value });
  }

  /**
   * Sets several parameters of one node at once (checked together, so a pair like planeA/planeB
   * can swap). Invalid values throw a PatchError and change nothing.
   */
  setParams(nodeId: string, values: Readonly<Record<string, ParamValue>>): void {
    const { graph, patch } = this.loaded();
    const pn = patch.nodes.find((n) => n.id === nodeId);
    const def = pn && patchRegistry(this.opts.registry, patch.subpatches).get(pn.type);
    if (!pn || !def) throw new Error(`no node "${nodeId}" in the patch`);
    const params = { ...pn.params, ...values } as typeof pn.params;
    const issues = validateParams(def, params, `node "${nodeId}".params`);
    if (issues.length > 0) throw new PatchError(issues);
    this.patch = {
      ...patch,
      nodes: patch.nodes.map((n) => (n.id === nodeId ? { ...n, params } : n)),
    };
    this.graph = compileGraph(this.patch, this.opts.registry);
    // A subpatch instance's params land on its flattened inner nodes: those whose params changed.
    for (const node of this.graph.nodes) {
      const before = graph.byId.get(node.id)?.params;
      if (JSON.stringify(before) === JSON.stringify(node.params)) continue;
      for (const id of downstreamOf(this.graph, node.id)) this.invalidate(id);
    }
  }

  /** The current patch, with every parameter change applied. */
  currentPatch(): Patch {
    return this.loaded().patch;
  }

  /**
   * A node's output from the last render (inspectors and tests read it); a subpatch instance's
   * output is read from the inner node it exposes.
   */
  value(nodeId: string, port: string): Value | undefined {
    const inner = this.graph?.instanceOutputs.get(`${nodeId}.${port}`);
    if (inner) return this.cache.get(inner.node)?.[inner.port];
    return this.cache.get(nodeId)?.[port];
  }

  async render(options: RenderOptions = {}): Promise<RenderResult> {
    const { graph } = this.loaded();
    const clock = this.clock;
    const blockFrames = Math.max(1, Math.floor(options.blockFrames ?? 16));
    await this.createMissingInstances(graph);
    const latency = new Map<string, number>();
    let durationSamples = 0;
    for (const node of graph.nodes) {
      const inst = this.instances.get(node.id)!;
      const upstream = [...node.inputs.values()].map((e) => latency.get(e.node) ?? 0);
      latency.set(node.id, Math.max(0, ...upstream) + (inst.latencySamples ?? 0));
      durationSamples = Math.max(durationSamples, inst.durationSamples ?? 0);
    }
    if (options.seconds !== undefined)
      durationSamples = Math.round(options.seconds * clock.sampleRate);
    else if (durationSamples === 0) durationSamples = DEFAULT_SECONDS * clock.sampleRate;
    const outs = graph.nodes.filter((n) => n.def.category === "output");
    const latencySamples = Math.max(0, ...outs.map((n) => latency.get(n.id) ?? 0));
    const totalFrames = Math.ceil((durationSamples + latencySamples) / clock.hopSamples);

    const key = `${totalFrames}/${blockFrames}`;
    if (key !== this.cacheKey) {
      // Every node's stream starts over: fresh state for all.
      for (const node of graph.nodes) this.invalidate(node.id);
      await this.createMissingInstances(graph);
      this.cacheKey = key;
    }
    // Progress counts `process` calls: one per block, or one for a node that runs whole.
    const blocks = Math.ceil(totalFrames / blockFrames);
    const expected = graph.nodes
      .filter((n) => !this.cache.has(n.id))
      .reduce((sum, n) => sum + (n.def.mode === "whole" ? 1 : blocks), 0);
    let calls = 0;
    const tempo = constantTempo(clock.frameRate, patchTransport(this.loaded().patch).bpm);
    const spec = {
      clock,
      totalFrames,
      blockFrames,
      tempo,
      onProcess: (id: string) => {
        this.processCalls.set(id, (this.processCalls.get(id) ?? 0) + 1);
        options.onProgress?.(Math.min(1, calls++ / Math.max(1, expected)));
      },
    };
    for (const node of graph.nodes) {
      if (this.cache.has(node.id)) continue;
      const inputs: Record<string, Value | undefined> = {};
      for (const [port, src] of node.inputs) inputs[port] = this.cache.get(src.node)?.[src.port];
      const inst = this.instances.get(node.id)!;
      const t0 = performance.now();
      this.cache.set(
        node.id,
        await this.withNode(node.id, () => runNode(node, inst, inputs, spec)),
      );
      this.processMillis.set(
        node.id,
        (this.processMillis.get(node.id) ?? 0) + performance.now() - t0,
      );
    }
    options.onProgress?.(1);
    const outputs = new Map<string, AudioValue>();
    for (const n of outs) {
      const v = this.cache.get(n.id)?.out;
      if (v?.type !== "audio") continue;
      const lat = latency.get(n.id) ?? 0;
      const channels = v.channels.map((c) => c.slice(lat, lat + durationSamples));
      outputs.set(n.id, { type: "audio", sampleRate: clock.sampleRate, channels });
    }
    return { sampleRate: clock.sampleRate, outputs, frames: totalFrames, latencySamples };
  }

  dispose(): void {
    this.disposeInstances();
    this.cache.clear();
  }

  /** The packs for a patch: the current ones when they are the same, else freshly loaded. */
  private async modelsFor(defaultModelId: string, ids: string[]) {
    const wanted = [...new Set([defaultModelId, ...ids])].sort();
    const key = JSON.stringify([defaultModelId, wanted]);
    if (this.modelStore?.key === key) return this.modelStore;
    const store = await loadModels(this.opts.appLoader, wanted, {
      defaultModelId,
      dirOf: this.opts.modelDir,
      cache: this.opts.packCache,
    });
    return { key, store };
  }

  private async createMissingInstances(graph: CompiledGraph): Promise<void> {
    for (const node of graph.nodes) {
      if (this.instances.has(node.id)) continue;
      const env = {
        clock: this.clock,
        models: this.models!,
        assets: this.assets!,
        nodeId: node.id,
      };
      this.instances.set(
        node.id,
        await this.withNode(node.id, () => node.def.create(node.params, env)),
      );
    }
  }

  private invalidate(id: string): void {
    this.instances.get(id)?.dispose?.();
    this.instances.delete(id);
    this.cache.delete(id);
  }

  private disposeInstances(): void {
    for (const inst of this.instances.values()) inst.dispose?.();
    this.instances.clear();
  }

  private loaded(): { graph: CompiledGraph; patch: Patch } {
    if (!this.graph || !this.patch) throw new Error("no patch loaded");
    return { graph: this.graph, patch: this.patch };
  }

  private async withNode<T>(id: string, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const type = this.graph?.byId.get(id)?.def.type ?? "?";
      const text = msg.includes(`"${id}"`) ? msg : `node ${quoteName(id)} (${type}): ${msg}`;
      throw new Error(clipLines(text), { cause: err });
    }
  }
}
