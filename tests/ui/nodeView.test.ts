import { describe, expect, it } from "vitest";
import { nodeRegistry, allNodes } from "../../src/nodes";
import {
  nodeView,
  relevanceRule,
  shownControls,
  type ViewContext,
} from "../../src/ui/model/nodeView";
import { parseParamText } from "../../src/ui/model/paramText";
import { inferTypes } from "../../src/ui/model/typeInference";
import { inputPorts } from "../../src/engine/params";
import type {
  NodeDefinition,
  NumberListParam,
  BreakpointsParam,
} from "../../src/engine/nodeDefinition";
import { example } from "./helpers";

const ctx: ViewContext = {
  assetIds: ["piano", "guitar"],
  modelIds: ["pca-spectral"],
  defaultModelId: "pca-spectral",
};
const def = (type: string): NodeDefinition => nodeRegistry.get(type)!;
const bare = (type: string) => ({ id: "n", type, params: {} });

describe("node views generated from definitions", () => {
  it("give every node type a title, typed sockets and one control per parameter", () => {
    for (const d of allNodes) {
      const view = nodeView(d, bare(d.type), undefined, new Set(), ctx);
      expect(view.title).toBe(d.type);
      expect(view.inputs.map((s) => s.name)).toEqual(inputPorts(d).map((p) => p.name));
      expect(view.outputs.map((s) => s.name)).toEqual(d.outputs.map((o) => o.name));
      expect(view.controls.map((c) => c.name)).toEqual(d.params.map((p) => p.name));
    }
  });

  it("make number controls with range, unit, default and a log scale for wide ranges", () => {
    const view = nodeView(def("AudioIn"), bare("AudioIn"), undefined, new Set(), ctx);
    const freq = view.controls.find((c) => c.name === "frequency");
    expect(freq).toMatchObject({
      kind: "number",
      value: 220,
      default: 220,
      min: 1,
      max: 20000,
      unit: "Hz",
      scale: "log",
    });
    const amp = view.controls.find((c) => c.name === "amplitude");
    expect(amp).toMatchObject({ kind: "number", scale: "linear", unit: "", step: 0.001 });
    expect(view.controls.find((c) => c.name === "source")).toMatchObject({
      kind: "enum",
      value: "sine",
      options: ["asset", "sine", "noise", "live"],
    });
    expect(view.controls.find((c) => c.name === "seed")).toMatchObject({
      step: 1,
      scale: "linear",
    });
  });

  it("offer the patch's assets and the known models in pickers", () => {
    const view = nodeView(
      def("AudioIn"),
      { ...bare("AudioIn"), params: { source: "asset", asset: "piano" } },
      undefined,
      new Set(),
      ctx,
    );
    expect(view.controls.find((c) => c.name === "asset")).toMatchObject({
      kind: "choice",
      value: "piano",
      options: [
        { value: "", label: "(none)" },
        { value: "piano", label: "piano" },
        { value: "guitar", label: "guitar" },
      ],
    });
    const enc = nodeView(def("Encode"), bare("Encode"), undefined, new Set(), ctx);
    expect(enc.controls.find((c) => c.name === "model")).toMatchObject({
      kind: "choice",
      options: [
        { value: "", label: "default (pca-spectral)" },
        { value: "pca-spectral", label: "pca-spectral" },
      ],
    });
  });

  it("show list parameters as compact JSON text", () => {
    const view = nodeView(def("Curve"), bare("Curve"), undefined, new Set(), ctx);
    expect(view.controls.find((c) => c.name === "points")).toMatchObject({ kind: "list" });
  });

  it("turn modulatable params into input ports and mark them driven when wired", () => {
    const view = nodeView(
      def("FiLMRRotate"),
      bare("FiLMRRotate"),
      undefined,
      new Set(["angle"]),
      ctx,
    );
    expect(view.inputs.find((s) => s.name === "angle")).toMatchObject({
      type: "scalar",
      accepts: ["scalar", "curve"],
      optional: true,
    });
    expect(view.controls.find((c) => c.name === "angle")?.driven).toBe(true);
    expect(view.controls.find((c) => c.name === "gamma")?.driven).toBe(false);
  });

  it("colour derived outputs by what actually flows", () => {
    const patch = example("effect-transfer");
    const types = inferTypes(patch, nodeRegistry).get("effect");
    const node = patch.nodes.find((n) => n.id === "effect")!;
    expect(nodeView(def("LatentSubtract"), node, types, new Set(), ctx).outputs[0]?.type).toBe(
      "vector",
    );
  });

  it("report cross-parameter problems", () => {
    const view = nodeView(
      def("AudioIn"),
      { ...bare("AudioIn"), params: { source: "asset" } },
      undefined,
      new Set(),
      ctx,
    );
    expect(view.problem).toBe('source is "asset" but no asset is chosen');
  });
});

