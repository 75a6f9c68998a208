/**
 * `npm run bench:transients [-- --packs a,b]`: does a codec keep drum attacks? (issue 19:
 * "onset-aligned error on the drum set"). Writes bench/results/transients.{json,md}.
 *
 * The held-out drum recordings of bench/heldout (drums.wav, loops.wav: files no pack trained on)
 * go through each pack (encode → decode, as `npm run bench` does) and through Opus at 12 and 24
 * kbps. Onsets are detected once, in the originals (bench/transients/onsets.ts), and every system
 * is scored around the same onsets; the report gives the medians over all of them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { APP_ROOT, availableModelIds, loadModel } from "../src/cli/app";
import { decodeClip, encodeClip } from "../src/engine/codec";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { resample } from "../src/dsp/resample";
import { decodeWav } from "../src/dsp/wav";
import { hasOpus, opusRoundTrip, truePhaseless } from "./references";
import {
  ATTACK,
  detectOnsets,
  median,
  onsetShift,
  pairedDifference,
  PRE_ECHO,
  transientErrors,
  WINDOW_AFTER,
  WINDOW_BEFORE,
  type TransientError,
} from "./transients/onsets";

const SR = 44100;
const DIR = `${APP_ROOT}/bench/heldout`;
const OUT = `${APP_ROOT}/bench/results`;
/** Issue 19's systems: the default before it, today's default, the linear pack (Opus is added after). */
const PACKS = ["neural-spectral", "neural-spectral-2", "pca-spectral"];

/** The packs of `--packs a,b` (default: {@link PACKS}); an unknown one is refused in one line. */
async function packsOption(): Promise<string[]> {
  const i = process.argv.indexOf("--packs");
  if (i < 0) return PACKS;
  const ids = (process.argv[i + 1] ?? "").split(",").filter(Boolean);
  const all = await availableModelIds();
  if (ids.length === 0 || ids.some((id) => !all.includes(id))) {
    console.error(
      `--packs: expected a comma-separated list of ${all.join(", ")}; got "${process.argv[i + 1] ?? ""}"`,
    );
    process.exit(1);
  }
  return ids;
}

interface System {
  readonly name: string;
  readonly run: (x: Float32Array) => Promise<Float32Array>;
}

async function systems(ids: readonly string[]): Promise<System[]> {
  const out: System[] = [];
  for (const id of ids) {
    const model = await loadModel(id);
    if (model.sampleRate !== SR) throw new Error(`pack "${id}" runs at ${model.sampleRate} Hz`);
    if (id === ids[0] && model.manifest.frontEnd.kind === "spectral") {
      const fe = model.manifest.frontEnd;
      const cfg = { fftSize: fe.fftSize, hop: fe.stftHop };
      out.push({
        name: "true magnitudes, RTPGHI",
        run: (x) => Promise.resolve(truePhaseless(x, cfg)),
      });
    }
    out.push({
      name: id === DEFAULT_MODEL_ID ? `${id} (default)` : id,
      run: async (x) => {
        const { data, frames } = await encodeClip(model, x);
        return (await decodeClip(model, data, frames)).subarray(0, x.length);
      },
    });
  }
  if (hasOpus)
    for (const kbps of [12, 24])
      out.push({
        name: `Opus ${kbps} kbps`,
        run: (x) => Promise.resolve(opusRoundTrip(x, kbps, SR)),
      });
  else console.warn("opusenc not found (apt-get install opus-tools): the Opus rows are left out");
  return out;
}

interface Summary {
  readonly system: string;
  readonly onsets: number;
  /** Onset shift (ms) and share of the original's onsets found again, per recording. */
  readonly shifts: Record<string, { ms: number; matched: number }>;
  readonly envelopeDb: number;
  readonly attackDb: number;
  readonly preEchoDb: number;
  readonly mrstft: number;
  readonly perFile: Record<string, { envelopeDb: number; preEchoDb: number; mrstft: number }>;
}

