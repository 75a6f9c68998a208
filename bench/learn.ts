/**
 * `npm run bench:learn`: does learning beat arithmetic? (issue 18, parts 3 and 4)
 * - bench/results/learn.{json,md}: identity, mean shift, FiLMR and affine fitted on three sources
 *   for each of seed 002's nine effects (our effect nodes) and scored on held-out sources;
 * - bench/results/ring.{json,md,svg}: seed 001's ring on twelve notes around the circle of fifths.
 * Deterministic (fixed renders, seeded fits); a few minutes on two cores.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadModel } from "../src/cli/app";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { nineEffects } from "./learn/effectsReport";
import { readSource, ROOT, withRenders } from "./learn/material";
import { ringReport } from "./learn/ringReport";

async function main(): Promise<void> {
  const model = await loadModel(DEFAULT_MODEL_ID);
  const sr = model.sampleRate;
  const asset = (n: string) => readSource(`${ROOT}assets/audio/${n}.wav`, n, sr);
  const fit = ["piano", "cello", "flute"].map(asset);
  const rendered = withRenders((dir) => ({
    phrases: ["trumpet", "vibraphone", "organ"].map((n) =>
      readSource(join(dir, `${n}.wav`), n, sr),
    ),
    ring: ["ring-piano4", "ring-piano3", "ring-epiano4"].map((n) =>
      readSource(join(dir, `${n}.wav`), n, sr),
    ),
  }));
  const heldOut = [
    asset("guitar"),
    ...rendered.phrases,
    readSource(`${ROOT}bench/heldout/drums.wav`, "drums", sr, 4),
    readSource(`${ROOT}bench/heldout/loops.wav`, "loops", sr, 4),
  ];
  // BENCH_LEARN=ring runs the ring alone (while working on it).
  if (process.env.BENCH_LEARN !== "ring") await nineEffects(model, fit, heldOut);
  const op = await ringReport(model, rendered.ring);
  await writeFile(`${ROOT}bench/results/ring-op.json`, JSON.stringify(op, null, 2) + "\n");
  await model.dispose();
}

await main();
