/**
 * Node definitions used only by the patch tests: a source with every kind of param, a two-input
 * node and an output node.
 */
import { defineNode, type NodeDefinition } from "../../src/engine/nodeDefinition";
import { createRegistry } from "../../src/engine/patch/registry";

const noOutputs = { process: () => ({}) };

export const osc: NodeDefinition = defineNode({
  type: "Osc",
  category: "source",
  description: "A test source with one param of every kind.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "the wave" }],
  params: [
    {
      name: "freq",
      kind: "number",
      default: 440,
      min: 20,
      max: 2000,
      modulatable: true,
      description: "Hz",
    },
    { name: "angle", kind: "number", default: 0, min: -180, max: 180, description: "degrees" },
    {
      name: "steps",
      kind: "number",
      default: 4,
      min: 1,
      max: 16,
      integer: true,
      description: "steps",
    },
    {
      name: "shape",
      kind: "enum",
      default: "sine",
      options: ["sine", "square", "saw"],
      description: "wave",
    },
    {
      name: "harmonics",
      kind: "numbers",
      default: [],
      maxLength: 8,
      min: 0,
      max: 1,
      description: "amps",
    },
    { name: "sample", kind: "string", default: "", refers: "asset", description: "an asset" },
    { name: "label", kind: "string", default: "", description: "free text" },
    { name: "envelope", kind: "breakpoints", default: [], description: "gain over time" },
    { name: "loop", kind: "boolean", default: false, description: "loop the sample" },
  ],
  validate: (p) =>
    p.shape === "square" && p.steps === 16 ? "a square wave takes at most 15 steps" : undefined,
  create: () => noOutputs,
});

export const mix2: NodeDefinition = defineNode({
  type: "Mix2",
  category: "algebra",
  description: "Mixes two latents.",
  inputs: [
    { name: "a", types: ["latent"], description: "first" },
    { name: "b", types: ["latent", "vector"], description: "second" },
  ],
  outputs: [{ name: "out", type: "latent", description: "the mix" }],
  params: [
    {
      name: "mix",
      kind: "number",
      default: 0.5,
      min: 0,
      max: 1,
      modulatable: true,
      description: "0 is a",
    },
  ],
  create: () => noOutputs,
});

export const out: NodeDefinition = defineNode({
  type: "Out",
  category: "output",
  description: "Plays audio.",
  inputs: [{ name: "audio", types: ["audio"], description: "what to play" }],
  outputs: [],
  params: [],
  create: () => noOutputs,
});

export const TEST_DEFS = [osc, mix2, out] as const;
export const registry = createRegistry(TEST_DEFS);

/** A small valid patch as plain JSON, for tests to break one thing at a time. */
export function validPatchJson(): Record<string, unknown> {
  return {
    format: "latent-patcher.patch",
    version: 2,
    name: "test",
    nodes: [
      { id: "osc", type: "Osc", params: { freq: 220, sample: "piano" }, position: [40, 80] },
      { id: "mix", type: "Mix2", params: { mix: 0.25 } },
      { id: "out", type: "Out", params: {} },
    ],
    connections: [
      { from: "osc.out", to: "mix.mix" },
      { from: "mix.out", to: "out.audio" },
    ],
    assets: { piano: { kind: "builtin", name: "piano" } },
  };
}
