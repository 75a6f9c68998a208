/**
 * A fast slice of `npm run bench:learn` (bench/learn/): one clear effect (a 1 kHz lowpass made
 * by our Lowpass node), tiny sources, every kind fitted and scored on a held-out sound, and the
 * report's shape and markdown.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/cli/app";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { COMPARED, compareOnEffect, DryCache } from "../../bench/learn/compare";
import { learnMarkdown } from "../../bench/learn/effectsReport";
import { NINE_EFFECTS, readSource } from "../../bench/learn/material";

describe("bench:learn, one effect", () => {
  it("scores every kind on held-out audio, and FiLMR beats doing nothing on a lowpass", async () => {
    const model = await loadModel(DEFAULT_MODEL_ID);
    try {
      const src = (n: string) =>
        readSource(`assets/audio/${n}.wav`, n, model.sampleRate, n === "guitar" ? 2 : 1.5);
      const lowpass = NINE_EFFECTS.find((e) => e.name === "lowpass")!;
      const fit = [src("piano"), src("cello")];
      const heldOut = [src("guitar")];
      const r = await compareOnEffect(model, lowpass, fit, heldOut, new DryCache(model), {
        steps: 200,
      });
      expect(r.kinds.map((k) => k.kind)).toEqual([...COMPARED]);
      for (const k of r.kinds) {
        expect(Number.isFinite(k.mrstft) && k.mrstft > 0).toBe(true);
        expect(k.beatsMeanOn).toBeGreaterThanOrEqual(0);
        expect(k.beatsMeanOn).toBeLessThanOrEqual(1);
      }
      const kind = (name: string) => r.kinds.find((k) => k.kind === name)!;
      expect(kind("identity").latentRelative).toBe(1);
      expect(kind("filmr").latentRelative).toBeLessThan(0.5);
      expect(kind("filmr").mrstft).toBeLessThan(kind("identity").mrstft);
      expect(r.floor).toBeLessThan(kind("identity").mrstft);
      expect(r.perSource.map((p) => p.source)).toEqual(["guitar"]);
      expect(Object.keys(r.shrinks).sort()).toEqual(["affine-v", "filmr-v"]);
      const md = learnMarkdown({ model: model.id, date: "d", machine: "m" }, fit, heldOut, [r]);
      expect(md).toContain("| lowpass | ");
      expect(md).toMatch(/beats mean shift on [01] of 1 and identity on [01] of 1/);
    } finally {
      await model.dispose();
    }
  });
});
