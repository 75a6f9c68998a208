/**
 * Test node types for the text shorthands: an LFO and a Steps sequencer (as the clock branch
 * defines them, or close), next to the patch tests' Osc, Mix2 and Out.
 */
import { defineNode, type NodeDefinition } from "../../src/engine/nodeDefinition";
import { createRegistry } from "../../src/engine/patch/registry";
import { TEST_DEFS } from "../patch/fixtures";

const silent = { process: () => ({}) };

export const lfo: NodeDefinition = defineNode({
  type: "LFO",
  category: "source",
  description: "A low-frequency oscillator on the patch clock.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "the wave" }],
  params: [
    {
      name: "rate",
      kind: "number",
      default: 1,
      min: 0.01,
      max: 64,
      unit: "beats",
      description: "period",
    },
    { name: "min", kind: "number", default: 0, min: -1e6, max: 1e6, description: "low" },
    { name: "max", kind: "number", default: 1, min: -1e6, max: 1e6, description: "high" },
    {
      name: "shape",
      kind: "enum",
      default: "sine",
      options: ["sine", "square", "saw"],
      description: "wave",
    },
  ],
  create: () => silent,
});

export const steps: NodeDefinition = defineNode({
  type: "Steps",
  category: "source",
  description: "A step sequence, one value per beat.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "the steps" }],
  params: [
    { name: "values", kind: "numbers", default: [0], maxLength: 64, description: "the steps" },
    {
      name: "rate",
      kind: "number",
      default: 1,
      min: 0.01,
      max: 64,
      unit: "beats",
      description: "step length",
    },
  ],
  create: () => silent,
});

/** A Curve like src/nodes/Curve.ts: breakpoints only. */
export const curveDef: NodeDefinition = defineNode({
  type: "Curve",
  category: "source",
  description: "Breakpoints.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "the envelope" }],
  params: [{ name: "points", kind: "breakpoints", default: [[0, 0]], description: "points" }],
  create: () => silent,
});

export const shorthandRegistry = createRegistry([...TEST_DEFS, lfo, steps, curveDef]);
