/**
 * `npx tsx bench/drumSegments.ts [--packs a,b]`: where on the held-out drum recordings two packs'
 * MR-STFT differ (issue 19's "no worse than today" on the drum set). `npm run bench` gives one
 * distance per recording; this cuts each recording into 1 s segments (every 0.5 s), scores each
 * segment's round trip with the same distance, and compares the packs segment by segment: the
 * median difference with a bootstrap interval, per recording and over both. Writes
 * bench/results/drum-segments.{json,md}.
 */
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APP_ROOT, loadModel } from "../src/cli/app";
import { decodeClip, encodeClip } from "../src/engine/codec";
import { multiResolutionStftDistance } from "../src/dsp/metrics";
import { resample } from "../src/dsp/resample";
import { decodeWav } from "../src/dsp/wav";
import { median, pairedDifference } from "./transients/onsets";

const SR = 44100;
const DIR = `${APP_ROOT}/bench/heldout`;
const OUT = `${APP_ROOT}/bench/results`;

const i = process.argv.indexOf("--packs");
const ids =
  i < 0 ? ["neural-spectral", "neural-spectral-2"] : (process.argv[i + 1] ?? "").split(",");
if (ids.length !== 2 || ids.some((id) => !id)) {
  console.error("--packs: expected two pack ids, a,b");
  process.exit(1);
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".wav"))
  .sort();
/** scores[file][pack]: the whole recording's distance, then each segment's. */
const scores: Record<string, Record<string, { whole: number; segments: number[] }>> = {};
for (const id of ids) {
  const model = await loadModel(id);
  for (const f of files) {
    const a = decodeWav(new Uint8Array(readFileSync(join(DIR, f))), f);
    const x = resample(a.channels[0]!, a.sampleRate, SR);
    const { data, frames } = await encodeClip(model, x);
    const y = (await decodeClip(model, data, frames)).subarray(0, x.length);
    const segments: number[] = [];
    for (let s = 0; s + SR <= x.length; s += SR / 2)
      segments.push(multiResolutionStftDistance(x.subarray(s, s + SR), y.subarray(s, s + SR)));
    (scores[f] ??= {})[id] = { whole: multiResolutionStftDistance(x, y), segments };
  }
  await model.dispose();
}
const [a, b] = ids as [string, string];
const fmt = (v: number) => v.toFixed(3);
const rows = files.map((f) => ({
  recording: f,
  whole: [scores[f]![a]!.whole, scores[f]![b]!.whole],
  segmentMedians: [median(scores[f]![a]!.segments), median(scores[f]![b]!.segments)],
  paired: pairedDifference(scores[f]![a]!.segments, scores[f]![b]!.segments),
}));
const all = (id: string) => files.flatMap((f) => scores[f]![id]!.segments);
const both = pairedDifference(all(a), all(b));
await writeFile(
  `${OUT}/drum-segments.json`,
  JSON.stringify({ packs: ids, scores, rows, both }, null, 2) + "\n",
);
const ci = (p: ReturnType<typeof pairedDifference>) =>
  `${p.median >= 0 ? "+" : ""}${fmt(p.median)} [${fmt(p.low)}, ${fmt(p.high)}], ${Math.round(p.aboveShare * 100)} %`;
const md = [
  "# Drum recordings segment by segment",
  "",
  `\`npx tsx bench/drumSegments.ts\` (bench/drumSegments.ts), ${new Date().toISOString().slice(0, 10)}.`,
  "",
  `The held-out drum recordings of bench/heldout through ${a} and ${b} (whole-clip encode →`,
  "decode, as `npm run bench`), scored with `npm run bench`'s MR-STFT over the whole recording",
  "and over 1 s segments every 0.5 s. Δ is",
  `${b}'s segment distance minus ${a}'s (positive: ${b} worse): the median over segments, its`,
  "95 % bootstrap interval and the share of segments where it is positive.",
  "",
  `| recording | whole: ${a} | whole: ${b} | segment Δ |`,
  "| --- | ---: | ---: | --- |",
  ...rows.map(
    (r) => `| ${r.recording} | ${fmt(r.whole[0]!)} | ${fmt(r.whole[1]!)} | ${ci(r.paired)} |`,
  ),
  `| **both** | | | ${ci(both)} |`,
  "",
  "Each segment (start in seconds: distance, " + `${a} → ${b}):`,
  "",
  ...files.flatMap((f) => [
    `- ${f}: ` +
      scores[f]![a]!.segments.map(
        (v, k) => `${k / 2}: ${fmt(v)} → ${fmt(scores[f]![b]!.segments[k]!)}`,
      ).join(", "),
  ]),
  "",
];
await writeFile(`${OUT}/drum-segments.md`, md.join("\n"));
console.log(md.join("\n"));
