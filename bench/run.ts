/**
 * `npm run bench`: writes bench/results/engine.{json,md}.
 * - encode/decode real-time factor of each model pack (onnxruntime-web WASM, Node, one thread);
 * - latent-graph overhead per second of audio for each example (render time outside Encode/Decode);
 * - round-trip reconstruction on held-out recordings (assets/audio, not in any training set, and
 *   bench/heldout: drum recordings from files that no pack's training data uses):
 *   multi-resolution STFT distance and log-spectral distance, with the phase-reconstruction bound.
 * Medians of repeated runs, measured side by side in one process.
 *
 * `npm run bench -- --packs a,b` measures only those packs; `--quality-only` only the
 * reconstruction (no speed, no graph overhead). Either writes bench/results/engine-subset.{json,md}
 * instead, so that the full report stays whole.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { availableModelIds, APP_ROOT } from "../src/cli/app";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import {
  graphOverhead,
  HELD_OUT_DIRS,
  median,
  modelSpeeds,
  reconstruction,
  REPEATS,
  SPEED_REPEATS,
} from "./engineMeasures";

const fmt = (x: number | string | undefined, d = 3) =>
  typeof x === "number" ? x.toFixed(d) : (x ?? "–");

type ReconRow = Record<string, number | string>;
const inSet = (rows: ReconRow[], set?: string) =>
  set === undefined ? rows : rows.filter((x) => x.set === set);

/** Issue 3's targets for the default pack against the linear one, as report lines: on the
 * builtin recordings (the set of the earlier reports) and on all held-out recordings. */
function targets(recon: Awaited<ReturnType<typeof reconstruction>>[]): string[] {
  const lines: string[] = [];
  for (const [set, label] of [
    [HELD_OUT_DIRS[0], "the builtin recordings (assets/audio)"],
    [undefined, "all held-out recordings (with bench/heldout's drums)"],
  ] as const) {
    const med = (id: string, k: string) => {
      const r = recon.find((x) => x.model === id);
      return r ? median(inSet(r.rows, set).map((x) => Number(x[k]))) : NaN;
    };
    const lin = med("pca-spectral", "mrstft");
    if (!Number.isFinite(lin)) continue;
    const def = med(DEFAULT_MODEL_ID, "mrstft");
    if (!Number.isFinite(def)) continue;
    const bound = med(DEFAULT_MODEL_ID, "boundRtpghi");
    lines.push(
      `**Default pack (${DEFAULT_MODEL_ID}) against the targets, ${label}:** median ${fmt(def)} = ` +
        `${fmt(def / lin, 2)} × the linear pack's ${fmt(lin)} (target ≤ 0.75 ×), and ` +
        `${fmt(def / bound, 2)} × the RTPGHI bound ${fmt(bound)} (target ≤ 2 ×).`,
      "",
    );
  }
  return lines;
}

/** Median row of a reconstruction table over one held-out set (all sets: undefined). */
function medianRow(rows: ReconRow[], label: string, set?: string): string {
  const r = inSet(rows, set);
  const m = (k: string) => median(r.map((x) => Number(x[k] ?? NaN)));
  return `| ${label} | ${fmt(m("mrstft"))} | ${fmt(m("lsdDb"), 2)} | ${fmt(m("boundRtpghi"))} | ${fmt(m("boundGriffinLim100"))} |`;
}

/** The command line's choices (see the module comment). */
async function options(): Promise<{ ids: string[]; qualityOnly: boolean; subset: boolean }> {
  const all = await availableModelIds();
  const qualityOnly = process.argv.includes("--quality-only");
  const i = process.argv.indexOf("--packs");
  if (i < 0) return { ids: all, qualityOnly, subset: qualityOnly };
  const ids = (process.argv[i + 1] ?? "").split(",").filter(Boolean);
  const unknown = ids.filter((id) => !all.includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    console.error(
      `--packs: expected a comma-separated list of ${all.join(", ")}; got "${process.argv[i + 1] ?? ""}"`,
    );
    process.exit(1);
  }
  return { ids, qualityOnly, subset: true };
}

