import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { retriggeredNodes } from "../../src/engine/patch/performSchema";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import type { Ticker } from "../../src/ui/perform/glide";
import { learnedMapping, mappingLabel, rawValueFor } from "../../src/ui/perform/midiMapping";
import { PerformController, performOf } from "../../src/ui/perform/performController";
import { example } from "./helpers";
import { patchToText, textToPatch } from "../../src/text";

/** Retriggers need no glide: a ticker that never fires. */
const still: Ticker = { now: () => 0, schedule: () => () => undefined };

const withPerform = (perform: unknown): Record<string, unknown> => ({
  ...(JSON.parse(serializePatch(example("filmr-sweep"))) as Record<string, unknown>),
  perform,
});

const issuesOf = (json: unknown): string[] => {
  try {
    parsePatch(json, nodeRegistry);
  } catch (e) {
    if (e instanceof PatchError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};

const noteOn = (note: number, velocity = 100, channel = 1) => [0x90 + channel - 1, note, velocity];

describe("a note-on mapping restarts a source", () => {
  it("loads, round-trips and names the nodes it restarts", () => {
    const midi = [
      { control: "note-on", number: 60, channel: 1, target: "cello.@retrigger" },
      { control: "note-on", target: "sweep.@retrigger" },
    ];
    const patch = parsePatch(withPerform({ midi }), nodeRegistry);
    const text = serializePatch(patch);
    expect(serializePatch(parsePatch(text, nodeRegistry))).toBe(text);
    expect(retriggeredNodes(patch.perform)).toEqual(["cello", "sweep"]);
    // A patch without it (every older file) loads as before and restarts nothing.
    expect(retriggeredNodes(parsePatch(withPerform({}), nodeRegistry).perform)).toEqual([]);
  });

  it("refuses a target that is not a source, or a control that does not fit, with the path", () => {
    expect(
      issuesOf(
        withPerform({
          midi: [
            { control: "note-on", target: "rotate.@retrigger" },
            { control: "note-on", target: "celo.@retrigger" },
            { control: "note-on", target: "rotate.angle" },
            { control: "cc", number: 1, target: "cello.@retrigger" },
            { control: "note-on", number: 128, target: "cello.@retrigger" },
          ],
        }),
      ),
    ).toEqual(["patch.perform.midi[4].number: expected a number ≤ 127, got 128"]);
    expect(
      issuesOf(
        withPerform({
          midi: [
            { control: "note-on", target: "rotate.@retrigger" },
            { control: "note-on", target: "celo.@retrigger" },
            { control: "note-on", target: "rotate.angle" },
            { control: "cc", number: 1, target: "cello.@retrigger" },
          ],
        }),
      ),
    ).toEqual([
      'patch.perform.midi[0].target: a note restarts an AudioIn or a Curve; node "rotate" is a FiLMRRotate',
      'patch.perform.midi[1].target: no node "celo"; did you mean "cello"?',
      'patch.perform.midi[2].target: a "note-on" mapping restarts a source: its target is "<node>.@retrigger", got "rotate.angle"',
      'patch.perform.midi[3].target: only a "note-on" mapping restarts a source; a "cc" mapping drives a number parameter or "@morph"',
    ]);
  });

  it("names the three kinds of target a malformed one could be", () => {
    expect(
      issuesOf(withPerform({ midi: [{ control: "note-pitch", target: "x.@morph" }] })),
    ).toEqual([
      'patch.perform.midi[0].target: expected a parameter "node.param", "@morph" or "<node>.@retrigger", got "x.@morph"',
    ]);
  });

  it("matches its key (or any key) and channel, and learns the key pressed", () => {
    const on = { kind: "note-on", channel: 2, note: 60, velocity: 90 } as const;
    const m = learnedMapping("cello.@retrigger", on, "linear")!;
    expect(m).toEqual({
      control: "note-on",
      number: 60,
      channel: 2,
      target: "cello.@retrigger",
      curve: "linear",
      smoothMs: 0,
    });
    expect(mappingLabel(m)).toBe("note 60 ch 2");
    expect(rawValueFor(m, on)).toBe(90);
    expect(rawValueFor(m, { ...on, note: 61 })).toBeUndefined();
    expect(rawValueFor(m, { ...on, channel: 1 })).toBeUndefined();
    const any = { ...m, number: undefined, channel: undefined };
    expect(mappingLabel(any)).toBe("any note any channel");
    expect(rawValueFor(any, { ...on, note: 12, channel: 16 })).toBe(90);
    // A controller does not teach a retrigger: learn waits for a key.
    expect(
      learnedMapping("cello.@retrigger", { kind: "cc", channel: 1, number: 1, value: 3 }, "linear"),
    ).toBeUndefined();
  });

  it("learns from the next note (a CC meanwhile teaches nothing), then restarts on that key", () => {
    const model = new PatchModel(nodeRegistry, example("filmr-sweep"));
    const restarted: string[] = [];
    const perform = new PerformController(model, still, (id) => restarted.push(id));
    perform.learn("out.gain");
    perform.onMidi([0xb0, 7, 127], 0);
    perform.learn("cello.@retrigger");
    perform.onMidi([0xb0, 7, 0], 0); // a CC: not learned
    expect(perform.learnTarget).toBe("cello.@retrigger");
    expect(performOf(model.patch).midi).toHaveLength(1);
    perform.onMidi(noteOn(64), 0);
    expect(perform.learnTarget).toBeUndefined();
    expect(performOf(model.patch).midi[1]).toMatchObject({ control: "note-on", number: 64 });
    expect(restarted).toEqual(["cello"]); // the key learned plays too
    perform.onMidi(noteOn(64), 0);
    perform.onMidi(noteOn(65), 0); // another key
    perform.onMidi(noteOn(64, 0), 0); // velocity 0: a note-off
    perform.onMidi([0x80, 64, 0], 0); // a note-off
    expect(restarted).toEqual(["cello", "cello"]);
    perform.anyKey(1); // now every key on channel 1
    perform.onMidi(noteOn(65), 0);
    perform.onMidi(noteOn(65, 100, 2), 0); // another channel
    expect(restarted).toEqual(["cello", "cello", "cello"]);
    expect(performOf(model.patch).midi[1]?.number).toBeUndefined();
    const saved = parsePatch(serializePatch(model.patch), nodeRegistry);
    expect(saved.perform?.midi[1]).toEqual({
      ...performOf(model.patch).midi[1],
      number: undefined,
    });
    expect(serializePatch(model.patch)).not.toMatch(/"number": null/);
    perform.removeMapping(1);
    perform.onMidi(noteOn(64), 0);
    expect(restarted).toHaveLength(3);
  });
});

describe("an applied patch text keeps the performance", () => {
  it("carries snapshots, mappings and favourites, dropping those of deleted nodes", () => {
    const before = parsePatch(
      withPerform({
        snapshots: [{ name: "A", values: { "rotate.angle": 10, "out.gain": -6 } }],
        midi: [
          { control: "note-on", number: 60, target: "cello.@retrigger" },
          { control: "cc", number: 1, target: "rotate.angle" },
          { control: "cc", number: 2, target: "@morph" },
        ],
        favourites: ["rotate.angle", "out.gain"],
      }),
      nodeRegistry,
    );
    const same = textToPatch(patchToText(before, nodeRegistry), nodeRegistry, before);
    expect(same.perform).toEqual(before.perform);
    // The rotation deleted: its value, knob and favourite go; the rest stays.
    const text = patchToText(before, nodeRegistry)
      .split("\n")
      .filter((l) => !/^rotate\s*=/.test(l))
      .join("\n")
      .replace(/Decode rotate\b/, "Decode encode");
    const after = textToPatch(text, nodeRegistry, before);
    expect(after.perform?.snapshots[0]?.values).toEqual({ "out.gain": -6 });
    expect(after.perform?.midi.map((m) => m.target)).toEqual(["cello.@retrigger", "@morph"]);
    expect(after.perform?.favourites).toEqual(["out.gain"]);
  });
});

describe("deleting a node on the canvas", () => {
  it("takes its snapshot values, mappings and favourites with it, so the patch still loads", () => {
    const model = new PatchModel(
      nodeRegistry,
      parsePatch(
        withPerform({
          snapshots: [{ name: "A", values: { "rotate.angle": 10, "out.gain": -6 } }],
          midi: [
            { control: "note-on", target: "cello.@retrigger" },
            { control: "cc", number: 1, target: "rotate.angle" },
          ],
          favourites: ["rotate.angle"],
        }),
        nodeRegistry,
      ),
    );
    model.remove({ nodes: ["rotate", "cello"] });
    const saved = parsePatch(serializePatch(model.patch), nodeRegistry);
    expect(saved.perform).toMatchObject({
      snapshots: [{ name: "A", values: { "out.gain": -6 } }],
      midi: [],
      favourites: [],
    });
    model.undo();
    expect(performOf(model.patch).midi).toHaveLength(2);
  });
});
