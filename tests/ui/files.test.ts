import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { PatchModel } from "../../src/ui/model/patchModel";
import { assetIdFor, bytesToBase64, embedWav } from "../../src/ui/model/audioDrop";
import { pushRecent, RecentFiles, type RecentFile } from "../../src/ui/model/recentFiles";
import { blockLevels, formatPosition, meterFraction } from "../../src/ui/meter";
import { example } from "./helpers";

const flute = new Uint8Array(
  readFileSync(new URL("../../assets/audio/flute.wav", import.meta.url)),
);

describe("a WAV dropped on the canvas", () => {
  it("is embedded as base64 WAV after decoding", () => {
    const dropped = embedWav("flute.wav", flute);
    expect(dropped.entry).toMatchObject({ kind: "embedded", mime: "audio/wav" });
    expect(dropped.seconds).toBeGreaterThan(1);
    const back = Buffer.from((dropped.entry as { base64: string }).base64, "base64");
    expect(new Uint8Array(back)).toEqual(flute);
  });

  it("is refused with decodeWav's message when broken", () => {
    expect(() => embedWav("broken.wav", new TextEncoder().encode("RIFF....WAVEjunk"))).toThrow(
      /^broken\.wav: /,
    );
    expect(() => embedWav("empty.wav", new Uint8Array(0))).toThrow("empty.wav: empty file");
  });

  it("encodes base64 like Buffer does, across chunk boundaries", () => {
    const bytes = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("gets a fresh asset id from its file name", () => {
    expect(assetIdFor("Flute solo.WAV", new Set())).toBe("flute-solo");
    expect(assetIdFor("flute.wav", new Set(["flute", "flute-2"]))).toBe("flute-3");
    expect(assetIdFor("01 .wav", new Set())).toBe("sound");
  });

  it("adds the asset and an AudioIn playing it in one undo step, and the patch stays valid", () => {
    const model = new PatchModel(nodeRegistry, example("reconstruct"));
    const before = model.patch;
    const id = model.addAudioAsset("flute", embedWav("flute.wav", flute).entry, [120, 340]);
    const node = model.node(id);
    expect(node).toMatchObject({
      type: "AudioIn",
      params: { source: "asset", asset: "flute" },
      position: [120, 340],
    });
    expect(model.patch.assets?.flute?.kind).toBe("embedded");
    expect(parsePatch(serializePatch(model.patch), nodeRegistry)).toEqual(model.patch);
    model.undo();
    expect(model.patch).toBe(before);
  });
});

describe("recent files", () => {
  const f = (name: string, at = 0): RecentFile => ({ name, text: `{"${name}"}`, at });

  it("puts the newest first, keeps one entry per name and at most five", () => {
    let list: RecentFile[] = [];
    for (const n of ["a", "b", "c", "d", "e", "f"]) list = pushRecent(list, f(n));
    expect(list.map((r) => r.name)).toEqual(["f", "e", "d", "c", "b"]);
    list = pushRecent(list, f("c", 9));
    expect(list.map((r) => r.name)).toEqual(["c", "f", "e", "d", "b"]);
    expect(list[0]?.at).toBe(9);
  });

  it("stores the list, and survives a store that holds garbage or fails", async () => {
    let stored: unknown = [f("old"), { name: 3 }];
    const store = {
      read: () => Promise.resolve(stored as RecentFile[]),
      write: (l: readonly RecentFile[]) => Promise.resolve(void (stored = l)),
    };
    const recent = new RecentFiles(store, () => 42);
    expect((await recent.all()).map((r) => r.name)).toEqual(["old"]);
    await recent.add("new.patch.json", "{}");
    expect(stored).toEqual([{ name: "new.patch.json", text: "{}", at: 42 }, f("old")]);
    // Another tab added an entry meanwhile: it is kept.
    stored = [f("other tab"), ...(stored as RecentFile[])];
    await Promise.all([recent.add("one", "{}"), recent.add("two", "{}")]);
    expect((stored as RecentFile[]).map((r) => r.name)).toEqual([
      "two",
      "one",
      "other tab",
      "new.patch.json",
      "old",
    ]);
    const broken = new RecentFiles({
      read: () => Promise.reject(new Error("no IndexedDB")),
      write: () => Promise.reject(new Error("no IndexedDB")),
    });
    expect(await broken.all()).toEqual([]);
    expect((await broken.add("x", "{}")).map((r) => r.name)).toEqual(["x"]);
  });
});

describe("transport readouts", () => {
  it("formats the play position as mm:ss.s", () => {
    expect(formatPosition(0)).toBe("00:00.0");
    expect(formatPosition(75.25)).toBe("01:15.2");
    expect(formatPosition(599.99)).toBe("09:59.9");
    expect(formatPosition(undefined)).toBe("--:--.-");
  });

  it("measures peak and RMS, shown on a −60…0 dB scale", () => {
    const { peak, rms } = blockLevels(Float32Array.from([0.5, -0.5, 0.5, -0.5]));
    expect([peak, rms]).toEqual([0.5, 0.5]);
    expect(meterFraction(1)).toBe(1);
    expect(meterFraction(0.001)).toBeCloseTo(0);
    expect(meterFraction(10 ** (-30 / 20))).toBeCloseTo(0.5);
    expect(meterFraction(0)).toBe(0);
  });
});
