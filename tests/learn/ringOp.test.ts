/** The operation kind "ring" (operation.ts): z + P⁺(T(P s) − P s), read and applied. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { nodeRegistry } from "../../src/nodes";
import { testEngine } from "../helpers/engine";
import { fittedRotation, operationApplier } from "../../src/engine/learn/operation";
import { parseOperation } from "../../src/engine/learn/operationFile";
import { applyRotation } from "../../src/engine/latentMath/householder";

const D = 4;
const op = {
  format: "latent-patcher.operation",
  version: 1,
  model: "m",
  dims: D,
  frameRate: 43,
  center: [0.5, 0, -1, 2],
  scale: [1, 2, 0.5, 1],
  params: {
    kind: "ring",
    projection: [1, 0.5, 0, -1, 0, 1, 2, 0.3],
    gamma: [1.1, 0.9],
    beta: [0.2, -0.1],
    u: [1, 0],
    v: [Math.cos(Math.PI / 12), Math.sin(Math.PI / 12)],
  },
  fittedOn: { pairs: [], frames: 12, identityError: 1, fitError: 0, seconds: 0.1, steps: 10 },
};
const P = op.params.projection;
const project = (s: readonly number[]) =>
  [0, 1].map((j) => s.reduce((a, x, k) => a + P[j * D + k]! * x, 0));
const standardize = (z: readonly number[]) => z.map((x, k) => (x - op.center[k]!) / op.scale[k]!);

describe("the ring operation kind", () => {
  it("moves the projected point by T and keeps what P does not see", () => {
    const apply = operationApplier(parseOperation(JSON.stringify(op)));
    const z = [0.3, -1.2, 0.8, 2.5];
    const out = new Float64Array(D);
    apply.apply(z, 0, out);
    const y = project(standardize(z));
    const want = new Float64Array(2);
    applyRotation(
      fittedRotation(op.params.u, op.params.v),
      y.map((v, j) => op.params.gamma[j]! * v + op.params.beta[j]!),
      want,
    );
    const got = project(standardize([...out]));
    expect(got[0]).toBeCloseTo(want[0]!, 10);
    expect(got[1]).toBeCloseTo(want[1]!, 10);
    // The change lies in P's row space: orthogonal to a vector P maps to zero.
    const ds = standardize([...out]).map((x, k) => x - standardize(z)[k]!);
    const row0 = P.slice(0, D);
    const row1 = P.slice(D);
    const dot = (a: readonly number[], b: readonly number[]) =>
      a.reduce((s, x, k) => s + x * b[k]!, 0);
    // ds = a·row0 + b·row1 for some a, b: its residual after projecting onto the rows is 0.
    const g = [
      [dot(row0, row0), dot(row0, row1)],
      [dot(row0, row1), dot(row1, row1)],
    ];
    const r = [dot(row0, ds), dot(row1, ds)];
    const det = g[0]![0]! * g[1]![1]! - g[0]![1]! ** 2;
    const a = (r[0]! * g[1]![1]! - r[1]! * g[0]![1]!) / det;
    const b = (r[1]! * g[0]![0]! - r[0]! * g[0]![1]!) / det;
    ds.forEach((x, k) => expect(x).toBeCloseTo(a * row0[k]! + b * row1[k]!, 10));
  });

  it("refuses a projection of the wrong length, or with parallel rows", () => {
    const bad = (params: object) => () =>
      parseOperation(JSON.stringify({ ...op, params: { ...op.params, ...params } }));
    expect(bad({ projection: [1, 2, 3] })).toThrow(
      "params.projection: has 3 numbers, expected 8 (dims 4)",
    );
    expect(bad({ gamma: [1] })).toThrow("params.gamma: has 1 numbers, expected 2 (dims 4)");
    expect(bad({ projection: [1, 2, 3, 4, 2, 4, 6, 8] })).toThrow(
      "params.projection: its two rows are parallel (no pseudo-inverse)",
    );
  });

  it("examples/ring.patch.json leaves the piano alone for 2 beats, then steps it round", async () => {
    const text = readFileSync("examples/ring.patch.json", "utf8");
    const render = async (json: string) => {
      const engine = testEngine();
      await engine.load(parsePatch(json, nodeRegistry));
      const [audio] = (await engine.render()).outputs.values();
      return audio!.channels[0]!;
    };
    const stepped = await render(text);
    const patch = JSON.parse(text) as { nodes: { type: string; params: { values?: number[] } }[] };
    for (const n of patch.nodes) if (n.type === "Steps") n.params.values = [0, 0, 0, 0];
    const plain = await render(JSON.stringify(patch));
    const sr = 44100;
    const diff = (from: number, to: number) => {
      let d = 0;
      let e = 0;
      for (let i = Math.round(from * sr); i < Math.round(to * sr); i++) {
        d += (stepped[i]! - plain[i]!) ** 2;
        e += plain[i]! ** 2;
      }
      return Math.sqrt(d / e);
    };
    expect(diff(0, 0.9)).toBeLessThan(1e-6);
    expect(diff(3.1, 3.9)).toBeGreaterThan(0.05);
  });
});
