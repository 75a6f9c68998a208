/**
 * `npm run bench:loop`: writes bench/results/loop.{json,md}.
 *
 * Gapless looping, measured where it matters: the output at the loop points. The
 * effect-transfer demo (4 s of material, the default neural codec) is streamed as the live path
 * streams it (blocks of 4 latent frames, ⟲ Loop on) for several loops, and each loop point is
 * compared with the music around it: the largest sample step within ±60 ms of a loop point
 * against the largest step elsewhere (the streaming tests pass a change at ≤ 1.2× the signal's
 * own), and the longest run of digital silence (|x| < 1e-4) anywhere after the first 100 ms.
 * Cases: the material's length (172 frames), and one bar at 120 BPM (2 s, 86 frames), which cuts
 * the guitar in mid-note, with the 20 ms wrap crossfade and without (0 ms). Not real time: the
 * real-time check is the Chromium test tests/e2e/loop.test.ts.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { parsePatch } from "../src/engine/patch/parse";
import { loadStreamSetup } from "../src/engine/stream/loadStream";
import { StreamingRender } from "../src/engine/stream/streamingRender";
import { nodeRegistry } from "../src/nodes";
import { testEngineOptions } from "../tests/stream/helpers";
import { measure, type LoopFigures } from "../tests/e2e/loopTake";

const ROOT = new URL("..", import.meta.url).pathname;
const BLOCK = 4;

interface Case {
  readonly name: string;
  readonly loopBars?: number;
  readonly crossfadeMs?: number;
  readonly loops: number;
}

const CASES: Case[] = [
  { name: "material (4 s → 172 frames)", loops: 3 },
  { name: "1 bar at 120 BPM (86 frames), 20 ms crossfade", loopBars: 1, loops: 5 },
  { name: "1 bar at 120 BPM (86 frames), no crossfade", loopBars: 1, crossfadeMs: 0, loops: 5 },
];

async function run(c: Case): Promise<LoopFigures & { name: string; latencySamples: number }> {
  const text = await readFile(`${ROOT}examples/effect-transfer.patch.json`, "utf8");
  const json = JSON.parse(text) as { transport: Record<string, number> };
  if (c.loopBars) json.transport = { ...json.transport, loopBars: c.loopBars };
  const setup = await loadStreamSetup(parsePatch(json, nodeRegistry), testEngineOptions());
  const stream = await StreamingRender.create(setup, {
    loop: true,
    ...(c.crossfadeMs === undefined ? {} : { loopCrossfadeMs: c.crossfadeMs }),
  });
  const hop = stream.clock.hopSamples;
  const frames = c.loops * stream.loopFrames + 20;
  const out = new Float32Array(frames * hop);
  for (let f = 0; f < frames; f += BLOCK) {
    const block = (await stream.next(Math.min(BLOCK, frames - f))).channels[0]!;
    out.set(block, f * hop);
  }
  const latencySamples = stream.latencySamples;
  const figures = measure(
    out,
    stream.clock.sampleRate,
    stream.loopFrames * hop,
    -latencySamples,
    0,
  );
  stream.dispose();
  await setup.dispose();
  return { name: c.name, latencySamples, ...figures };
}

const results = [];
for (const c of CASES) {
  const r = await run(c);
  console.log(r);
  results.push(r);
}
const rows = results.map(
  (r) =>
    `| ${r.name} | ${r.seams} | ${r.seamStep.toFixed(4)} | ${r.musicStep.toFixed(4)} | ${(r.seamStep / r.musicStep).toFixed(2)} | ${r.longestSilenceMs.toFixed(2)} |`,
);
const md = `# Gapless looping (\`npm run bench:loop\`)

The effect-transfer demo streamed with ⟲ Loop on, in blocks of ${BLOCK} latent frames (as the live
path plays it), default neural codec, ${new Date().toISOString().slice(0, 10)}. Seam step: the largest
sample step within ±60 ms of a loop point; music step: the largest elsewhere; silence: the longest
run of |x| < 1e-4 after the first 100 ms. Before this, each loop point stopped, reloaded and
restarted the patch: ≈ 0.45–0.5 s of digital silence every ≈ 4.45 s (issue 16 §1, measured in
Chromium).

| loop | loop points | seam step | music step | seam / music | longest silence (ms) |
| ---- | ----------- | --------- | ---------- | ------------ | -------------------- |
${rows.join("\n")}
`;
await mkdir(`${ROOT}bench/results`, { recursive: true });
await writeFile(`${ROOT}bench/results/loop.json`, JSON.stringify(results, null, 2) + "\n");
await writeFile(`${ROOT}bench/results/loop.md`, md);
console.log(md);
