/**
 * Writes the learned-operation demos, `examples/learn-reverb.patch.json` and
 * `examples/learn-distortion.patch.json`: the example pairs made in the patch with the effect
 * nodes from builtin sounds, fitted here with the engine worker's own code (`learnFit.ts`, so the
 * record's fingerprint matches and the app does not mark the fits stale), and stored in the
 * patches so they play without fitting. Run: `npx tsx scripts/learn-demos.ts`.
 */
import { writeFileSync } from "node:fs";
import { fsLoader } from "../src/engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { parsePatch } from "../src/engine/patch/parse";
import { serializePatch } from "../src/engine/patch/serialize";
import type { Patch } from "../src/engine/patch/schema";
import { LearnFitter } from "../src/engine/worker/learnFit";
import { nodeRegistry } from "../src/nodes";

type Params = Record<string, unknown>;
interface Demo {
  readonly name: string;
  readonly description: string;
  readonly effect: [type: string, params: Params];
  /** Extra nodes and cables for what plays (the LearnedOp is `learn`). */
  readonly nodes: [string, string, Params, [number, number]][];
  readonly cables: [string, string][];
}

/** The demo's patch: two pairs (piano and cello through `effect`) wired into `learn`. */
function demoPatch(demo: Demo): Patch {
  const nodes: [string, string, Params, [number, number]][] = [];
  const cables: [string, string][] = [];
  (["piano", "cello"] as const).forEach((sound, i) => {
    const y = 40 + i * 420;
    const n = i + 1;
    nodes.push(
      [sound, "AudioIn", { source: "asset", asset: sound }, [40, y + 100]],
      [`fx${n}`, demo.effect[0], demo.effect[1], [300, y + 200]],
      [`dry${n}`, "Encode", {}, [560, y]],
      [`wet${n}`, "Encode", {}, [560, y + 200]],
    );
    cables.push(
      [`${sound}.audio`, `dry${n}.audio`],
      [`${sound}.audio`, `fx${n}.in`],
      [`fx${n}.out`, `wet${n}.audio`],
      [`dry${n}.latent`, `learn.dry${n}`],
      [`wet${n}.latent`, `learn.wet${n}`],
    );
  });
  nodes.push(
    ["guitar", "AudioIn", { source: "asset", asset: "guitar" }, [40, 900]],
    ["encGuitar", "Encode", {}, [560, 900]],
    ["learn", "LearnedOp", { kind: "filmr" }, [860, 620]],
    ["decode", "Decode", {}, [1160, 760]],
    ["out", "AudioOut", {}, [1420, 760]],
    ...demo.nodes,
  );
  cables.push(
    ["guitar.audio", "encGuitar.audio"],
    ["encGuitar.latent", "learn.in"],
    ["learn.out", "decode.latent"],
    ["decode.audio", "out.audio"],
    ...demo.cables,
  );
  return parsePatch(
    {
      format: "latent-patcher.patch",
      version: 2,
      name: demo.name,
      description: demo.description,
      transport: { bpm: 120, beatsPerBar: 4 },
      nodes: nodes.map(([id, type, params, position]) => ({ id, type, params, position })),
      connections: cables.map(([from, to]) => ({ from, to })),
      assets: Object.fromEntries(
        ["cello", "guitar", "piano"].map((name) => [name, { kind: "builtin", name }]),
      ),
    },
    nodeRegistry,
  );
}

const demos: Demo[] = [
  {
    name: "learn-reverb",
    description:
      "A reverb learned (FiLMR) from two pairs, piano and cello dry and through a Reverb, applied to a dry guitar; the fit is stored, so it plays without fitting. Compare with effect-transfer, the old arithmetic; rewire the examples and press Fit to learn another effect.",
    effect: ["Reverb", { decay: 3, damping: 0.3, mix: 0.6 }],
    nodes: [],
    cables: [],
  },
  {
    name: "learn-distortion",
    description:
      "A distortion learned (FiLMR) from piano and cello pairs through a Distortion, applied to a guitar with its amount drawn by a Curve: clean, then driven, then back.",
    effect: ["Distortion", { drive: 30, tone: 4000 }],
    nodes: [
      [
        "amountCurve",
        "Curve",
        {
          points: [
            [0, 0],
            [1.5, 1],
            [3, 1.5],
            [4, 0],
          ],
        },
        [560, 620],
      ],
    ],
    cables: [["amountCurve.out", "learn.amount"]],
  },
];

const fitter = new LearnFitter({
  registry: nodeRegistry,
  appLoader: fsLoader(process.cwd()),
  defaultModelId: DEFAULT_MODEL_ID,
});
for (const demo of demos) {
  const patch = demoPatch(demo);
  const fit = await fitter.fit(JSON.stringify(patch), "learn");
  const fitted: Patch = {
    ...patch,
    nodes: patch.nodes.map((n) =>
      n.id === "learn" ? { ...n, params: { ...n.params, operation: fit.operation } } : n,
    ),
  };
  const path = `examples/${demo.name}.patch.json`;
  writeFileSync(path, serializePatch(parsePatch(JSON.stringify(fitted), nodeRegistry)));
  const record = (
    JSON.parse(fit.operation) as { fittedOn: { identityError: number; fitError: number } }
  ).fittedOn;
  console.log(
    `${path}: error ${record.identityError.toFixed(2)} → ${record.fitError.toFixed(2)}; examples rendered in ${(fit.renderMillis / 1000).toFixed(1)} s, fitted in ${(fit.fitMillis / 1000).toFixed(1)} s`,
  );
}
fitter.dispose();
