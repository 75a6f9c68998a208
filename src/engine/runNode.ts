/**
 * Runs one node over a whole render: block mode loops `process` over consecutive blocks (the same
 * code a live stream runs), whole mode calls it once. Inputs are whole values from upstream.
 */
import type { Clock, Inputs, NodeInstance, Outputs } from "./nodeDefinition";
import type { CompiledNode } from "./graph";
import type { Value } from "./values";
import { concatValues, makeBlockContext, modulationRanges, sliceValue } from "./blocks";
import { checkFinite } from "./latentMath";
import type { TempoMap } from "./transportClock";

export interface RunSpec {
  readonly clock: Clock;
  readonly totalFrames: number;
  readonly blockFrames: number;
  /** The transport blocks read their beats from (default 120 BPM). */
  readonly tempo?: TempoMap;
  /** Called once per `process` call (tests count them). */
  readonly onProcess?: (nodeId: string) => void;
}

export async function runNode(
  node: CompiledNode,
  instance: NodeInstance,
  inputs: Inputs,
  spec: RunSpec,
): Promise<Outputs> {
  const { clock, totalFrames, blockFrames } = spec;
  // NaN or Inf in a latent is refused here, naming node, port, frame and dim.
  for (const [port, v] of Object.entries(inputs)) {
    if (v?.type === "latent" || v?.type === "vector")
      checkFinite(`node "${node.id}" (${node.def.type}):`, `input "${port}"`, v);
  }
  const call = async (blockInputs: Inputs, start: number, frames: number): Promise<Outputs> => {
    spec.onProcess?.(node.id);
    const ranges = modulationRanges(node.def);
    const ctx = makeBlockContext(
      clock,
      start,
      frames,
      node.params,
      blockInputs,
      spec.tempo,
      ranges,
    );
    return instance.process(blockInputs, ctx);
  };
  if (node.def.mode === "whole") return call(inputs, 0, totalFrames);

  const parts = new Map<string, Value[]>();
  for (let start = 0; start < totalFrames; start += blockFrames) {
    const frames = Math.min(blockFrames, totalFrames - start);
    const blockInputs: Record<string, Value | undefined> = {};
    for (const [port, v] of Object.entries(inputs)) {
      blockInputs[port] = v && sliceValue(v, start, frames, clock.hopSamples);
    }
    const out = await call(blockInputs, start, frames);
    for (const [port, v] of Object.entries(out)) {
      const list = parts.get(port) ?? [];
      list.push(v);
      parts.set(port, list);
    }
  }
  const outputs: Outputs = {};
  for (const [port, list] of parts) outputs[port] = concatValues(list);
  return outputs;
}
