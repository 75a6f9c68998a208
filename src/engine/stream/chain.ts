/**
 * A chain: one set of node instances for a compiled graph, run block-major (every node once per
 * block, in topological order). Nodes that cannot stream — whole-mode nodes and what feeds them —
 * and static sources are computed once over the whole duration and sliced per block. Two chains
 * can share instances (a parameter change rebuilds only the changed node and what is downstream);
 * a shared instance runs once per block and both chains read its output.
 */
import { downstreamOf, type CompiledGraph, type CompiledNode } from "../graph";
import type {
  AssetStore,
  Clock,
  LiveInput,
  ModelStore,
  NodeInstance,
  Outputs,
} from "../nodeDefinition";
import type { Value } from "../values";
import { makeBlockContext, modulationRanges, sliceValue } from "../blocks";
import { checkFinite } from "../latentMath";
import { runNode } from "../runNode";
import { clipLines, quoteName } from "../patch/path";
import type { TempoMap } from "../transportClock";

/** Whether a source node delivers material only as it plays (a microphone), not all at once. */
export type IsLiveSource = (node: CompiledNode) => boolean;

/** AudioIn's live mode (the microphone) is the only live source so far. */
export const defaultIsLive: IsLiveSource = (node) =>
  node.def.category === "source" && node.params.source === "live";

export interface ChainEnv {
  readonly clock: Clock;
  readonly models: ModelStore;
  readonly assets: AssetStore;
  /** The input live sources read, block by block. */
  readonly live?: LiveInput;
}

export interface Chain {
  readonly graph: CompiledGraph;
  readonly instances: ReadonlyMap<string, NodeInstance>;
  /** Whole-duration outputs of the precomputed nodes. */
  readonly statics: ReadonlyMap<string, Outputs>;
}

/**
 * Ids of the nodes computed once over the whole duration: static sources (unless `sources` is
 * false: then they play block by block like the rest; never those that follow the tempo),
 * whole-mode nodes and everything upstream of a whole-mode node. Throws when a whole-mode node
 * depends on a live source (it would need the future of the stream).
 */
export function precomputedNodes(
  graph: CompiledGraph,
  isLive: IsLiveSource,
  sources = true,
): Set<string> {
  const out = new Set<string>();
  for (const node of graph.nodes) {
    const source = node.inputs.size === 0 && node.def.category === "source";
    if (sources && source && !isLive(node) && !node.def.followsTempo) out.add(node.id);
    if (node.def.mode !== "whole") continue;
    const stack = [node.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (out.has(id) && id !== node.id) continue;
      const up = graph.byId.get(id)!;
      if (isLive(up)) {
        throw new Error(
          `node "${node.id}" (${node.def.type}) needs its whole input before it can play, but it depends on the live source "${id}" (${up.def.type}); feed it from a file or a fixed source`,
        );
      }
      out.add(id);
      for (const src of up.inputs.values()) stack.push(src.node);
    }
  }
  return out;
}

/**
 * Samples by which each node delays audio, summed along the longest path. With `only`, nodes
 * outside it count as already running (0): the warm-up a freshly made part of a chain needs.
 */
export function chainLatency(
  graph: CompiledGraph,
  instances: ReadonlyMap<string, NodeInstance>,
  only?: ReadonlySet<string>,
): Map<string, number> {
  const latency = new Map<string, number>();
  for (const node of graph.nodes) {
    if (only && !only.has(node.id)) {
      latency.set(node.id, 0);
      continue;
    }
    const upstream = [...node.inputs.values()].map((e) => latency.get(e.node) ?? 0);
    const own = instances.get(node.id)?.latencySamples ?? 0;
    latency.set(node.id, Math.max(0, ...upstream) + own);
  }
  return latency;
}

/** Runs `fn` for node `node`, prefixing its errors with the node's id and type. */
export async function withNode<T>(node: CompiledNode, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const text = msg.includes(`"${node.id}"`)
      ? msg
      : `node ${quoteName(node.id)} (${node.def.type}): ${msg}`;
    throw new Error(clipLines(text), { cause: err });
  }
}

/**
 * Creates instances for `graph`. Nodes for which `reuse` returns an instance keep it (with the
 * previous chain's precomputed outputs, if any); the others get a fresh one.
 */
export async function createInstances(
  graph: CompiledGraph,
  env: ChainEnv,
  reuse?: { readonly chain: Chain; readonly fresh: ReadonlySet<string> },
): Promise<{ instances: Map<string, NodeInstance>; statics: Map<string, Outputs> }> {
  const instances = new Map<string, NodeInstance>();
  const statics = new Map<string, Outputs>();
  for (const node of graph.nodes) {
    const old = reuse && !reuse.fresh.has(node.id) ? reuse.chain.instances.get(node.id) : undefined;
    if (old) {
      instances.set(node.id, old);
      const s = reuse?.chain.statics.get(node.id);
      if (s) statics.set(node.id, s);
      continue;
    }
    const nodeEnv = { ...env, nodeId: node.id };
    instances.set(node.id, await withNode(node, () => node.def.create(node.params, nodeEnv)));
  }
  return { instances, statics };
}

