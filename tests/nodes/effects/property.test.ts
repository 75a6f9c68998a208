/**
 * Properties of every audio effect, on random parameters in their ranges, random input (loud,
 * with NaN and Inf), a random curve (past its range) on a modulatable parameter, a random tempo
 * and random block sizes: the output is finite, and streaming equals one whole block.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../../src/engine/blocks";
import type { NodeDefinition, ParamSpec, Params } from "../../../src/engine/nodeDefinition";
import { constantTempo } from "../../../src/engine/transportClock";
import { audio, curve } from "../../../src/engine/values";
import { allNodes } from "../../../src/nodes";
import { CLOCK, fakeEnv } from "../fakeModel";

const FRAMES = 24;
const effects = allNodes.filter((d) => d.category === "effect" && d.mode !== "whole");

function paramArbitrary(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "number":
      return fc.double({ min: spec.min, max: spec.max, noNaN: true });
    case "enum":
      return fc.constantFrom(...spec.options);
    case "boolean":
      return fc.boolean();
    default:
      return fc.constant(spec.default);
  }
}

const sample = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e30) },
);

function caseArbitrary(def: NodeDefinition<Params>) {
  const modulatable = def.params.filter((p) => p.kind === "number" && p.modulatable);
  return fc.record({
    params: fc.record(Object.fromEntries(def.params.map((p) => [p.name, paramArbitrary(p)]))),
    channels: fc.integer({ min: 1, max: 2 }),
    samples: fc.array(sample, { minLength: 64, maxLength: 64 }),
    modulated: fc.constantFrom(...modulatable.map((p) => p.name)),
    curve: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: FRAMES,
      maxLength: FRAMES,
    }),
    bpm: fc.double({ min: 20, max: 300, noNaN: true }),
    blocks: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
  });
}

describe("every audio effect, on random parameters and input", () => {
  for (const def of effects) {
    it(`${def.type}: finite output, the same in any blocks as in one`, async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary(def), async (c) => {
          const n = FRAMES * CLOCK.hopSamples;
          // The 64 random samples tiled with a slow swell, so the input has level and silence.
          const channels = Array.from({ length: c.channels }, (_, ch) =>
            Float32Array.from(
              { length: n },
              (_, i) => c.samples[(i * 7 + ch) % 64]! * (i % 900 < 600 ? 1 : 0),
            ),
          );
          const inputs = {
            in: audio(CLOCK.sampleRate, channels),
            in1: audio(CLOCK.sampleRate, channels),
            [c.modulated]: curve(Float32Array.from(c.curve), CLOCK.frameRate),
          };
          const tempo = constantTempo(CLOCK.frameRate, c.bpm);
          const params = c.params as Params;
          const run = (blocks: number | number[]) =>
            runBlocks(def, params, fakeEnv(), inputs, blocks, FRAMES, tempo);
          const whole = (await run(FRAMES)).out;
          const streamed = (await run(c.blocks)).out;
          if (whole?.type !== "audio" || streamed?.type !== "audio") throw new Error("no audio");
          expect(whole.channels).toHaveLength(c.channels);
          for (let ch = 0; ch < c.channels; ch++) {
            expect(whole.channels[ch]!.every(Number.isFinite)).toBe(true);
            expect(streamed.channels[ch]).toEqual(whole.channels[ch]);
          }
        }),
        { numRuns: 25, seed: 18 },
      );
    });
  }
});
