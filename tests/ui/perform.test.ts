import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import type { Ticker } from "../../src/ui/perform/glide";
import { PerformController, performOf } from "../../src/ui/perform/performController";
import {
  captureValues,
  freshSnapshotName,
  morphValues,
  withValues,
} from "../../src/ui/perform/snapshots";
import { example } from "./helpers";

/** A ticker whose time moves only when the test says. */
class ManualTicker implements Ticker {
  time = 0;
  private pending: (() => void)[] = [];
  now = () => this.time;
  schedule(callback: () => void) {
    this.pending.push(callback);
    return () => (this.pending = this.pending.filter((c) => c !== callback));
  }
  advance(ms: number, step = 10) {
    for (let t = 0; t < ms; t += step) {
      this.time += step;
      const due = this.pending;
      this.pending = [];
      for (const c of due) c();
    }
  }
}

const param = (patch: Patch, node: string, name: string) =>
  patch.nodes.find((n) => n.id === node)?.params[name];

function setup() {
  const model = new PatchModel(nodeRegistry, example("filmr-sweep"));
  const ticker = new ManualTicker();
  return { model, ticker, perform: new PerformController(model, ticker) };
}

const issuesOf = (json: unknown): string[] => {
  try {
    parsePatch(json, nodeRegistry);
  } catch (e) {
    if (e instanceof PatchError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};

describe("snapshots", () => {
  it("capture every number, choice and switch with defaults filled in", () => {
    const values = captureValues(example("filmr-sweep"), nodeRegistry);
    expect(values["rotate.angle"]).toBe(0);
    expect(values["rotate.mode"]).toBe("angle");
    expect(values["rotate.planeB"]).toBe(2);
    expect(values["out.limiter"]).toBe(true);
    expect(Object.keys(values).some((k) => k.startsWith("sweep."))).toBe(false); // breakpoints only
    expect(Object.keys(captureValues(example("filmr-sweep"), nodeRegistry, ["out"]))).toEqual([
      "out.gain",
      "out.limiter",
    ]);
  });

  it("leave out a Bang's beat (an event, not a setting) but keep its length", () => {
    const patch = example("filmr-sweep");
    const banged = {
      ...patch,
      nodes: [...patch.nodes, { id: "b", type: "Bang", params: { at: 12, length: 0.5 } }],
    };
    const values = captureValues(banged, nodeRegistry, ["b"]);
    expect(values).toEqual({ "b.length": 0.5 });
  });

  it("morph numbers linearly, whole numbers rounded, choices and switches at the middle", () => {
    const patch = example("filmr-sweep");
    const a = {
      "rotate.angle": 0,
      "rotate.planeB": 2,
      "rotate.mode": "angle",
      "out.limiter": true,
    };
    const b = {
      "rotate.angle": 90,
      "rotate.planeB": 5,
      "rotate.mode": "vectors",
      "out.limiter": false,
    };
    expect(morphValues(patch, nodeRegistry, a, b, 0.25)).toEqual({
      "rotate.angle": 22.5,
      "rotate.planeB": 3,
      "rotate.mode": "angle",
      "out.limiter": true,
    });
    expect(morphValues(patch, nodeRegistry, a, b, 0.5)).toMatchObject({
      "rotate.mode": "vectors",
      "out.limiter": false,
    });
    expect(morphValues(patch, nodeRegistry, a, b, 2)["rotate.angle"]).toBe(90);
    // Refs of deleted nodes are left out; a value in one snapshot only is kept.
    expect(morphValues(patch, nodeRegistry, { "gone.x": 1 }, { "out.gain": -6 }, 0.1)).toEqual({
      "out.gain": -6,
    });
  });

  it("morph a logarithmic parameter in log space", () => {
    const patch = {
      ...example("filmr-sweep"),
      subpatches: undefined,
    };
    // No shipped node has a log slider yet: use a definition with one.
    const registry = {
      ...nodeRegistry,
      get: (type: string) =>
        type === "AudioOut"
          ? {
              ...nodeRegistry.get("AudioOut")!,
              params: [
                {
                  name: "gain",
                  kind: "number" as const,
                  default: 10,
                  min: 1,
                  max: 10000,
                  description: "",
                },
              ],
            }
          : nodeRegistry.get(type),
    };
    const mid = morphValues(patch, registry, { "out.gain": 10 }, { "out.gain": 1000 }, 0.5);
    expect(mid["out.gain"]).toBeCloseTo(100, 9);
  });

  it("set values on their nodes, untouched nodes kept as they were", () => {
    const patch = example("filmr-sweep");
    const next = withValues(patch, { "rotate.angle": 45, "out.gain": -3 });
    expect(param(next, "rotate", "angle")).toBe(45);
    expect(param(next, "out", "gain")).toBe(-3);
    expect(next.nodes.find((n) => n.id === "cello")).toBe(
      patch.nodes.find((n) => n.id === "cello"),
    );
    expect(withValues(patch, { "rotate.mode": "angle" })).toBe(patch);
  });

  it("name themselves A, B, … skipping names in use", () => {
    expect(freshSnapshotName([])).toBe("A");
    expect(
      freshSnapshotName([
        { name: "A", values: {} },
        { name: "C", values: {} },
      ]),
    ).toBe("B");
  });
});

describe("PerformController", () => {
  it("stores, recalls at once and over a crossfade, as one undo step", () => {
    const { model, ticker, perform } = setup();
    expect(perform.store()).toEqual({ ok: true, name: "A" });
    model.setParam("rotate", "angle", 80);
    model.setParam("out", "gain", -12);
    expect(perform.store()).toMatchObject({ name: "B" });
    expect(performOf(model.patch).snapshots.map((s) => s.name)).toEqual(["A", "B"]);

    perform.recall("A", 0);
    expect(param(model.patch, "rotate", "angle")).toBe(0);
    expect(param(model.patch, "out", "gain")).toBe(0);

    perform.recall(1, 1000); // B, by index (key 2)
    ticker.advance(500);
    const halfway = param(model.patch, "rotate", "angle") as number;
    expect(halfway).toBeGreaterThan(30);
    expect(halfway).toBeLessThan(50);
    ticker.advance(600);
    expect(param(model.patch, "rotate", "angle")).toBe(80);
    expect(param(model.patch, "out", "gain")).toBe(-12);
    model.undo(); // the whole fade is one step
    expect(param(model.patch, "rotate", "angle")).toBe(0);
    expect(perform.recall("nope", 0)).toEqual({ ok: false, message: 'no snapshot "nope"' });
  });

  it("morphs between two snapshots and keeps the morph in the patch", () => {
    const { model, perform } = setup();
    perform.store();
    model.setParam("rotate", "angle", 60);
    perform.store();
    expect(perform.morph("A", "B", 0.5)).toEqual({ ok: true });
    expect(param(model.patch, "rotate", "angle")).toBe(30);
    expect(performOf(model.patch).morph).toEqual({ from: "A", to: "B", amount: 0.5 });
    const text = serializePatch(model.toPatch());
    expect(parsePatch(text, nodeRegistry).perform?.morph?.amount).toBe(0.5);
    perform.remove("B");
    expect(performOf(model.patch).morph).toBeUndefined();
  });

  it("learns the next CC moved, then drives the parameter over its range with smoothing", () => {
    const { model, ticker, perform } = setup();
    perform.learn("rotate.angle");
    expect(perform.learnTarget).toBe("rotate.angle");
    perform.onMidi([0xb0 + 2, 21, 127], 0); // CC 21 on channel 3 at the top
    expect(perform.learnTarget).toBeUndefined();
    expect(performOf(model.patch).midi).toEqual([
      {
        control: "cc",
        number: 21,
        channel: 3,
        target: "rotate.angle",
        curve: "linear",
        smoothMs: 30,
      },
    ]);
    ticker.advance(40);
    expect(param(model.patch, "rotate", "angle")).toBe(180);
    perform.onMidi([0xb2, 21, 0], 0);
    ticker.advance(10);
    const gliding = param(model.patch, "rotate", "angle") as number;
    expect(gliding).toBeLessThan(180);
    expect(gliding).toBeGreaterThan(-180); // no jump: it glides over 30 ms
    ticker.advance(40);
    expect(param(model.patch, "rotate", "angle")).toBe(-180);
    perform.onMidi([0xb0, 21, 64], 0); // another channel: not this mapping
    ticker.advance(40);
    expect(param(model.patch, "rotate", "angle")).toBe(-180);
    perform.removeMapping(0);
    expect(performOf(model.patch).midi).toEqual([]);
  });

  it("cancels learning, and a learned mapping replaces the target's old one", () => {
    const { model, perform } = setup();
    perform.learn("out.gain");
    perform.cancelLearn();
    perform.onMidi([0xb0, 7, 100], 0);
    expect(performOf(model.patch).midi).toEqual([]);
    perform.learn("out.gain");
    perform.onMidi([0xb0, 7, 100], 0);
    perform.learn("out.gain");
    perform.onMidi([0xb0, 8, 100], 0);
    expect(performOf(model.patch).midi.map((m) => m.number)).toEqual([8]);
  });

  it("drives the morph from MIDI", () => {
    const { model, ticker, perform } = setup();
    perform.store();
    model.setParam("rotate", "angle", 100);
    perform.store();
    perform.morph("A", "B", 0);
    perform.learn("@morph");
    perform.onMidi([0xb0, 1, 127], 0);
    ticker.advance(50);
    expect(performOf(model.patch).morph?.amount).toBe(1);
    expect(param(model.patch, "rotate", "angle")).toBe(100);
  });

  it("morphs from the first snapshot to the second when no morph is chosen yet", () => {
    const { model, ticker, perform } = setup();
    perform.store();
    model.setParam("rotate", "angle", 100);
    perform.store();
    perform.learn("@morph");
    perform.onMidi([0xb0, 1, 0], 0);
    ticker.advance(50);
    expect(performOf(model.patch).morph).toEqual({ from: "A", to: "B", amount: 0 });
    expect(param(model.patch, "rotate", "angle")).toBe(0);
    perform.setMorphEnds("B", "A"); // choosing the ends moves nothing
    expect(param(model.patch, "rotate", "angle")).toBe(0);
    expect(performOf(model.patch).morph).toEqual({ from: "B", to: "A", amount: 0 });
  });

  it("follows MIDI clock when asked", () => {
    const { model, ticker, perform } = setup();
    perform.followClock = true;
    // 24 pulses a beat at 90 BPM: one pulse every 60000 / 90 / 24 ms.
    for (let i = 0; i < 60; i++) perform.onMidi([0xf8], (i * 60000) / 90 / 24);
    expect(model.patch.transport?.bpm).toBe(90);
    ticker.advance(10);
  });
});

describe("perform in the patch file", () => {
  const withPerform = (perform: unknown): Record<string, unknown> => ({
    ...(JSON.parse(serializePatch(example("filmr-sweep"))) as Record<string, unknown>),
    perform,
  });

  it("round-trips snapshots, morph, MIDI and favourites", () => {
    const json = withPerform({
      snapshots: [
        { name: "calm", values: { "rotate.angle": 10, "rotate.mode": "angle" } },
        { name: "wild", values: { "rotate.angle": 170 } },
      ],
      morph: { from: "calm", to: "wild", amount: 0.25 },
      midi: [{ control: "cc", number: 21, target: "rotate.angle", curve: "linear", smoothMs: 30 }],
      favourites: ["rotate.angle", "out.gain"],
    });
    const patch = parsePatch(json, nodeRegistry);
    const text = serializePatch(patch);
    expect(serializePatch(parsePatch(text, nodeRegistry))).toBe(text);
    expect(patch.perform?.favourites).toEqual(["rotate.angle", "out.gain"]);
  });

  it("refuses what names nothing, with the path", () => {
    expect(
      issuesOf(
        withPerform({
          snapshots: [
            { name: "a", values: { "rotat.angle": 1, "rotate.angel": 2, "rotate.angle": 999 } },
            { name: "a", values: { "sweep.points": 1 } },
          ],
          morph: { from: "a", to: "b", amount: 0.5 },
          midi: [
            { control: "cc", target: "rotate.angle" },
            { control: "cc", number: 1, target: "rotate.mode" },
            { control: "cc", number: 1, target: "out.gain", min: -100 },
          ],
          favourites: ["nowhere.x"],
        }),
      ),
    ).toEqual([
      'patch.perform.snapshots[0].values["rotat.angle"]: no node "rotat"; did you mean "rotate"?',
      'patch.perform.snapshots[0].values["rotate.angel"]: node "rotate" (FiLMRRotate) has no parameter "angel"; parameters: gamma, beta, mode, angle, planeA, planeB, space, u, v, level',
      'patch.perform.snapshots[0].values["rotate.angle"]: expected a number in [-180, 180], got 999',
      'patch.perform.snapshots[1].name: duplicate snapshot name "a" (also patch.perform.snapshots[0])',
      'patch.perform.snapshots[1].values["sweep.points"]: a snapshot holds numbers, choices and switches; sweep.points is a breakpoints parameter',
      'patch.perform.morph.to: no snapshot "b"; did you mean "a"?',
      'patch.perform.midi[0]: a "cc" mapping needs its controller "number" (0–127)',
      "patch.perform.midi[1].target: MIDI drives number parameters; rotate.mode is a choice",
      "patch.perform.midi[2].min: expected a number in [-60, 12] (the target's range), got -100",
      'patch.perform.favourites[0]: no node "nowhere"',
    ]);
    expect(issuesOf(withPerform({ snapshots: [], extra: 1 }))[0]).toMatch(
      /^patch\.perform\.extra: unknown key; expected one of snapshots, morph, midi, favourites/,
    );
  });
});
