/**
 * The rate/distortion trade-off through the engine, for packs that are not in models/ (so
 * `npm run bench` does not see them): MR-STFT and LSD of decode(encode(x)) on the held-out
 * recordings in assets/audio, with the engine's real-time RTPGHI phase reconstruction, exactly
 * as bench/run.ts measures the packs in models/.
 *
 *   npx tsx models/recipes/neural_spectral/tradeoff.mjs <root> <packDir> [<packDir> ...]
 *
 * (An .mjs run by tsx, which resolves the engine's TypeScript imports: the repo's tsconfig does not
 * cover models/.) Prints one JSON line per pack: {dir, id, latentDims, latentFloatsPerSecond, median, rows}.
 */
import { readdir, readFile } from "node:fs/promises";
import { encodeClip, decodeClip } from "../../../src/engine/codec";
import { loadModelPack } from "../../../src/engine/models/loadPack";
import { fsLoader } from "../../../src/engine/node/fsLoader";
import { decodeWav } from "../../../src/dsp/wav";
import { resample } from "../../../src/dsp/resample";
import { logSpectralDistanceDb, multiResolutionStftDistance } from "../../../src/dsp/metrics";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const [root, ...dirs] = process.argv.slice(2);
if (!root || dirs.length === 0) throw new Error("usage: tradeoff.mjs <root> <packDir>...");
const files = (await readdir("assets/audio")).filter((f) => f.endsWith(".wav")).sort();
for (const dir of dirs) {
  const model = await loadModelPack(fsLoader(root), dir);
  const rows = [];
  for (const f of files) {
    const a = decodeWav(new Uint8Array(await readFile(`assets/audio/${f}`)), f);
    const x = resample(a.channels[0], a.sampleRate, model.sampleRate);
    const { data, frames } = await encodeClip(model, x);
    const y = await decodeClip(model, data, frames);
    rows.push({
      recording: f,
      mrstft: multiResolutionStftDistance(x, y),
      lsdDb: logSpectralDistanceDb(x, y),
    });
  }
  console.log(
    JSON.stringify({
      dir,
      id: model.id,
      latentDims: model.latentDims,
      latentFloatsPerSecond: model.frameRate * model.latentDims,
      median: median(rows.map((r) => r.mrstft)),
      medianLsdDb: median(rows.map((r) => r.lsdDb)),
      rows,
    }),
  );
  await model.dispose();
}