/** Computes, over the whole render, every precomputed node that has no output yet. */
export async function precompute(
  graph: CompiledGraph,
  instances: ReadonlyMap<string, NodeInstance>,
  statics: Map<string, Outputs>,
  ids: ReadonlySet<string>,
  spec: {
    readonly clock: Clock;
    readonly totalFrames: number;
    readonly blockFrames: number;
    readonly tempo?: TempoMap;
  },
): Promise<void> {
  for (const node of graph.nodes) {
    if (!ids.has(node.id) || statics.has(node.id)) continue;
    const inputs: Record<string, Value | undefined> = {};
    for (const [port, src] of node.inputs) inputs[port] = statics.get(src.node)?.[src.port];
    const inst = instances.get(node.id)!;
    statics.set(node.id, await withNode(node, () => runNode(node, inst, inputs, spec)));
  }
}

/**
 * Reads a precomputed node's whole output for the block now run (a looping stream reads its
 * material modulo the loop length: `loop.ts`).
 */
export type MaterialSlice = (whole: Outputs, inst: NodeInstance, nodeId: string) => Outputs;

/**
 * Runs one block of `chain`: frames [start, start + frames). `memo` holds what shared instances
 * and precomputed outputs already produced for this block, so each runs once whatever the number
 * of chains. `material` reads precomputed outputs (default: frames [start, start + frames) of
 * them). Returns every node's outputs for the block; `tempo` is the transport nodes read.
 */
export async function stepChain(
  chain: Chain,
  clock: Clock,
  start: number,
  frames: number,
  memo: Map<object, Outputs>,
  tempo?: TempoMap,
  material?: MaterialSlice,
): Promise<Map<string, Outputs>> {
  const outs = new Map<string, Outputs>();
  for (const node of chain.graph.nodes) {
    const whole = chain.statics.get(node.id);
    const inst = chain.instances.get(node.id)!;
    const key: object = whole ?? inst;
    let out = memo.get(key);
    if (!out) {
      if (whole)
        out = material
          ? material(whole, inst, node.id)
          : sliceOutputs(whole, start, frames, clock.hopSamples);
      if (!out) {
        const inputs: Record<string, Value | undefined> = {};
        for (const [port, src] of node.inputs) {
          const v = outs.get(src.node)?.[src.port];
          if (v?.type === "latent" || v?.type === "vector")
            checkFinite(`node "${node.id}" (${node.def.type}):`, `input "${port}"`, v, start);
          inputs[port] = v;
        }
        const ranges = modulationRanges(node.def);
        const ctx = makeBlockContext(clock, start, frames, node.params, inputs, tempo, ranges);
        out = await withNode(node, () => inst.process(inputs, ctx));
      }
      memo.set(key, out);
    }
    outs.set(node.id, out);
  }
  return outs;
}

function sliceOutputs(whole: Outputs, start: number, frames: number, hop: number): Outputs {
  const out: Outputs = {};
  for (const [port, v] of Object.entries(whole)) out[port] = sliceValue(v, start, frames, hop);
  return out;
}

/** Disposes the instances of `chain` that `keep` does not also hold. */
export function disposeChain(chain: Chain, keep?: Chain): void {
  const kept = new Set(keep?.instances.values());
  for (const inst of chain.instances.values()) if (!kept.has(inst)) inst.dispose?.();
}

/**
 * Nodes whose parameters differ between two compilations of a patch, and what is downstream. A
 * retunable node (NodeDefinition.retunable) whose number parameters alone changed keeps its
 * instance: it reads them per block.
 */
export function changedAndDownstream(before: CompiledGraph, after: CompiledGraph): Set<string> {
  const fresh = new Set<string>();
  for (const node of after.nodes) {
    const old = before.byId.get(node.id);
    if (fresh.has(node.id)) continue;
    if (!old || needsFreshInstance(old, node)) {
      for (const id of downstreamOf(after, node.id)) fresh.add(id);
    }
  }
  return fresh;
}

function needsFreshInstance(old: CompiledNode, node: CompiledNode): boolean {
  const same = (name: string) =>
    JSON.stringify(old.params[name]) === JSON.stringify(node.params[name]);
  if (JSON.stringify(old.params) === JSON.stringify(node.params)) return false;
  if (old.def !== node.def || !node.def.retunable) return true;
  return node.def.params.some((p) => p.kind !== "number" && !same(p.name));
}
