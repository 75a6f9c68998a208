/**
 * Fitting a LearnedOp from the pairs wired into it, as the engine worker does (`learnFit.ts`):
 * progress, cancel, the record's fingerprint and the one-line errors naming the input.
 */
import { describe, expect, it } from "vitest";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { exampleFingerprint } from "../../src/engine/learn/examples";
import { parseOperation } from "../../src/engine/learn/operationFile";
import { checkExampleModels, FIT_CANCELLED, LearnFitter } from "../../src/engine/worker/learnFit";
import { latent, type LatentValue } from "../../src/engine/values";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { makePatch } from "../helpers/engine";

const FIXTURES = new Set(["spectral-fixture", "wave-fixture"]);
const fitter = () =>
  new LearnFitter({
    registry: nodeRegistry,
    appLoader: fsLoader(process.cwd()),
    defaultModelId: DEFAULT_MODEL_ID,
    modelDir: (id) => (FIXTURES.has(id) ? `tests/fixtures/models/${id}` : `models/${id}`),
  });

const MODEL = { model: "spectral-fixture" };
const ASSETS = {
  assets: {
    piano: { kind: "builtin", name: "piano" },
    cello: { kind: "builtin", name: "cello" },
    guitar: { kind: "builtin", name: "guitar" },
  },
};

type Spec = [string, string, Record<string, unknown>?];

/** Two pairs (piano and cello, dry and through a Reverb) into `learn`; `change` edits the lists. */
function pairsPatch(
  change: (nodes: Spec[], cables: [string, string][]) => void = () => undefined,
  learn: Record<string, unknown> = { steps: 300 },
): Patch {
  const nodes: Spec[] = [
    ["guitar", "AudioIn", { source: "asset", asset: "guitar" }],
    ["enc", "Encode", MODEL],
    ["learn", "LearnedOp", learn],
    ["dec", "Decode", MODEL],
    ["out", "AudioOut"],
  ];
  const cables: [string, string][] = [
    ["guitar.audio", "enc.audio"],
    ["enc.latent", "learn.in"],
    ["learn.out", "dec.latent"],
    ["dec.audio", "out.audio"],
  ];
  for (const [i, name] of [
    [1, "piano"],
    [2, "cello"],
  ] as const) {
    nodes.push(
      [name, "AudioIn", { source: "asset", asset: name, seconds: 2 }],
      [`rev${i}`, "Reverb", { decay: 2 }],
      [`dry${i}`, "Encode", MODEL],
      [`wet${i}`, "Encode", MODEL],
    );
    cables.push(
      [`${name}.audio`, `dry${i}.audio`],
      [`${name}.audio`, `rev${i}.in`],
      [`rev${i}.out`, `wet${i}.audio`],
      [`dry${i}.latent`, `learn.dry${i}`],
      [`wet${i}.latent`, `learn.wet${i}`],
    );
  }
  change(nodes, cables);
  return makePatch(nodes, cables, ASSETS);
}

const text = (p: Patch) => JSON.stringify(p);

