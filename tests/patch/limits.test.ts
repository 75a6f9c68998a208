import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PatchError } from "../../src/engine/patch/errors";
import * as L from "../../src/engine/patch/limits";
import { parsePatch } from "../../src/engine/patch/parse";
import { compileGraph } from "../../src/engine/graph";
import { checkPatchSize, expandedSizes } from "../../src/engine/patch/sizes";
import { nodeRegistry } from "../../src/nodes";
import { textToPatch } from "../../src/text";
import { nestedBomb, patchAround, scaleChain, scaleSubpatch } from "./hostile";

type Json = Record<string, unknown>;

/** The one issue a refused patch gives, as `path: message`. */
function refusal(input: unknown): string {
  try {
    parsePatch(input, nodeRegistry);
  } catch (err) {
    expect(err).toBeInstanceOf(PatchError);
    expect((err as PatchError).issues).toHaveLength(1);
    return (err as Error).message;
  }
  throw new Error("the patch was accepted");
}

const loads = (input: unknown) => expect(() => parsePatch(input, nodeRegistry)).not.toThrow();

/** The pre-pass alone: for limits an honest patch cannot reach while otherwise valid. */
const prePass = (json: Json) => () => checkPatchSize(json, nodeRegistry);

const empty = (id: string): Json => ({ id, name: id, nodes: [] });
const instances = (type: string, n: number, prefix = "i"): Json[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, type }));

describe("the crafted nested file (6 levels × 10 instances, ten LatentScale at the bottom)", () => {
  it("counts a million nodes without building them, and is refused in one line", () => {
    const bomb = nestedBomb(6, 10);
    expect(JSON.stringify(bomb).length).toBeLessThan(10_000);
    const sizes = expandedSizes(bomb, nodeRegistry);
    expect(sizes.subpatches.map((s) => s.nodes)).toEqual([10, 100, 1e3, 1e4, 1e5, 1e6]);
    expect(sizes.subpatches[5]!.params).toBe(1e6);
    expect(sizes.patch.nodes).toBe(1e6 + 4);
    const message = refusal(JSON.stringify(bomb));
    expect(message).toBe(
      "patch.nodes: expands to 1,000,004 nodes when flattened (the limit is 10,000)",
    );
  });

  it("names the definition when the patch does not use it", () => {
    const bomb = nestedBomb(6, 10);
    bomb.nodes = (bomb.nodes as Json[]).filter((n) => n.id !== "top");
    bomb.connections = [
      { from: "src.audio", to: "enc.audio" },
      { from: "enc.latent", to: "dec.latent" },
      { from: "dec.audio", to: "out.audio" },
    ];
    expect(refusal(bomb)).toBe(
      "patch.subpatches[5]: expands to 1,000,000 nodes when flattened (the limit is 10,000)",
    );
  });

  it("is refused in the text form too, at the definition's line, before any is derived", () => {
    const bomb = nestedBomb(6, 10);
    const text = [
      ...(bomb.subpatches as Json[]).map((s) => `subpatch ${JSON.stringify(s)}`),
      "asset piano builtin piano",
      "src = AudioIn source=asset asset=piano",
      "enc = Encode src",
      "top = subpatch:l5 enc",
      "dec = Decode top",
      "out = AudioOut dec",
    ].join("\n");
    expect(text.length).toBeLessThan(10_000);
    expect(() => textToPatch(text, nodeRegistry)).toThrow(
      "line 6, column 1: patch.subpatches[5]: expands to 1,000,000 nodes when flattened (the limit is 10,000)",
    );
  });

  it("stays cheap at any depth: 31 levels × 1,000 saturate instead of overflowing", () => {
    const bomb = nestedBomb(31, 1000);
    expect(refusal(bomb)).toMatch(
      /^patch\.nodes: expands to more than 1,000,000,000,000,000 nodes/,
    );
  });
});

