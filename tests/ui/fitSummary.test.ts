/** The LearnedOp card's fit line and stale mark, on the learn-reverb demo. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch, PatchNode } from "../../src/engine/patch/schema";
import { fitSummary } from "../../src/ui/learn/fitSummary";
import { nodeRegistry } from "../../src/nodes";

const demo = parsePatch(readFileSync("examples/learn-reverb.patch.json", "utf8"), nodeRegistry);
const summary = (p: Patch) => fitSummary(p, "learn", nodeRegistry);
const edit = (id: string, change: (n: PatchNode) => PatchNode): Patch => ({
  ...demo,
  nodes: demo.nodes.map((n) => (n.id === id ? change(n) : n)),
});
const setParams = (id: string, params: Record<string, unknown>) =>
  edit(id, (n) => ({ ...n, params: { ...n.params, ...params } as PatchNode["params"] }));

describe("fitSummary", () => {
  it("says the kind, the pairs and the error before → after of the stored fit, not stale", () => {
    const s = summary(demo);
    expect(s).toMatchObject({ stale: undefined, fromFile: false });
    expect(s && "text" in s && s.text).toMatch(
      /^filmr · 2 pairs · \d+ frames · error [\d.]+ → [\d.]+$/,
    );
  });

  it("marks the fit stale when an example changes, and not when only what plays does", () => {
    expect(summary(setParams("fx2", { decay: 5 }))).toMatchObject({
      stale: "the examples changed",
    });
    expect(summary(setParams("cello", { asset: "guitar" }))).toMatchObject({
      stale: "the examples changed",
    });
    expect(summary(setParams("guitar", { asset: "cello" }))).toMatchObject({ stale: undefined });
    expect(summary(setParams("learn", { amount: 0.3 }))).toMatchObject({ stale: undefined });
    const moved = edit("fx1", (n) => ({ ...n, position: [0, 0] }));
    expect(summary(moved)).toMatchObject({ stale: undefined });
  });

  it("marks it stale when the node's kind no longer matches the fit", () => {
    expect(summary(setParams("learn", { kind: "affine" }))).toMatchObject({
      stale: "kind is affine, the fit filmr",
    });
  });

  it("has no stale mark for an operation from a file, which names no examples", () => {
    const op = JSON.parse(String(demo.nodes.find((n) => n.id === "learn")!.params.operation)) as {
      fittedOn: { fingerprint?: string };
    };
    delete op.fittedOn.fingerprint;
    const s = summary(setParams("learn", { operation: JSON.stringify(op) }));
    expect(s).toMatchObject({ stale: undefined, fromFile: true });
  });

  it("is undefined without a fit and names the problem of a broken one in one line", () => {
    expect(summary(setParams("learn", { operation: "" }))).toBeUndefined();
    const broken = summary(setParams("learn", { operation: '{"format": "other"}' }));
    expect(broken).toEqual({
      problem: 'operation: not a latent operation (its "format" is not "latent-patcher.operation")',
    });
  });
});
