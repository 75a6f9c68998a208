/** The transport's edits (undoable, saved, refused with the reason) and the bar.beat readout. */
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { PatchModel } from "../../src/ui/model/patchModel";
import { withTransport } from "../../src/ui/model/transportEdit";
import { beatNow, formatBarBeat, MAX_EXTRAPOLATION_MS } from "../../src/ui/live/beatClock";
import { empty } from "./helpers";

describe("transport edits", () => {
  it("set the tempo, beats per bar and loop length, saved in the patch and undoable", () => {
    const model = new PatchModel(nodeRegistry, empty);
    expect(model.setTransport({ bpm: 96.5 })).toEqual({ ok: true });
    expect(model.setTransport({ beatsPerBar: 3, loopBars: 4 })).toEqual({ ok: true });
    const back = parsePatch(serializePatch(model.toPatch()), nodeRegistry);
    expect(back.transport).toEqual({ bpm: 96.5, beatsPerBar: 3, loopBars: 4 });
    expect(model.setTransport({ loopBars: undefined })).toEqual({ ok: true });
    expect(model.patch.transport).toEqual({ bpm: 96.5, beatsPerBar: 3 });
    model.undo();
    expect(model.patch.transport?.loopBars).toBe(4);
    model.undo();
    model.undo();
    expect(model.patch.transport?.bpm ?? 120).toBe(120);
  });

  it("make one undo step of a drag", () => {
    const model = new PatchModel(nodeRegistry, empty);
    for (const bpm of [121, 125, 133, 140]) model.setTransport({ bpm }, "drag-1");
    expect(model.patch.transport?.bpm).toBe(140);
    model.undo();
    expect(model.patch.transport).toBeUndefined();
  });

  it("refuse what the patch format does not allow, naming the field, and change nothing", () => {
    const model = new PatchModel(nodeRegistry, empty);
    const before = model.patch;
    const tooFast = model.setTransport({ bpm: 400 });
    expect(tooFast.ok).toBe(false);
    expect(!tooFast.ok && tooFast.message).toMatch(/^transport\.bpm: .*300.*\(got 400\)$/);
    const nan = model.setTransport({ bpm: NaN });
    expect(!nan.ok && nan.message).toMatch(/^transport\.bpm: /);
    const bar = model.setTransport({ beatsPerBar: 2.5 });
    expect(!bar.ok && bar.message).toMatch(/^transport\.beatsPerBar: /);
    expect(model.patch).toBe(before);
    expect(model.canUndo).toBe(false);
  });

  it("leave an unchanged transport alone (no undo step)", () => {
    const patch = { ...empty, transport: { bpm: 100, beatsPerBar: 4 } };
    expect(withTransport(patch, { bpm: 100 })).toBe(patch);
  });
});

describe("bar.beat readout", () => {
  it("counts bars and beats from 1", () => {
    expect(formatBarBeat(0, 4)).toBe("1.1");
    expect(formatBarBeat(0.99, 4)).toBe("1.1");
    expect(formatBarBeat(5, 4)).toBe("2.2");
    expect(formatBarBeat(8.5, 3)).toBe("3.3");
    expect(formatBarBeat(NaN, 4)).toBe("1.1");
  });

  it("moves on at the tempo between polls, for half a second at most", () => {
    expect(beatNow({ beat: 4, bpm: 120 }, 250)).toBeCloseTo(4.5, 12);
    expect(beatNow({ beat: 4, bpm: 60 }, 10_000)).toBeCloseTo(4 + MAX_EXTRAPOLATION_MS / 1000, 12);
    expect(beatNow({ beat: 4, bpm: 60 }, -5)).toBe(4);
  });
});