describe("flattened size limits, at the edge", () => {
  it(`loads ${L.MAX_FLAT_NODES} nodes and refuses one more`, () => {
    loads(patchAround(scaleChain(L.MAX_FLAT_NODES - 4)));
    expect(refusal(patchAround(scaleChain(L.MAX_FLAT_NODES - 3)))).toBe(
      "patch.nodes: expands to 10,001 nodes when flattened (the limit is 10,000)",
    );
  });

  it("counts a definition's nodes by itself, instanced or not", () => {
    loads({ ...patchAround([]), subpatches: [scaleSubpatch("big", L.MAX_FLAT_NODES)] });
    expect(
      refusal({ ...patchAround([]), subpatches: [scaleSubpatch("big", L.MAX_FLAT_NODES + 1)] }),
    ).toBe("patch.subpatches[0]: expands to 10,001 nodes when flattened (the limit is 10,000)");
  });

  it("multiplies instances through the levels: 100 × (1 + 99) loads, 100 × (1 + 100) does not", () => {
    const nested = (inner: number) => ({
      ...patchAround([]),
      subpatches: [empty("e"), { id: "mid", name: "mid", nodes: instances("subpatch:e", inner) }],
      nodes: [...(patchAround([]).nodes as Json[]), ...instances("subpatch:mid", 100, "m")],
    });
    loads(nested(99));
    expect(refusal(nested(100))).toBe(
      "patch.nodes: expands to 10,100 subpatch instances when flattened (the limit is 10,000)",
    );
  });

  it(`counts connections expanded: ${L.MAX_FLAT_CONNECTIONS} pass, one more is refused`, () => {
    const cables = (n: number): Json => ({
      ...patchAround([]),
      subpatches: [
        {
          ...empty("wires"),
          connections: Array.from({ length: 100 }, () => ({ from: "a.out", to: "b.in" })),
        },
      ],
      nodes: instances("subpatch:wires", 400),
      connections: Array.from({ length: n }, () => ({ from: "a.out", to: "b.in" })),
    });
    expect(prePass(cables(0))).not.toThrow();
    expect(prePass(cables(1))).toThrow(
      "patch.nodes: expands to 40,001 connections when flattened (the limit is 40,000)",
    );
  });

  it(`loads ${L.MAX_SUBPATCH_DEPTH} levels of instances and refuses one more`, () => {
    const chain = (levels: number): Json => {
      const subs: Json[] = [empty("d0")];
      for (let k = 1; k < levels; k++) {
        subs.push({ id: `d${k}`, name: `d${k}`, nodes: [{ id: "i", type: `subpatch:d${k - 1}` }] });
      }
      const base = patchAround([]);
      return {
        ...base,
        subpatches: subs,
        nodes: [...(base.nodes as Json[]), { id: "top", type: `subpatch:d${levels - 1}` }],
      };
    };
    loads(chain(L.MAX_SUBPATCH_DEPTH));
    expect(refusal(chain(L.MAX_SUBPATCH_DEPTH + 1))).toBe(
      "patch.nodes: nests subpatch instances 33 levels deep (the limit is 32)",
    );
    expect(refusal(chain(200))).toMatch(/levels deep \(the limit is 32\)$/);
  });

  it(`refuses a definition deriving more than ${L.MAX_SUBPATCH_PARAMS} parameters`, () => {
    const perSource = nodeRegistry.get("AudioIn")!.params.length;
    const knobs = (n: number): Json => {
      const sources = Math.floor(n / perSource);
      const nodes = [
        ...instances("AudioIn", sources, "a"),
        ...instances("LatentScale", n - sources * perSource, "s"),
      ];
      return { ...patchAround([]), subpatches: [{ id: "k", name: "k", nodes }] };
    };
    expect(prePass(knobs(L.MAX_SUBPATCH_PARAMS))).not.toThrow();
    expect(prePass(knobs(L.MAX_SUBPATCH_PARAMS + 1))).toThrow(
      "patch.subpatches[0]: derives 10,001 parameters from its inner nodes (the limit is 10,000)",
    );
  });

  it("adds up what every definition expands to", () => {
    const subs = (n: number): Json => ({
      ...patchAround([]),
      subpatches: Array.from({ length: n }, (_, i) => scaleSubpatch(`s${i}`, 10_000)),
    });
    expect(prePass(subs(10))).not.toThrow();
    expect(prePass(subs(11))).toThrow(
      "patch.subpatches: the definitions expand to 110,000 nodes and instances in all (the limit is 100,000)",
    );
  });
});