describe("list parameter text", () => {
  const points = def("Curve").params.find((p) => p.name === "points") as BreakpointsParam;
  const u = def("FiLMRRotate").params.find((p) => p.name === "u") as NumberListParam;

  it("parses valid JSON", () => {
    expect(parseParamText(def("Curve"), points, "[[0, 0], [2, 1]]")).toEqual({
      ok: true,
      value: [
        [0, 0],
        [2, 1],
      ],
    });
    expect(parseParamText(def("FiLMRRotate"), u, "")).toEqual({ ok: true, value: [] });
  });

  it("explains bad input", () => {
    expect(parseParamText(def("Curve"), points, "[[0, 0], [2")).toEqual({
      ok: false,
      message: "points: not JSON; write a list like [[0, 0], [2, 1]]",
    });
    const bad = parseParamText(def("Curve"), points, "[[1, 0], [0, 1]]");
    expect(bad).toEqual({
      ok: false,
      message: "points[1][0]: expected a time ≥ the previous time 1, got 0",
    });
    expect(parseParamText(def("FiLMRRotate"), u, '[1, "x"]').ok).toBe(false);
  });
});

describe("parameters shown for an enum choice", () => {
  const view = (type: string, params: Record<string, string>) => {
    const def = nodeRegistry.get(type)!;
    const node = { id: "n", type, params, position: [0, 0] as [number, number] };
    return nodeView(def, node, undefined, new Set(), ctx);
  };
  const shown = (type: string, params: Record<string, string>) =>
    shownControls(view(type, params).controls).map((c) => c.name);

  it("reads the rule from descriptions: 'X mode:', '(param = value)', a leading option", () => {
    const rules = nodeRegistry
      .all()
      .flatMap((d) => d.params.map((p) => [`${d.type}.${p.name}`, relevanceRule(d, p)] as const))
      .filter(([, r]) => r !== undefined);
    expect(Object.fromEntries(rules)).toEqual({
      "AudioIn.asset": { param: "source", values: ["asset"] },
      "AudioIn.amplitude": { param: "source", values: ["sine", "noise"] },
      "AudioIn.seconds": { param: "source", values: ["sine", "noise"] },
      "AudioIn.frequency": { param: "source", values: ["sine"] },
      "AudioIn.seed": { param: "source", values: ["noise"] },
      "Delay.time": { param: "sync", values: ["ms"] },
      "Delay.beats": { param: "sync", values: ["beats"] },
      "FiLMRRotate.angle": { param: "mode", values: ["angle"] },
      "FiLMRRotate.planeA": { param: "mode", values: ["angle"] },
      "FiLMRRotate.planeB": { param: "mode", values: ["angle"] },
      "FiLMRRotate.u": { param: "mode", values: ["vectors"] },
      "FiLMRRotate.v": { param: "mode", values: ["vectors"] },
      "LFO.seed": { param: "shape", values: ["random"] },
      "LearnedOp.steps": { param: "kind", values: ["filmr"] },
      "LearnedOp.shrink": { param: "kind", values: ["affine", "filmr"] },
    });
  });

  it("hides what the choice makes irrelevant", () => {
    expect(shown("AudioIn", { source: "asset" })).not.toContain("frequency");
    expect(shown("AudioIn", { source: "asset" })).not.toContain("seed");
    expect(shown("AudioIn", { source: "sine" })).not.toContain("asset");
    expect(shown("AudioIn", { source: "noise" })).toContain("seed");
    expect(shown("LFO", { shape: "sine" })).not.toContain("seed");
    expect(shown("LFO", { shape: "random" })).toContain("seed");
    expect(shown("FiLMRRotate", { mode: "angle" })).not.toContain("u");
    expect(shown("FiLMRRotate", { mode: "vectors" })).toEqual(
      expect.not.arrayContaining(["angle", "planeA", "planeB"]),
    );
  });

  it("shows a parameter a cable drives even when the choice hides it", () => {
    const def = nodeRegistry.get("FiLMRRotate")!;
    const node = { id: "n", type: "FiLMRRotate", params: { mode: "vectors" } };
    const v = nodeView(def, node, undefined, new Set(["angle"]), ctx);
    expect(shownControls(v.controls).map((c) => c.name)).toContain("angle");
  });
});
