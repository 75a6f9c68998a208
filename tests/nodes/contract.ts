/**
 * The contract every node type runs (STYLE.md "Tests"): creates and disposes, its defaults pass
 * its own ranges and `validate`, neutral input gives neutral output, streaming in blocks of 1, 7,
 * 64 and an irregular pattern equals one whole block, a NaN in a latent is refused with a message
 * naming node, port, frame and dim, and latents of two models are not mixed.
 */
import { describe, expect, it } from "vitest";
import { runBlocks, withDefaults } from "../../src/engine/blocks";
import type {
  Inputs,
  NodeDefinition,
  NodeEnv,
  Outputs,
  Params,
} from "../../src/engine/nodeDefinition";
import { latent, type Value } from "../../src/engine/values";
import { fakeEnv } from "./fakeModel";

export const TOTAL_FRAMES = 100;

export interface NodeContract {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any node's params
  readonly def: NodeDefinition<any>;
  /** Typical inputs over `frames` frames, curves on modulatable ports included. */
  readonly inputs: (frames: number) => Inputs;
  /** Params for the streaming and error checks (defaults fill the rest). */
  readonly params?: Params;
  /** Inputs and params whose output must equal `expected(inputs)` (neutral settings). */
  readonly neutral?: {
    readonly params?: Params;
    readonly inputs: (frames: number) => Inputs;
    readonly expected: (inputs: Inputs) => Readonly<Record<string, Value>>;
  };
  /** Latent ports to poison with NaN. */
  readonly latentPorts: readonly string[];
  /** Two ports that must come from the same model. */
  readonly sameModelPorts?: readonly [string, string];
  /** The environment to run in (default: the fake model of ./fakeModel). */
  readonly env?: () => Promise<NodeEnv>;
}

/** The numbers of a value, for comparisons. */
export function numbersOf(v: Value | undefined): Float32Array | number[] {
  if (!v) throw new Error("missing output");
  switch (v.type) {
    case "latent":
    case "vector":
      return v.data;
    case "curve":
      return v.values;
    case "scalar":
      return [v.value];
    case "audio":
      return v.channels.flatMap((c) => Array.from(c));
  }
}

export function maxDiff(a: Value | undefined, b: Value | undefined): number {
  const x = numbersOf(a);
  const y = numbersOf(b);
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

function expectSameOutputs(actual: Outputs, expected: Readonly<Record<string, Value>>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [port, v] of Object.entries(expected)) {
    expect(actual[port]?.type, port).toBe(v.type);
    if (v.type === "latent" || v.type === "vector") {
      expect((actual[port] as typeof v).modelId, port).toBe(v.modelId);
    }
    expect(maxDiff(actual[port], v), port).toBeLessThanOrEqual(1e-6);
  }
}

/** A copy of `v` (a latent) with NaN at `frame`, `dim`. */
function poisoned(v: Value | undefined, frame: number, dim: number): Value {
  if (v?.type !== "latent") throw new Error("poisoned: not a latent");
  const data = Float32Array.from(v.data);
  data[frame * v.dims + dim] = NaN;
  return latent(data, v.frames, v.dims, v.frameRate, v.modelId);
}

function withModel(v: Value | undefined, modelId: string): Value {
  if (v?.type !== "latent" && v?.type !== "vector") throw new Error("withModel: not a latent");
  return { ...v, modelId };
}

export function runNodeContract(c: NodeContract): void {
  const { def } = c;
  const getEnv = async () => (c.env ? c.env() : fakeEnv());
  const run = async (
    params: Params,
    inputs: Inputs,
    sizes: number | number[],
    frames = TOTAL_FRAMES,
  ) => runBlocks(def, params, await getEnv(), inputs, sizes, frames);

  describe(`${def.type} contract`, () => {
    it("has a description, typed ports and documented params", () => {
      expect(def.description.length).toBeGreaterThan(10);
      expect(def.description).not.toContain("\n");
      for (const p of [...def.inputs, ...def.outputs, ...def.params]) {
        expect(p.description.length, p.name).toBeGreaterThan(3);
      }
      for (const p of def.inputs) expect(p.types.length, p.name).toBeGreaterThan(0);
    });

    it("has defaults inside their ranges that pass its own validate", () => {
      const defaults: Params = withDefaults(def as NodeDefinition<Params>, {});
      for (const p of def.params) {
        if (p.kind === "number") {
          expect(p.default, p.name).toBeGreaterThanOrEqual(p.min);
          expect(p.default, p.name).toBeLessThanOrEqual(p.max);
        }
        if (p.kind === "enum") expect(p.options, p.name).toContain(p.default);
      }
      expect(def.validate?.(defaults)).toBeUndefined();
    });

    it("creates and disposes", async () => {
      const instance = await def.create(withDefaults(def, c.params ?? {}), await getEnv());
      expect(typeof instance.process).toBe("function");
      instance.dispose?.();
    });

    if (c.neutral) {
      const neutral = c.neutral;
      it("passes neutral input through unchanged", async () => {
        const inputs = neutral.inputs(TOTAL_FRAMES);
        const out = await run(neutral.params ?? {}, inputs, 16);
        expectSameOutputs(out, neutral.expected(inputs));
      });
    }

    if (def.mode !== "whole") {
      for (const sizes of [1, 7, 64, [3, 1, 11, 5]]) {
        it(`streams in blocks of ${String(sizes)} exactly as in one block`, async () => {
          const inputs = c.inputs(TOTAL_FRAMES);
          const whole = await run(c.params ?? {}, inputs, TOTAL_FRAMES);
          const streamed = await run(c.params ?? {}, inputs, sizes);
          expectSameOutputs(streamed, whole);
        });
      }
    } else {
      it("gives the same result on a second run (whole mode)", async () => {
        const inputs = c.inputs(TOTAL_FRAMES);
        const first = await run(c.params ?? {}, inputs, TOTAL_FRAMES);
        expectSameOutputs(await run(c.params ?? {}, inputs, TOTAL_FRAMES), first);
      });
    }

    for (const port of c.latentPorts) {
      it(`refuses a NaN on ${port}, naming node, port, frame and dim`, async () => {
        const inputs = c.inputs(TOTAL_FRAMES);
        const bad = { ...inputs, [port]: poisoned(inputs[port], 12, 3) };
        await expect(run(c.params ?? {}, bad, 5)).rejects.toThrow(
          `${def.type} ${port}: frame 12 dim 3 is NaN`,
        );
      });
    }

    if (c.sameModelPorts) {
      const [a, b] = c.sameModelPorts;
      it(`refuses ${a} and ${b} from different models, naming both`, async () => {
        const inputs = c.inputs(TOTAL_FRAMES);
        const mixed = { ...inputs, [b]: withModel(inputs[b], "other") };
        const error = run(c.params ?? {}, mixed, 8);
        await expect(error).rejects.toThrow(/'fake'.*'other'|'other'.*'fake'/);
      });
    }
  });
}
