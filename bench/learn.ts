/**
 * `npm run bench:learn`: does learning beat arithmetic? (issue 18, parts 3 and 4)
 * - bench/results/learn.{json,md}: identity, mean shift, FiLMR and affine fitted on three sources
 *   for each of seed 002's nine effects (our effect nodes) and scored on held-out sources;
 * - bench/results/ring.{json,md,svg}: seed 001's ring on twelve notes around the circle of fifths.
 * Deterministic (fixed renders, seeded fits); a few minutes on two cores.
 */
import { join } from "node:path";
import { loadModel } from "../src/cli/app";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { nineEffects } from "./learn/effectsReport";
import { readSource, ROOT, withRenders } from "./learn/material";

async function main(): Promise<void> {
  const model = await loadModel(DEFAULT_MODEL_ID);
  const sr = model.sampleRate;
  const asset = (n: string) => readSource(`${ROOT}assets/audio/${n}.wav`, n, sr);
  const fit = ["piano", "cello", "flute"].map(asset);
  const rendered = withRenders((dir) => ({
    phrases: ["trumpet", "vibraphone", "organ"].map((n) =>
      readSource(join(dir, `${n}.wav`), n, sr),
    ),
  }));
  const heldOut = [
    asset("guitar"),
    ...rendered.phrases,
    readSource(`${ROOT}bench/heldout/drums.wav`, "drums", sr, 4),
    readSource(`${ROOT}bench/heldout/loops.wav`, "loops", sr, 4),
  ];
  await nineEffects(model, fit, heldOut);
  await model.dispose();
}

await main();