async function main(): Promise<void> {
  const ids = await packsOption();
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith(".wav"))
    .sort();
  const clips = files.map((f) => {
    const a = decodeWav(new Uint8Array(readFileSync(join(DIR, f))), f);
    const samples = resample(a.channels[0]!, a.sampleRate, SR);
    return { name: f, samples, onsets: detectOnsets(samples, SR) };
  });
  for (const c of clips) console.log(`${c.name}: ${c.onsets.length} onsets`);
  const summary: Summary[] = [];
  const perOnset = new Map<string, TransientError[]>();
  for (const s of await systems(ids)) {
    const all: TransientError[] = [];
    const shifts: Summary["shifts"] = {};
    const perFile: Summary["perFile"] = {};
    for (const c of clips) {
      const y = await s.run(c.samples);
      const shift = onsetShift(c.onsets, detectOnsets(y, SR), Math.round(0.01 * SR));
      shifts[c.name] = { ms: (1000 * shift.median) / SR, matched: shift.matched };
      const errs = transientErrors(c.samples, y, c.onsets, SR);
      all.push(...errs);
      perFile[c.name] = {
        envelopeDb: median(errs.map((e) => e.envelopeDb)),
        preEchoDb: median(errs.map((e) => e.preEchoDb)),
        mrstft: median(errs.map((e) => e.mrstft)),
      };
    }
    const row: Summary = {
      system: s.name,
      onsets: all.length,
      shifts,
      envelopeDb: median(all.map((e) => e.envelopeDb)),
      attackDb: median(all.map((e) => e.attackDb)),
      preEchoDb: median(all.map((e) => e.preEchoDb)),
      mrstft: median(all.map((e) => e.mrstft)),
      perFile,
    };
    summary.push(row);
    perOnset.set(s.name, all);
    console.log(
      `${s.name}: envelope ${row.envelopeDb.toFixed(2)} dB, attack ${row.attackDb.toFixed(2)} dB, pre-echo ${row.preEchoDb.toFixed(2)} dB, MR-STFT ${row.mrstft.toFixed(3)}, onset shift ${JSON.stringify(shifts)}`,
    );
  }
  // Each system against the first pack, onset by onset (the same onsets, in the same order).
  const base = summary.find((s) => s.system.startsWith(`${ids[0]}`))?.system;
  const keys = ["envelopeDb", "attackDb", "preEchoDb", "mrstft"] as const;
  const paired = summary
    .filter((s) => base !== undefined && s.system !== base)
    .map((s) => {
      const a = perOnset.get(base!)!;
      const b = perOnset.get(s.system)!;
      if (a.length !== b.length) throw new Error(`${s.system}: onsets differ from ${base}'s`);
      return {
        system: s.system,
        ...Object.fromEntries(
          keys.map((k) => [
            k,
            pairedDifference(
              a.map((e) => e[k]),
              b.map((e) => e[k]),
            ),
          ]),
        ),
      } as { system: string } & Record<(typeof keys)[number], ReturnType<typeof pairedDifference>>;
    });
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  const onsets = Object.fromEntries(clips.map((c) => [c.name, c.onsets]));
  await mkdir(OUT, { recursive: true });
  await writeFile(
    `${OUT}/transients.json`,
    JSON.stringify({ date, machine, onsets, summary, against: base, paired }, null, 2) + "\n",
  );
  const ms = (s: number) => Math.round(s * 1000);
  const f = (v: number, d: number) => (Number.isNaN(v) ? "—" : v.toFixed(d));
  const md = [
    "# Transients: drum attacks through each codec",
    "",
    `\`npm run bench:transients\` (bench/transients.ts), ${date}, ${machine}.`,
    "",
    `The held-out drum recordings of bench/heldout (${clips.map((c) => `${c.name}: ${c.onsets.length} onsets`).join(", ")}),`,
    "files no pack trained on. Onsets are spectral-flux peaks of the **original**, refined to",
    "where a 0.5 ms energy envelope first climbs a tenth of the way to the hit's peak",
    "(bench/transients/onsets.ts); every system is scored around the same onsets. Per onset:",
    `- **envelope**: mean |dB difference| of the energy envelopes from −${ms(WINDOW_BEFORE)} to +${ms(WINDOW_AFTER)} ms`,
    "  (5.8 ms Hann frames every 1.45 ms, floored 50 dB under the original's loudest);",
    `- **attack**: the energy of the first ${ms(ATTACK)} ms against the original's (negative: a softened attack);`,
    `- **pre-echo**: the energy in the ${ms(PRE_ECHO)} ms before the onset against the original's (positive:`,
    "  sound smeared ahead of the hit; both floored 60 dB under the hit's energy);",
    `- **MR-STFT**: the multi-resolution STFT distance over −${ms(WINDOW_BEFORE)} … +${ms(WINDOW_AFTER)} ms alone, with FFT`,
    "  sizes 128/256/512 (the window is too short for `npm run bench`'s 512/1024/2048).",
    "",
    "Medians over all onsets; lower is better for envelope, MR-STFT and pre-echo, closer to 0",
    "for attack. **shift** is where the onsets detected in the output sit against the original's",
    "(the median over those found again within ±10 ms, per recording; near 0: aligned, so the",
    "windows compare the same instants), **found** the share of the original's onsets found again. The first row is a bound: the",
    "spectral packs' front end (1024-point STFT, hop 256) with the true magnitudes, phase",
    "rebuilt by the engine's RTPGHI: what phase reconstruction alone costs.",
    "",
    "| system | onsets | envelope (dB) | attack (dB) | pre-echo (dB) | MR-STFT | shift (ms) | found |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...summary.map(
      (s) =>
        `| ${s.system} | ${s.onsets} | ${f(s.envelopeDb, 2)} | ${f(s.attackDb, 2)} | ${f(s.preEchoDb, 2)} | ${f(s.mrstft, 3)} | ${Object.values(
          s.shifts,
        )
          .map((v) => f(v.ms, 1))
          .join(", ")} | ${Object.values(s.shifts)
          .map((v) => `${f(v.matched * 100, 0)} %`)
          .join(", ")} |`,
    ),
    "",
    `## Against ${base ?? ids[0]}, onset by onset`,
    "",
    `Each system's value minus ${base ?? ids[0]}'s at the same onset: the median of those differences,`,
    "its 95 % bootstrap interval (2000 resamples of the onsets), and the share of onsets where the",
    "difference is positive (for envelope, pre-echo and MR-STFT: worse; for attack: louder).",
    "",
    "| system | envelope Δ (dB) | attack Δ (dB) | pre-echo Δ (dB) | MR-STFT Δ |",
    "| --- | --- | --- | --- | --- |",
    ...paired.map((p) => {
      const c = (k: (typeof keys)[number], d: number) =>
        `${f(p[k].median, d)} [${f(p[k].low, d)}, ${f(p[k].high, d)}], ${f(p[k].aboveShare * 100, 0)} %`;
      return `| ${p.system} | ${c("envelopeDb", 2)} | ${c("attackDb", 2)} | ${c("preEchoDb", 2)} | ${c("mrstft", 3)} |`;
    }),
    "",
    "## Per recording",
    "",
    "| recording | system | envelope (dB) | pre-echo (dB) | MR-STFT |",
    "| --- | --- | ---: | ---: | ---: |",
    ...clips.flatMap((c) =>
      summary.map((s) => {
        const p = s.perFile[c.name]!;
        return `| ${c.name} | ${s.system} | ${f(p.envelopeDb, 2)} | ${f(p.preEchoDb, 2)} | ${f(p.mrstft, 3)} |`;
      }),
    ),
    "",
  ];
  await writeFile(`${OUT}/transients.md`, md.join("\n"));
  console.log(`wrote ${OUT}/transients.{json,md}`);
}

await main();