describe("fitting a LearnedOp in the worker", () => {
  it("renders the examples, fits FiLMR with progress up to 1 and records the fingerprint", async () => {
    const patch = pairsPatch();
    const heard: number[] = [];
    const result = await fitter().fit(text(patch), "learn", (f) => heard.push(f));
    const op = parseOperation(result.operation);
    expect(op.params.kind).toBe("filmr");
    expect(op.fittedOn.steps).toBe(300);
    expect(op.fittedOn.pairs.map((p) => p.name)).toEqual(["dry1/wet1", "dry2/wet2"]);
    expect(op.fittedOn.fitError).toBeLessThan(op.fittedOn.identityError);
    expect(op.fittedOn.fingerprint).toBe(exampleFingerprint(patch, "learn", nodeRegistry));
    expect(heard[0]).toBe(0);
    expect(heard.at(-1)).toBe(1);
    expect(heard.some((f) => f > 0.3 && f < 1)).toBe(true);
    // Rising, each percent at most once (every report is a message to the page).
    const percents = heard.map((f) => Math.floor(f * 100));
    for (let i = 1; i < heard.length; i++) expect(percents[i]).toBeGreaterThan(percents[i - 1]!);
    expect(result.renderMillis).toBeGreaterThan(0);
    expect(result.fitMillis).toBeGreaterThan(0);
  });

  it("fits the node's kind: mean and affine too", async () => {
    const f = fitter();
    for (const kind of ["mean", "affine"]) {
      const r = await f.fit(text(pairsPatch(undefined, { kind })), "learn");
      expect(parseOperation(r.operation).params.kind).toBe(kind);
    }
  });

  it("chooses the shrink by validation with shrink auto, and records it", async () => {
    const f = fitter();
    const plain = parseOperation(
      (await f.fit(text(pairsPatch(undefined, { kind: "affine" })), "learn")).operation,
    );
    expect(plain.fittedOn.shrink).toBeUndefined();
    const auto = parseOperation(
      (await f.fit(text(pairsPatch(undefined, { kind: "affine", shrink: "auto" })), "learn"))
        .operation,
    );
    // Validation's choice is recorded, whichever of the grid it is (0 included).
    expect([0, 0.5, 0.8, 0.95, 1]).toContain(auto.fittedOn.shrink);
  });

  it("stops when the shared cancel flag is raised mid-fit", async () => {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const progress = (f: number) => {
      if (f > 0.5) Atomics.store(cancel, 0, 1);
    };
    await expect(
      fitter().fit(text(pairsPatch(undefined, { steps: 5000 })), "learn", progress, cancel),
    ).rejects.toThrow(FIT_CANCELLED);
  });

  it("names the input that is wrong, in one line", async () => {
    const f = fitter();
    const fail = async (patch: Patch, want: string) => {
      const err = await f.fit(text(patch), "learn").then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toContain(want);
      expect(err?.message).not.toContain("\n");
    };
    await fail(
      pairsPatch((_, cables) =>
        cables.splice(
          cables.findIndex((c) => c[1] === "learn.wet2"),
          1,
        ),
      ),
      "LearnedOp learn: wet2 is not connected",
    );
    await fail(
      pairsPatch((_, cables) => {
        for (let i = cables.length - 1; i >= 0; i--)
          if (/learn\.(dry|wet)/.test(cables[i]![1])) cables.splice(i, 1);
      }),
      "LearnedOp learn: no example pairs are wired",
    );
    await fail(
      pairsPatch((nodes) => {
        nodes.find((n) => n[0] === "wet2")![2] = { model: "wave-fixture" };
      }),
      "LearnedOp learn: the examples could not be rendered: models",
    );
    await fail(
      pairsPatch(
        (nodes) => {
          for (const name of ["piano", "cello"])
            nodes.find((n) => n[0] === name)![2] = { source: "sine", seconds: 0.02 };
        },
        { kind: "affine" },
      ),
      'LearnedOp learn: 6 frames of examples in all; fitting "affine" on 8 dims needs at least 9',
    );
    await expect(f.fit(text(pairsPatch()), "enc")).rejects.toThrow(
      'node "enc" is a Encode, not a LearnedOp',
    );
  });
});

describe("checkExampleModels", () => {
  it("names the input whose model or width differs from the first example's", () => {
    const z = (modelId: string, dims = 8) =>
      latent(new Float32Array(dims * 2), 2, dims, 10, modelId);
    const wired = [{ index: 1 }, { index: 3 }];
    const pair = (dry: LatentValue, wet: LatentValue, name = "p") => ({ name, dry, wet });
    expect(() =>
      checkExampleModels("LearnedOp l", wired, [pair(z("a"), z("a")), pair(z("a"), z("b"))]),
    ).toThrow('LearnedOp l: wet3 carries latents of model "b", dry1 of "a"');
    expect(() =>
      checkExampleModels("LearnedOp l", wired, [pair(z("a"), z("a")), pair(z("a", 4), z("a"))]),
    ).toThrow("LearnedOp l: dry3 has 4 dims, dry1 8");
  });
});

describe("the examples' fingerprint", () => {
  const fp = (p: Patch) => exampleFingerprint(p, "learn", nodeRegistry);
  const base = fp(pairsPatch());

  it("changes with what makes the examples: a parameter, an asset, a cable", () => {
    expect(base).toMatch(/^[0-9a-f]{14}$/);
    const decay = pairsPatch((nodes) => {
      nodes.find((n) => n[0] === "rev2")![2] = { decay: 3 };
    });
    expect(fp(decay)).not.toBe(base);
    const asset = pairsPatch((nodes) => {
      nodes.find((n) => n[0] === "cello")![2] = { source: "asset", asset: "guitar", seconds: 2 };
    });
    expect(fp(asset)).not.toBe(base);
    const swapped = pairsPatch((_, cables) => {
      cables.find((c) => c[1] === "learn.dry2")![0] = "wet2.latent";
      cables.find((c) => c[1] === "learn.wet2")![0] = "dry2.latent";
    });
    expect(fp(swapped)).not.toBe(base);
  });

  it("ignores what plays and how nodes are named or placed", () => {
    const played = pairsPatch((nodes) => {
      nodes.find((n) => n[0] === "guitar")![2] = { source: "asset", asset: "cello" };
    });
    expect(fp(played)).toBe(base);
    const amount = pairsPatch(undefined, { steps: 300, amount: 0.5 });
    expect(fp(amount)).toBe(base);
    const renamed = pairsPatch((nodes, cables) => {
      nodes.find((n) => n[0] === "rev1")![0] = "room";
      for (const c of cables) c.forEach((e, k) => (c[k] = e.replace(/^rev1\./, "room.")));
    });
    expect(fp(renamed)).toBe(base);
  });

  it("is undefined without a complete pair", () => {
    const none = pairsPatch((_, cables) => {
      for (let i = cables.length - 1; i >= 0; i--)
        if (/learn\.(dry|wet)/.test(cables[i]![1])) cables.splice(i, 1);
    });
    expect(fp(none)).toBeUndefined();
  });
});
