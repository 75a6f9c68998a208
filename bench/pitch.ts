/**
 * `npm run bench:pitch`: does a codec keep pitch movement? (issue 19). Writes
 * bench/results/pitch.{json,md} and spectrogram images under bench/results/pitch/.
 *
 * The held-out phrases of bench/heldout/pitch (violin, cello, flute and trumpet with vibrato and
 * glides; bench/heldout/pitch.py) go through each model pack (encode → decode) and through Opus
 * at 12 and 24 kbps (opusenc/opusdec from Debian's opus-tools, when installed). Each is scored by
 * bench/pitch/f0.ts (detrended-f0 correlation, median f0 error) and by the multi-resolution STFT
 * distance `npm run bench` uses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { availableModelIds, APP_ROOT, loadModel } from "../src/cli/app";
import { decodeClip, encodeClip } from "../src/engine/codec";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { multiResolutionStftDistance } from "../src/dsp/metrics";
import { resample } from "../src/dsp/resample";
import { decodeWav } from "../src/dsp/wav";
import { comparePitch, f0Track, type PitchScore } from "./pitch/f0";
import { spectrogramPng } from "./pitch/png";
import { hasOpus, opusRoundTrip, truePhaseless } from "./references";

const SR = 44100;
const DIR = `${APP_ROOT}/bench/heldout/pitch`;
const OUT = `${APP_ROOT}/bench/results`;
/** The clips whose spectrograms are drawn (one per instrument family, issue 19's listening page). */
const DRAWN = ["violin-1", "cello-1", "flute-1", "trumpet-1"];
/** Packs drawn beside the default: the default before it (issue 19's comparison). */
const DRAWN_PACKS = ["neural-spectral"];

interface Clip {
  readonly name: string;
  readonly samples: Float32Array;
}

function clips(): Clip[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".wav"))
    .sort()
    .map((f) => {
      const a = decodeWav(new Uint8Array(readFileSync(join(DIR, f))), f);
      return { name: f.replace(/\.wav$/, ""), samples: resample(a.channels[0]!, a.sampleRate, SR) };
    });
}

interface Row extends PitchScore {
  readonly system: string;
  readonly clip: string;
  readonly mrstft: number;
}

