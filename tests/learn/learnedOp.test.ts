/** The LearnedOp node against its definition: a fitted operation applied per frame, blended by amount. */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import { fitOperation } from "../../src/engine/learn/fit";
import { alignPairs } from "../../src/engine/learn/pairs";
import { parseOperation } from "../../src/engine/learn/operationFile";
import { applyOperation, operationApplier } from "../../src/engine/learn/operation";
import { curve, latent, type LatentValue } from "../../src/engine/values";
import { LearnedOpNode } from "../../src/nodes/LearnedOp";
import { runNodeContract } from "../nodes/contract";
import { CLOCK, DIMS, fakeEnv, fixedVector, randomLatent } from "../nodes/fakeModel";

const FRAMES = 40;
/** A made-up effect on the fake model's latents: each dim scaled and shifted, two dims swapped. */
const effect = (x: LatentValue): LatentValue => {
  const out = new Float32Array(x.data.length);
  for (let f = 0; f < x.frames; f++) {
    const r = x.data.subarray(f * DIMS, f * DIMS + DIMS);
    out.set([0.5 * r[1]! + 1, 0.8 * r[0]!, r[2]! - 0.3, 1.5 * r[3]!], f * DIMS);
  }
  return latent(out, x.frames, DIMS, x.frameRate, x.modelId);
};
const dry = [randomLatent(60, 11), randomLatent(60, 12)];
const pairs = alignPairs(
  dry.map((d, i) => ({ name: `p${i}`, dry: d, wet: effect(d) })),
  "affine",
);
const affine = JSON.stringify(fitOperation("affine", pairs, { ridge: 1e-8 }));
const filmr = JSON.stringify(fitOperation("filmr", pairs, { steps: 300 }));

runNodeContract({
  def: LearnedOpNode,
  params: { operation: filmr },
  inputs: (n) => ({ in: randomLatent(n, 1) }),
  neutral: {
    params: { operation: filmr, amount: 0 },
    inputs: (n) => ({ in: randomLatent(n, 4) }),
    expected: (i) => ({ out: i.in! }),
  },
  latentPorts: ["in"],
});

describe("LearnedOp", () => {
  const x = randomLatent(FRAMES, 3);
  const run = (params: object, inputs = {}) =>
    runBlocks(LearnedOpNode, params, fakeEnv(), { in: x, ...inputs }, 5, FRAMES);

  it("applies the fit: an affine one reproduces the effect on a latent it was not fitted on", async () => {
    const out = (await run({ operation: affine, amount: 1 })).out as LatentValue;
    const want = effect(x);
    for (let k = 0; k < out.data.length; k++) expect(out.data[k]).toBeCloseTo(want.data[k]!, 3);
  });

  it("blends by amount, frame by frame from a curve", async () => {
    const amount = curve(
      Float32Array.from({ length: FRAMES }, (_, f) => f / FRAMES),
      CLOCK.frameRate,
    );
    const out = (await run({ operation: filmr }, { amount })).out as LatentValue;
    const full = applyOperation(operationApplier(parseOperation(filmr)), x.data, FRAMES);
    for (let f = 0; f < FRAMES; f++)
      for (let d = 0; d < DIMS; d++) {
        const k = f * DIMS + d;
        expect(out.data[k]).toBeCloseTo(x.data[k]! + (f / FRAMES) * (full[k]! - x.data[k]!), 4);
      }
  });

  it("passes the input through until it holds an operation, and maps a vector", async () => {
    expect((await run({})).out).toEqual(x);
    const v = fixedVector([1, 2, 3, 4]);
    const out = await runBlocks(LearnedOpNode, { operation: affine }, fakeEnv(), { in: v }, 1, 1);
    expect(out.out?.type).toBe("vector");
  });

  it("refuses a broken operation, one from another model or of other dims, naming why", async () => {
    const fit = { kind: "filmr", steps: 1500, shrink: "none" };
    expect(LearnedOpNode.validate!({ operation: "{", amount: 1, ...fit })).toMatch(
      /^operation: not JSON/,
    );
    const op = parseOperation(affine);
    expect(
      LearnedOpNode.validate!({ operation: JSON.stringify({ ...op, dims: 3 }), amount: 1, ...fit }),
    ).toMatch(/center: has 4 numbers, expected 3/);
    const other = JSON.stringify({ ...op, model: "other" });
    await expect(run({ operation: other })).rejects.toThrow(
      'LearnedOp: the operation was fitted on model "other", but this latent comes from "fake"',
    );
  });
});
