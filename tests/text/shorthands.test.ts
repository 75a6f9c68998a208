import { describe, expect, it } from "vitest";
import { patchToText, textToPatch, TextError } from "../../src/text";
import { registry } from "../patch/fixtures";
import { shorthandRegistry as reg } from "./fixtures";

describe("modulation shorthands", () => {
  it("expands lfo(…) into an LFO node driving the param's port, positional in definition order", () => {
    const patch = textToPatch("m = Mix2 mix=lfo(0.25beats, 0..0.8, square)\n", reg);
    expect(patch.nodes).toEqual([
      { id: "m_mix", type: "LFO", params: { rate: 0.25, min: 0, max: 0.8, shape: "square" } },
      { id: "m", type: "Mix2", params: {} },
    ]);
    expect(patch.connections).toEqual([{ from: "m_mix.out", to: "m.mix" }]);
  });

  it("takes named arguments and writes the shortest positional form back", () => {
    const patch = textToPatch("m = Mix2 mix=lfo(max=0.5, rate=2)\n", reg);
    expect(patch.nodes[0]?.params).toEqual({ max: 0.5, rate: 2 });
    expect(patchToText(patch, reg)).toContain("m = Mix2 mix=lfo(2, 0..0.5)");
  });

  it("expands <a b c> into a Steps node and a breakpoint list into a Curve node", () => {
    const patch = textToPatch("m = Mix2 mix=<0 0.5 1>\nn = Mix2 mix=[0:0 4:1]\n", reg);
    expect(patch.nodes.map((n) => [n.id, n.type, n.params])).toEqual([
      ["m_mix", "Steps", { values: [0, 0.5, 1] }],
      ["m", "Mix2", {}],
      [
        "n_mix",
        "Curve",
        {
          points: [
            [0, 0],
            [4, 1],
          ],
        },
      ],
      ["n", "Mix2", {}],
    ]);
    const text = patchToText(patch, reg);
    expect(text).toContain("m = Mix2 mix=<0 0.5 1>");
    expect(text).toContain("n = Mix2 mix=[0:0 4:1]");
  });

  it("folds only a source named <node>_<param> that feeds just that port", () => {
    const text = "m = Mix2 mix=lfo(3)\n";
    const patch = textToPatch(text, reg);
    expect(patchToText(patch, reg)).toBe(`name "untitled"\n\n${text}`);
    const renamed = {
      ...patch,
      nodes: patch.nodes.map((n) => (n.id === "m_mix" ? { ...n, id: "wobble" } : n)),
      connections: [{ from: "wobble.out", to: "m.mix" }],
    };
    expect(patchToText(renamed, reg)).toContain("wobble = LFO rate=3\nm      = Mix2 mix=wobble");
  });

  it("converts ms to s and checks units against the definition", () => {
    expect(() => textToPatch("m = Mix2 mix=lfo(2Hz)\n", reg)).toThrow(
      'line 1, column 18: rate is in beats, not "Hz"',
    );
    expect(() => textToPatch("m = Mix2 mix=0.5dB\n", reg)).toThrow(
      'mix takes a plain number, without a unit; got "dB"',
    );
  });

  it("says which shorthands exist, and when the registry has no Steps type", () => {
    expect(() => textToPatch("m = Mix2 mix=wobble(1)\n", reg)).toThrow(
      /no node type "wobble" can drive mix; shorthands: osc\(…\), lfo\(…\), steps\(…\), curve\(…\)/,
    );
    expect(() => textToPatch("m = Mix2 mix=<1 2>\n", registry)).toThrow(
      "line 1, column 14: <…> needs a Steps node type",
    );
  });

  it("refuses a shorthand on a parameter that cannot be modulated", () => {
    const error = (() => {
      try {
        textToPatch("o = Osc angle=lfo(1)\n", reg);
      } catch (e) {
        return e as TextError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TextError);
    expect(error?.issues[0]).toMatchObject({ line: 1, column: 15 });
    expect(error?.message).toContain("angle cannot be modulated");
  });

  it("reports a generated id that is already taken at the shorthand", () => {
    expect(() => textToPatch("m_mix = Osc\nm = Mix2 mix=lfo(1)\n", reg)).toThrow(
      /^line 2, column 10: /,
    );
  });
});