describe("written counts, values and text, at the edge", () => {
  const base = patchAround([]);

  it("counts definitions, comments and assets as written", () => {
    const defs = (n: number) => ({
      ...base,
      subpatches: Array.from({ length: n }, (_, i) => empty(`e${i}`)),
    });
    loads(defs(L.MAX_SUBPATCHES));
    expect(refusal(defs(L.MAX_SUBPATCHES + 1))).toBe(
      "patch.subpatches: 1,001 subpatch definitions (the limit is 1,000)",
    );
    const comments = (n: number) => ({
      ...base,
      comments: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: "", position: [0, 0] })),
    });
    loads(comments(L.MAX_COMMENTS));
    expect(refusal(comments(L.MAX_COMMENTS + 1))).toBe(
      "patch.comments: 10,001 comments (the limit is 10,000)",
    );
    const assets = (n: number) => ({
      ...base,
      assets: Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`a${i}`, { kind: "builtin", name: "piano" }]),
      ),
    });
    loads(assets(L.MAX_ASSETS));
    expect(refusal(assets(L.MAX_ASSETS + 1))).toBe(
      "patch.assets: 10,001 assets (the limit is 10,000)",
    );
  });

  it("limits Curve points and numbers lists, in the patch and in definitions", () => {
    const curve = (n: number): Json => ({
      ...base,
      nodes: [
        ...(base.nodes as Json[]),
        { id: "c", type: "Curve", params: { points: Array.from({ length: n }, (_, i) => [i, 0]) } },
      ],
    });
    loads(curve(L.MAX_CURVE_POINTS));
    expect(refusal(curve(L.MAX_CURVE_POINTS + 1))).toBe(
      "patch.nodes[4].params.points: a list of 4,097 [seconds, value] points (the limit is 4,096)",
    );
    const numbers = (n: number): Json => ({
      ...base,
      subpatches: [
        {
          ...empty("r"),
          nodes: [{ id: "rot", type: "FiLMRRotate", params: { a: Array<number>(n).fill(0) } }],
        },
      ],
    });
    expect(prePass(numbers(L.MAX_NUMBERS_LENGTH))).not.toThrow();
    expect(refusal(numbers(L.MAX_NUMBERS_LENGTH + 1))).toBe(
      "patch.subpatches[0].nodes[0].params.a: a list of 4,097 numbers (the limit is 4,096)",
    );
  });

  it("limits embedded sounds per asset and in all, by base64 length", () => {
    const embedded = (lengths: number[]): Json => ({
      ...base,
      assets: Object.fromEntries(
        lengths.map((n, i) => [
          `s${i}`,
          { kind: "embedded", mime: "audio/wav", base64: "A".repeat(n) },
        ]),
      ),
    });
    const per = L.MAX_EMBEDDED_ASSET_BASE64;
    expect(prePass(embedded([per, per]))).not.toThrow();
    expect(prePass(embedded([per + 4]))).toThrow(
      /^patch\.assets\.s0\.base64: 50,331,652 bytes of base64, too large to embed \(the limit is 48 MiB per sound/,
    );
    expect(prePass(embedded([per, per, 4]))).toThrow(
      "patch.assets.s2.base64: the embedded sounds up to here take 100,663,300 bytes of base64 (the limit is 96 MiB in all)",
    );
  });

  it(`refuses text past ${L.MAX_PATCH_BYTES} characters before parsing it`, () => {
    const text = JSON.stringify(base);
    const padded = (n: number) => text + " ".repeat(n - text.length);
    loads(padded(L.MAX_PATCH_BYTES));
    expect(refusal(padded(L.MAX_PATCH_BYTES + 1))).toBe(
      "patch: 104,857,601 bytes of text, too large to open (the limit is 100 MiB)",
    );
  });
});

describe("test sources, added up over the flattened patch", () => {
  const sources = (seconds: readonly number[], override?: number): Json => {
    const base = patchAround([]);
    const extra = seconds.map((s, i) => ({
      id: `x${i}`,
      type: "AudioIn",
      params: { source: "noise", seconds: s },
    }));
    const inst = { id: "inst", type: "subpatch:tone", params: { "a.seconds": override ?? 1 } };
    return {
      ...base,
      subpatches: [
        {
          id: "tone",
          name: "Tone",
          nodes: [{ id: "a", type: "AudioIn", params: { source: "sine" } }],
        },
      ],
      nodes: [...(base.nodes as Json[]), ...extra, inst],
    };
  };
  const compile = (json: Json) => () => compileGraph(parsePatch(json, nodeRegistry), nodeRegistry);

  it(`compiles ${L.MAX_SOURCE_SECONDS} s of sine and noise, and refuses more, naming the node`, () => {
    // 1 s in patchAround's source, 1 s in the instance, 599 s twice.
    expect(compile(sources([599, 599]))).not.toThrow();
    expect(compile(sources([600, 600]))).toThrow(
      'node "x1": the sine and noise sources up to here last 1,201 s (the limit is 1,200 s in all)',
    );
  });

  it("reads an instance's override of an inner source's length", () => {
    expect(compile(sources([599, 599], 1.5))).toThrow(
      'node "inst/a" (in subpatch "Tone", instance "inst"): the sine and noise sources up to here last 1,200.5 s (the limit is 1,200 s in all)',
    );
  });
});

describe("the limits' documentation", () => {
  it("has every limit of limits.ts in a table of docs/", () => {
    const docs = ["patch-format.md", "bundle.md", "model-pack.md"]
      .map((f) => readFileSync(new URL(`../../docs/${f}`, import.meta.url), "utf8"))
      .join("\n");
    const names = Object.keys(L).filter((k) => /^(MAX|ZIP_RATIO)_[A-Z_]+$/.test(k));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(docs, name).toContain(`\`${name}\``);
  });
});