async function main(): Promise<void> {
  const { ids, qualityOnly, subset } = await options();
  const speed = qualityOnly ? [] : await modelSpeeds(ids);
  const recon = [];
  for (const id of ids) recon.push(await reconstruction(id));
  const overhead = qualityOnly ? [] : await graphOverhead();
  const machine = {
    cpu: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  };
  const report = { machine, speed, reconstruction: recon, overhead };
  await mkdir(`${APP_ROOT}/bench/results`, { recursive: true });
  const base = `${APP_ROOT}/bench/results/${subset ? "engine-subset" : "engine"}`;
  await writeFile(`${base}.json`, JSON.stringify(report, null, 2) + "\n");
  const md = [
    "# Engine benchmark",
    "",
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}. onnxruntime-web WASM, one thread. Medians of ${REPEATS} runs (the model speed: ${SPEED_REPEATS}).`,
    "",
    ...(subset
      ? [
          `A subset (\`${process.argv.slice(2).join(" ")}\`): the packs ${ids.join(", ")}${qualityOnly ? ", reconstruction only" : ""}.`,
          "",
        ]
      : []),
    ...(qualityOnly
      ? []
      : [
          "## Model speed (10 s of audio, whole clip)",
          "",
          `Medians of ${SPEED_REPEATS} runs per pack, the packs taking turns (round-robin) so that load from other processes hits them alike.`,
          "",
          "| model | encode ms | decode ms | encode × real time | decode × real time |",
          "|---|---|---|---|---|",
          ...speed.map(
            (s) =>
              `| ${s.model} | ${fmt(s.encodeMs, 1)} | ${fmt(s.decodeMs, 1)} | ${fmt(s.encodeRtf, 0)} | ${fmt(s.decodeRtf, 0)} |`,
          ),
          "",
        ]),
    "## The packs side by side",
    "",
    "Medians of the tables below (MR-STFT: lower is better), and the speed above. A latent frame of fewer samples takes that much off the live path's latency (bench/results/latency.md).",
    "",
    "| model | latent frame (samples) | dims | latent floats/s | MR-STFT, assets/audio | MR-STFT, all | LSD dB, all | encode × real time | decode × real time |",
    "|---|---|---|---|---|---|---|---|---|",
    ...recon.map((r) => {
      const s = speed.find((x) => x.model === r.model);
      const m = (k: string, set?: string) => median(inSet(r.rows, set).map((x) => Number(x[k])));
      return `| ${r.model}${r.model === DEFAULT_MODEL_ID ? " (default)" : ""} | ${r.hopSamples} | ${r.latentDims} | ${fmt(r.latentFloatsPerSecond, 0)} | ${fmt(m("mrstft", HELD_OUT_DIRS[0]))} | ${fmt(m("mrstft"))} | ${fmt(m("lsdDb"), 2)} | ${fmt(s?.encodeRtf, 0)} | ${fmt(s?.decodeRtf, 0)} |`;
    }),
    "",
    "## Round-trip reconstruction on held-out recordings (assets/audio, bench/heldout)",
    "",
    "Multi-resolution STFT distance (spectral convergence + log-magnitude L1, FFT 512/1024/2048; lower is better) and log-spectral distance in dB. Bounds: the true STFT magnitudes through the same RTPGHI phase reconstruction, and through 100 Griffin-Lim iterations. The builtin recordings (assets/audio) are the set of the earlier reports; bench/heldout adds drum recordings from files no training set uses (bench/heldout/README.md).",
    "",
    ...recon.flatMap((r) => [
      `### ${r.model} (${fmt(r.latentFloatsPerSecond, 0)} latent floats per second)`,
      "",
      "| recording | MR-STFT | LSD dB | bound: true mags + RTPGHI | bound: true mags + GL100 |",
      "|---|---|---|---|---|",
      ...r.rows.map(
        (x) =>
          `| ${x.recording} | ${fmt(x.mrstft)} | ${fmt(x.lsdDb, 2)} | ${fmt(x.boundRtpghi ?? "–")} | ${fmt(x.boundGriffinLim100 ?? "–")} |`,
      ),
      medianRow(r.rows, "**median, assets/audio**", HELD_OUT_DIRS[0]),
      medianRow(r.rows, "**median, all**"),
      "",
    ]),
    "### Where the distance comes from",
    "",
    "Means over all the held-out recordings of the distance's parts (`stftDistanceTerms` in src/dsp/metrics.ts): spectral convergence (SC), and the log-magnitude L1 over bins within 60 dB of the recording's loudest bin (loud) and over the quieter bins (quiet). The parts add up to the MR-STFT distance.",
    "",
    "| decoded by | SC | log L1, loud bins | log L1, quiet bins | MR-STFT |",
    "|---|---|---|---|---|",
    ...recon.flatMap((r) => {
      const mean = (k: string) => r.rows.reduce((a, x) => a + Number(x[k]), 0) / r.rows.length;
      const rows = [
        `| ${r.model} | ${fmt(mean("sc"))} | ${fmt(mean("logLoud"))} | ${fmt(mean("logQuiet"))} | ${fmt(mean("mrstft"))} |`,
      ];
      if (r.rows[0]?.boundSc !== undefined)
        rows.push(
          `| bound (${r.model}'s front end): true mags + RTPGHI | ${fmt(mean("boundSc"))} | ${fmt(mean("boundLogLoud"))} | ${fmt(mean("boundLogQuiet"))} | ${fmt(mean("boundRtpghi"))} |`,
        );
      return rows;
    }),
    "",
    ...targets(recon),
    ...(qualityOnly
      ? []
      : [
          "## Latent-graph overhead per example",
          "",
          "Render time per second of audio: in total, and outside Encode/Decode (the latent graph itself).",
          "",
          "| example | nodes | seconds | render ms per s | graph overhead ms per s |",
          "|---|---|---|---|---|",
          ...overhead.map(
            (o) =>
              `| ${o.example} | ${o.nodes} | ${fmt(o.seconds, 2)} | ${fmt(o.renderMsPerSecond, 1)} | ${fmt(o.graphOverheadMsPerSecond, 2)} |`,
          ),
          "",
        ]),
  ].join("\n");
  await writeFile(`${base}.md`, md);
  console.log(md);
}

await main();
