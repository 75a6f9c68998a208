/**
 * The sound browser's model: builtin recordings and the patch's own sounds listed once each, the
 * preview clip cut short and kept under full scale (NaN silenced), and Use setting an AudioIn's
 * sound or adding one, with the asset entry a builtin needs, as one valid patch.
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_SOUNDS } from "../../src/engine/builtinSounds";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import {
  PREVIEW_PEAK,
  previewClip,
  previewPatch,
  searchSounds,
  soundList,
  soundOn,
} from "../../src/ui/sounds/soundList";
import { example } from "./helpers";

const valid = (patch: Patch) => parsePatch(serializePatch(patch), nodeRegistry);

describe("the sound browser's list", () => {
  it("lists every builtin sound, with the patch's asset id when it names one, then its own", () => {
    const patch: Patch = {
      ...example("subpatch-chain"),
      assets: {
        piano: { kind: "builtin", name: "piano" },
        take1: { kind: "file", path: "audio/take1.wav" },
      },
    };
    const list = soundList(patch);
    expect(list.map((e) => e.label)).toEqual([...BUILTIN_SOUNDS.map((s) => s.name), "take1"]);
    expect(list.find((e) => e.label === "piano")?.assetId).toBe("piano");
    expect(list.find((e) => e.label === "cello")?.assetId).toBeUndefined();
    expect(list.at(-1)).toMatchObject({ origin: "patch", description: "file audio/take1.wav" });
    expect(searchSounds("BOWED cello", list).map((e) => e.label)).toEqual(["cello"]);
    expect(searchSounds("file", list).map((e) => e.label)).toEqual(["take1"]);
  });

  it("previews through a valid AudioIn → AudioOut patch", () => {
    const cello = soundList(example("subpatch-chain")).find((e) => e.label === "cello")!;
    const patch = valid(previewPatch(cello));
    expect(patch.assets).toEqual({ sound: { kind: "builtin", name: "cello" } });
  });

  it("cuts the preview to a few seconds and keeps it under full scale", () => {
    const sampleRate = 100;
    const loud = new Float32Array(1000).map((_, i) => (i % 2 ? 4 : -2));
    loud[3] = Number.NaN;
    const clip = previewClip({ type: "audio", sampleRate, channels: [loud] }, 5);
    const samples = clip.channels[0]!;
    expect(samples).toHaveLength(500);
    expect(Math.max(...samples.map(Math.abs))).toBeCloseTo(PREVIEW_PEAK, 5);
    expect(samples[3]).toBe(0);
    const quiet = previewClip({ type: "audio", sampleRate, channels: [new Float32Array([0.5])] });
    expect(quiet.channels[0]![0]).toBe(0.5);
  });
});

describe("using a sound", () => {
  it("sets an AudioIn's sound, adding the builtin's asset entry under a free id", () => {
    const patch = {
      ...example("subpatch-chain"),
      assets: { cello: { kind: "file" as const, path: "c.wav" } },
    };
    const cello = soundList(patch).find((e) => e.origin === "builtin" && e.label === "cello")!;
    const used = soundOn(patch, cello, "piano", [0, 0]);
    if (!used.ok) throw new Error(used.message);
    expect(used.patch.assets?.cello1).toEqual({ kind: "builtin", name: "cello" });
    expect(used.patch.nodes.find((n) => n.id === "piano")?.params).toEqual({
      source: "asset",
      asset: "cello1",
    });
    valid(used.patch);
  });

  it("adds an AudioIn when none is chosen, and refuses another node type", () => {
    const patch = example("subpatch-chain");
    const piano = soundList(patch).find((e) => e.label === "piano")!;
    const added = soundOn(patch, piano, undefined, [10, 20]);
    if (!added.ok) throw new Error(added.message);
    expect(added.nodeId).toBe("audioin1");
    expect(added.patch.assets).toEqual(patch.assets); // the patch's "piano" asset is reused
    expect(added.patch.nodes.at(-1)).toMatchObject({
      position: [10, 20],
      params: { asset: "piano" },
    });
    valid(added.patch);
    expect(soundOn(patch, piano, "decode", [0, 0])).toEqual({
      ok: false,
      message: '"decode" is not an AudioIn: select one, or none to add one',
    });
  });
});
