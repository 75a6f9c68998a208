/**
 * Editing inside a subpatch: the ScopedModel shows a definition as a graph with inlet and outlet
 * nodes, and every edit there (add, delete, wire, params, move, paste) changes the definition, so
 * every instance follows, in one undo step; edits that would break a wired instance are refused.
 */
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import { ScopedModel } from "../../src/ui/model/scopedModel";
import { viewOfNode } from "../../src/ui/canvas/patchView";
import { at, example } from "./helpers";

const valid = (patch: Patch) => parsePatch(serializePatch(patch), nodeRegistry);

function open() {
  const top = new PatchModel(nodeRegistry, example("subpatch-chain"));
  const graph = new ScopedModel(top);
  const refusals: string[] = [];
  graph.onRefused = (m) => refusals.push(m);
  return { top, graph, refusals };
}

const turn = (patch: Patch) => patch.subpatches!.find((s) => s.id === "turn")!;

describe("a subpatch opened in place", () => {
  it("shows the definition's nodes, cables and an inlet and outlet node per port", () => {
    const { graph } = open();
    expect(graph.enterInstance("turn1")).toEqual({ ok: true });
    expect(graph.scope).toEqual(["turn"]);
    expect(graph.patch.nodes.map((n) => n.id)).toEqual([
      "inlet:in",
      "rotate",
      "scale",
      "outlet:out",
    ]);
    expect(graph.patch.connections).toEqual([
      { from: "inlet:in.out", to: "rotate.in" },
      { from: "rotate.out", to: "scale.in" },
      { from: "scale.out", to: "outlet:out.in" },
    ]);
    // The canvas draws the ports as nodes with typed sockets.
    expect(viewOfNode(graph.patch, "inlet:in")?.outputs[0]?.type).toBe("latent");
    expect(viewOfNode(graph.patch, "outlet:out")?.inputs[0]?.name).toBe("in");
    expect(graph.patch).toBe(graph.patch); // a stable snapshot for React
  });

  it("changes the definition with a param edit inside: one undo step, every instance follows", () => {
    const { top, graph } = open();
    graph.enterInstance("turn2");
    expect(graph.setParam("rotate", "mode", "angle")).toEqual({ ok: true });
    expect(graph.setParam("scale", "factor", 1.5, "drag")).toEqual({ ok: true });
    expect(graph.setParam("scale", "factor", 1.6, "drag")).toEqual({ ok: true });
    expect(turn(top.patch).nodes.find((n) => n.id === "scale")?.params.factor).toBe(1.6);
    // turn1 has no override of the factor: its card shows the new value; turn2 keeps its own.
    const factorOn = (id: string) =>
      viewOfNode(top.patch, id)?.controls.find((c) => c.name === "scale.factor");
    expect(factorOn("turn1")).toMatchObject({ value: 1.6 });
    expect(factorOn("turn2")).toMatchObject({ value: 0.9 });
    top.undo();
    expect(turn(top.patch).nodes.find((n) => n.id === "scale")?.params.factor).toBe(1.1);
    expect(graph.scope).toEqual(["turn"]);
    valid(top.patch);
  });

  it("adds, wires, moves and deletes inner nodes; the instances gain and lose their knobs", () => {
    const { top, graph } = open();
    graph.enterInstance("turn1");
    const id = graph.addNode("LatentScale", [500, 0]);
    expect(viewOfNode(top.patch, "turn1")?.controls.map((c) => c.name)).toContain(`${id}.factor`);
    expect(graph.connect(at("scale", "out"), at(id, "in"))).toEqual({ ok: true });
    expect(graph.connect(at(id, "out"), at("outlet:out", "in"))).toEqual({ ok: true });
    expect(turn(top.patch).outputs[0]?.from).toBe(`${id}.out`);
    // Moving a port node changes nothing kept: no undo step.
    const unmoved = top.patch;
    graph.move(new Map([["inlet:in", [-900, 0]]]));
    expect(top.patch).toBe(unmoved);
    graph.move(new Map([[id, [600, 40]]]));
    expect(turn(top.patch).nodes.find((n) => n.id === id)?.position).toEqual([600, 40]);
    valid(top.patch);
    // turn2 overrides the scale's factor; deleting the scale drops that override too.
    graph.remove({ nodes: ["scale"] });
    graph.connect(at("rotate", "out"), at(id, "in"));
    expect(turn(top.patch).nodes.map((n) => n.id)).toEqual(["rotate", id]);
    expect(Object.keys(top.patch.nodes.find((n) => n.id === "turn2")!.params)).toEqual([
      "rotate.angle",
    ]);
    valid(top.patch);
    // Each edit is one step: undo six times gets the demo back.
    for (let i = 0; i < 6; i++) top.undo();
    expect(top.patch).toEqual(example("subpatch-chain"));
  });

  it("refuses to remove a port an instance is wired on, naming it", () => {
    const { top, graph, refusals } = open();
    graph.enterInstance("turn1");
    const before = top.patch;
    graph.remove({ cables: [{ from: "inlet:in.out", to: "rotate.in" }] });
    expect(top.patch).toBe(before);
    expect(refusals).toEqual([
      'the input "in" of "turn" is wired on turn1, turn2: unwire it there first, or wire the inlet again',
    ]);
    graph.remove({ nodes: ["outlet:out"] });
    expect(refusals[1]).toContain('the output "out" of "turn" is wired on turn1, turn2');
    expect(top.patch).toBe(before);
  });

  it("drops a port no instance uses when its inlet is unwired", () => {
    const { top, graph, refusals } = open();
    top.remove({ cables: [{ from: "turn2.out", to: "decode.latent" }] });
    top.remove({ cables: [{ from: "turn1.out", to: "turn2.in" }] });
    graph.enter(["turn"]);
    graph.remove({ nodes: ["outlet:out"] });
    expect(refusals).toEqual([]);
    expect(turn(top.patch).outputs).toEqual([]);
    expect(graph.patch.nodes.map((n) => n.id)).not.toContain("outlet:out");
  });

  it("refuses an instance of the subpatch inside itself, and comments inside", () => {
    const { top, graph, refusals } = open();
    graph.enter(["turn"]);
    const before = top.patch;
    graph.addNode("subpatch:turn", [0, 300]);
    expect(refusals[0]).toBe("a subpatch cannot contain itself: turn › turn");
    graph.addComment([0, 0], "hello");
    expect(refusals[1]).toContain("comments live on the top patch");
    expect(top.patch).toBe(before);
  });

  it("opens nested subpatches, and goes back when a definition goes away or a file opens", () => {
    const { top, graph } = open();
    graph.enterInstance("turn1");
    const grouped = graph.group(["rotate"]);
    expect(grouped.ok).toBe(true);
    if (!grouped.ok) return;
    expect(top.patch.subpatches?.map((s) => s.id)).toEqual(["turn", grouped.subpatchId]);
    expect(graph.enterInstance(grouped.instanceId)).toEqual({ ok: true });
    expect(graph.scope).toEqual(["turn", grouped.subpatchId]);
    graph.setParam("rotate", "angle", 10);
    const inner = top.patch.subpatches!.find((s) => s.id === grouped.subpatchId)!;
    expect(inner.nodes[0]?.params.angle).toBe(10);
    valid(top.patch);
    top.undo();
    top.undo();
    expect(graph.scope).toEqual(["turn"]);
    expect(graph.leave()).toBe(true);
    expect(graph.scope).toEqual([]);
    expect(graph.leave()).toBe(false);
    graph.enter(["turn"]);
    top.open(example("subpatch-chain"));
    expect(graph.scope).toEqual([]);
    expect(graph.patch).toBe(top.patch);
    expect(graph.enter(["nope"])).toEqual({ ok: false, message: 'no subpatch "nope"' });
  });
});