function median(xs: number[]): number {
  const s = xs.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const set = clips();
  const systems: { name: string; run: (x: Float32Array) => Promise<Float32Array> }[] = [];
  let bounded = false;
  for (const id of await availableModelIds()) {
    const model = await loadModel(id);
    if (model.sampleRate !== SR) continue;
    const fe = model.manifest.frontEnd;
    if (id === DEFAULT_MODEL_ID && fe.kind === "spectral" && !bounded) {
      bounded = true;
      const cfg = { fftSize: fe.fftSize, hop: fe.stftHop };
      systems.push(
        { name: "true magnitudes, RTPGHI", run: (x) => Promise.resolve(truePhaseless(x, cfg)) },
        {
          name: "true magnitudes, Griffin-Lim 100",
          run: (x) => Promise.resolve(truePhaseless(x, cfg, 100)),
        },
      );
    }
    systems.push({
      name: id === DEFAULT_MODEL_ID ? `${id} (default)` : id,
      run: async (x) => {
        const { data, frames } = await encodeClip(model, x);
        const y = await decodeClip(model, data, frames);
        return y.subarray(0, x.length);
      },
    });
  }
  if (hasOpus)
    for (const kbps of [12, 24])
      systems.push({
        name: `Opus ${kbps} kbps`,
        run: (x) => Promise.resolve(opusRoundTrip(x, kbps, SR)),
      });
  else console.warn("opusenc not found (apt-get install opus-tools): the Opus rows are left out");

  await mkdir(`${OUT}/pitch`, { recursive: true });
  const rows: Row[] = [];
  for (const clip of set) {
    const original = f0Track(clip.samples, SR);
    if (DRAWN.includes(clip.name))
      await writeFile(`${OUT}/pitch/${clip.name}-original.png`, spectrogramPng(clip.samples, SR));
    for (const s of systems) {
      const y = await s.run(clip.samples);
      const score = comparePitch(original, f0Track(y, SR));
      rows.push({
        system: s.name,
        clip: clip.name,
        ...score,
        mrstft: multiResolutionStftDistance(clip.samples, y),
      });
      const slug = s.name
        .replace(/ \(default\)$/, "")
        .replace(/[^a-z0-9]+/gi, "-")
        .toLowerCase();
      const drawn =
        s.name.includes("default") || DRAWN_PACKS.includes(s.name) || s.name === "Opus 12 kbps";
      if (DRAWN.includes(clip.name) && drawn)
        await writeFile(`${OUT}/pitch/${clip.name}-${slug}.png`, spectrogramPng(y, SR));
      console.log(
        `${clip.name} ${s.name}: r ${score.detrendedCorrelation.toFixed(2)}, error ${score.medianErrorCents.toFixed(1)} cents, MR-STFT ${rows.at(-1)!.mrstft.toFixed(3)}`,
      );
    }
  }
  const summary = systems.map((s) => {
    const mine = rows.filter((r) => r.system === s.name);
    return {
      system: s.name,
      detrendedCorrelation: median(mine.map((r) => r.detrendedCorrelation)),
      medianErrorCents: median(mine.map((r) => r.medianErrorCents)),
      voicedKept: median(mine.map((r) => r.voicedKept)),
      mrstft: median(mine.map((r) => r.mrstft)),
    };
  });
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  await writeFile(
    `${OUT}/pitch.json`,
    JSON.stringify({ date, machine, summary, rows }, null, 2) + "\n",
  );
  const f = (v: number, d: number) => (Number.isNaN(v) ? "—" : v.toFixed(d));
  const pca = summary.find((s) => s.system === "pca-spectral");
  const candidates = DRAWN_PACKS.filter((id) => systems.some((s) => s.name === id));
  const md = [
    "# Pitch movement: vibrato and glides through each codec",
    "",
    `\`npm run bench:pitch\` (bench/pitch.ts), ${date}, ${machine}.`,
    "",
    `${set.length} held-out monophonic phrases (bench/heldout/pitch: violin, cello, flute, trumpet,`,
    "two each, 8 s, FluidR3 renders of generated MIDI with pitch-bend vibrato at 5–6.5 Hz,",
    "±20–60 cents, and glides of 100–200 cents). f0 by the McLeod Pitch Method (pitchy), 46 ms",
    "windows every 5.8 ms; frames voiced in both the original and the result are compared.",
    "**Correlation** is that of the detrended f0 tracks (cents minus a 0.4 s moving median: the",
    "vibrato and glides without the notes); **error** the median |f0 difference| in cents;",
    "**voiced kept** the share of the original's voiced frames still voiced; MR-STFT as in",
    '`npm run bench`. Medians over the phrases. The two "true magnitudes" rows are bounds: the',
    "default pack's front end (1024-point STFT, hop 256) with its exact magnitudes, phase rebuilt",
    "by the engine's RTPGHI or by 100 Griffin-Lim iterations: what phase reconstruction alone costs.",
    "",
    "Issue 19's goal for a new default: correlation ≥ 0.85, error ≤ 2 cents and MR-STFT ≤ 0.6 ×",
    `pca-spectral's${pca ? ` (${f(0.6 * pca.mrstft, 3)} here)` : ""}.`,
    "",
    "| system | correlation | error (cents) | voiced kept | MR-STFT |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...summary.map(
      (s) =>
        `| ${s.system} | ${f(s.detrendedCorrelation, 2)} | ${f(s.medianErrorCents, 1)} | ${f(s.voicedKept * 100, 0)} % | ${f(s.mrstft, 3)} |`,
    ),
    "",
    "## Per phrase",
    "",
    "| phrase | system | correlation | error (cents) | MR-STFT |",
    "| --- | --- | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.clip} | ${r.system} | ${f(r.detrendedCorrelation, 2)} | ${f(r.medianErrorCents, 1)} | ${f(r.mrstft, 3)} |`,
    ),
    "",
    "## Spectrograms",
    "",
    "50 Hz – 8 kHz on a log axis, 80 dB range, 11.6 ms columns: the original, the default pack,",
    `${candidates.map((c) => `${c} (the previous default), `).join("")}and Opus at 12 kbps.`,
    "",
    ...DRAWN.flatMap((c) => [
      `### ${c}`,
      "",
      `![original](pitch/${c}-original.png)`,
      "",
      `![default pack](pitch/${c}-${DEFAULT_MODEL_ID}.png)`,
      "",
      ...candidates.flatMap((id) => [`![${id}](pitch/${c}-${id}.png)`, ""]),
      ...(hasOpus ? [`![Opus 12 kbps](pitch/${c}-opus-12-kbps.png)`, ""] : []),
    ]),
  ];
  await writeFile(`${OUT}/pitch.md`, md.join("\n"));
  console.log(`wrote ${OUT}/pitch.{json,md}`);
}

await main();
