/**
 * `npm run bench:live`: the live input path's latency and underruns in headless Chromium, written
 * to bench/results/latency.{json,md}. A fake microphone (Chromium's fake capture device playing a
 * WAV) feeds AudioIn live → Encode → Decode → AudioOut with the default model, and with each model
 * of `--model a,b` too (`npm run bench:live -- --model neural-spectral-live`: the default, then
 * that pack, side by side in one run). For each model, each setting of the
 * live queue — the adaptive default, then each pinned figure of `LIVE_BENCH_PINNED_MS` (default
 * "10,50": near the floor, and the old fixed queue; comma-separated) — plays in a fresh page for `LIVE_BENCH_SECONDS`
 * (default 30) while underruns are counted, then the latency probe replaces the input by clicks
 * and times their echoes at the output node (the audio thread counts the samples, so the figure
 * does not depend on the machine's timers). `bench/results/latency-before.json`, when present,
 * is the same report measured before the wake-up and the adaptive queue, shown side by side.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { startApp, ready, RESULTS, type App } from "../tests/e2e/harness";
import { fakeMicrophoneArgs, LIVE_PATCH, openLivePatch } from "../tests/e2e/liveInputFixture";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { browserMachine } from "./realtime/stats";
import type { CalibrationStatus, LiveTimingStatus } from "../src/engine/worker/hostTypes";

const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 30);
const PINNED_MS = (process.env.LIVE_BENCH_PINNED_MS ?? "10,50")
  .split(",")
  .filter((s) => s.trim() !== "")
  .map(Number);
/** Underruns after this much play count as the settled path's (the first ones size the queue). */
const SETTLE_SECONDS = 5;
const TARGET_MS = 50;
const BEFORE = "bench/results/latency-before.json";

/** The models to measure: the default first, then those of `--model a,b` (or `--model=a,b`). */
function modelsFromArgs(argv: readonly string[]): string[] {
  const ids: string[] = [DEFAULT_MODEL_ID];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === "--model" ? argv[++i] : a.startsWith("--model=") ? a.slice(8) : undefined;
    if (a !== "--model" && value === undefined) throw new Error(`unknown option ${a}`);
    if (!value) throw new Error("--model needs model ids, e.g. --model neural-spectral-live");
    for (const id of value.split(",").map((x) => x.trim()))
      if (id !== "" && !ids.includes(id)) ids.push(id);
  }
  for (const id of ids)
    if (!existsSync(`models/${id}/model.json`)) throw new Error(`no model pack models/${id}`);
  return ids;
}

/** Samples per latent frame of pack `id` (its manifest). */
function latentFrameSamples(id: string): number {
  const m = JSON.parse(readFileSync(`models/${id}/model.json`, "utf8")) as {
    frontEnd: { kind: string; stftHop?: number; framesPerLatent?: number; hopSamples?: number };
  };
  const fe = m.frontEnd;
  return fe.kind === "spectral" ? fe.stftHop! * fe.framesPerLatent! : fe.hopSamples!;
}

/** Opens the live patch on `model` (the default: the shared fixture's patch, which names none). */
async function openLivePatchOn(page: Page, model: string): Promise<void> {
  if (model === DEFAULT_MODEL_ID) return openLivePatch(page);
  const path = `${RESULTS}/live-input-${model}.patch.json`;
  writeFileSync(path, JSON.stringify({ ...LIVE_PATCH, name: `live input (${model})`, model }));
  await page.locator('input[type="file"]').setInputFiles(path);
  await page.waitForFunction(
    (id) => {
      const text = window.__latentPatcher?.patchText() ?? "";
      return text.includes('"source": "live"') && text.includes(`"model": "${id}"`);
    },
    model,
    { timeout: 10_000 },
  );
}

interface Run {
  readonly model: string;
  /** Samples per latent frame of the model. */
  readonly latentFrameSamples: number;
  readonly setting: string;
  readonly query: string;
  readonly latency: {
    readonly measuredMedianMs: number;
    readonly measuredClicksMs: number[];
    readonly expectedMs: number;
    readonly algorithmicMs: number;
    readonly liveQueueMs: number;
    /** The queue beyond the block, where it settled (adaptive) or was pinned. */
    readonly queueMs: number;
    readonly queueGrowths: number;
    /** What the adaptive buffer was calibrated from when the start-up cushion went. */
    readonly calibration?: CalibrationStatus;
    readonly deviceOutputMs: number;
    /** The context's base latency alone: its render buffering (the audio thread's bursts). */
    readonly baseLatencyMs: number;
    readonly totalWithDeviceMs: number;
    readonly readout: string;
  };
  readonly run: {
    readonly seconds: number;
    readonly underruns: number;
    readonly underrunsAfterSettling: number;
    readonly missingFrames: number;
    readonly underrunsDuringProbe: number;
    readonly inputDroppedFrames: number;
    readonly skippedSamples: number;
    readonly liveResyncs: number;
  };
  readonly timing: LiveTimingStatus | undefined;
}

async function measure(app: App, model: string, setting: string, query: string): Promise<Run> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 850 } });
  page.on("pageerror", (e) => console.error("page error:", e.message));
  try {
    await page.goto(`${app.url}${query}`);
    await ready(page);
    await openLivePatchOn(page, model);
    await page.getByRole("button", { name: "▶ Play" }).click();
    await page.waitForFunction(
      () => window.__latentPatcher?.liveOutput() !== undefined,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const stats = () => page.evaluate(() => window.__latentPatcher!.liveStats());
    const started = await stats();
    console.log(`${model}, ${setting}: playing the live patch for ${SECONDS} s…`);
    await page.waitForTimeout(Math.min(SETTLE_SECONDS, SECONDS) * 1000);
    const settled = await stats();
    await page.waitForTimeout(Math.max(0, SECONDS - SETTLE_SECONDS) * 1000);
    const played = await stats();
    const timing = played?.worker?.input?.timing;

    await page.getByRole("button", { name: "◷ Latency" }).click();
    const measured = page.locator('[aria-label="measured latency"]');
    await measured.waitFor({ timeout: 30_000 });
    const clicksTitle = (await measured.getAttribute("title")) ?? "";
    const readout = await readoutWithMeasurement(page);
    const device = await page.evaluate(() => {
      const out = window.__latentPatcher!.liveOutput()!;
      return {
        sampleRate: out.context.sampleRate,
        baseLatencyMs: 1000 * out.context.baseLatency,
        outputLatencyMs: 1000 * (out.context.outputLatency || 0),
      };
    });
    const after = await stats();
    await page.getByRole("button", { name: "■ Stop" }).click();

    const input = after?.worker?.input;
    if (!input || !played?.output || !after?.output || !settled?.output)
      throw new Error("no live input status");
    const rate = device.sampleRate;
    const clicks = /\(([^)]*) ms\)/.exec(clicksTitle)?.[1]?.split(", ").map(Number) ?? [];
    const algorithmicMs = Number(/([\d.]+) algorithmic/.exec(readout)?.[1]);
    const expectedMs = (1000 * input.delaySamples) / rate;
    const deviceOutputMs = device.baseLatencyMs + device.outputLatencyMs;
    const median = medianOf(clicks.filter((c) => Number.isFinite(c)));
    return {
      model,
      latentFrameSamples: latentFrameSamples(model),
      setting,
      query,
      latency: {
        measuredMedianMs: median,
        measuredClicksMs: clicks,
        expectedMs,
        algorithmicMs,
        liveQueueMs: expectedMs - algorithmicMs,
        queueMs: (1000 * input.queueSamples) / rate,
        queueGrowths: input.queueGrowths,
        ...(input.calibration ? { calibration: input.calibration } : {}),
        deviceOutputMs,
        baseLatencyMs: device.baseLatencyMs,
        totalWithDeviceMs: median + deviceOutputMs,
        readout,
      },
      run: {
        seconds: SECONDS,
        underruns: played.output.underruns - (started?.output?.underruns ?? 0),
        underrunsAfterSettling: played.output.underruns - settled.output.underruns,
        missingFrames: played.output.missingFrames - (started?.output?.missingFrames ?? 0),
        underrunsDuringProbe: after.output.underruns - played.output.underruns,
        inputDroppedFrames: input.droppedFrames,
        skippedSamples: input.skippedSamples,
        liveResyncs: input.resyncs,
      },
      timing,
    };
  } finally {
    await page.close();
  }
}

/** The transport's latency title once it carries the probe's measurement. */
async function readoutWithMeasurement(page: Page): Promise<string> {
  const readout = page.locator(".lp-live-latency");
  const deadline = Date.now() + 5_000;
  let title = "";
  while (Date.now() < deadline) {
    title = (await readout.getAttribute("title")) ?? "";
    if (title.includes("measured")) break;
    await page.waitForTimeout(100);
  }
  return title;
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  if (!(SECONDS > 0))
    throw new Error(`LIVE_BENCH_SECONDS must be a positive number, got ${SECONDS}`);
  if (PINNED_MS.some((ms) => !(ms >= 0 && ms <= 1000)))
    throw new Error(
      `LIVE_BENCH_PINNED_MS must be figures in 0–1000 ms, got ${process.env.LIVE_BENCH_PINNED_MS}`,
    );
  const models = modelsFromArgs(process.argv.slice(2));
  const app = await startApp({ args: fakeMicrophoneArgs() });
  const runs: Run[] = [];
  let chromium = "";
  try {
    chromium = app.browser.version();
    for (const model of models) {
      runs.push(await measure(app, model, "adaptive (default)", ""));
      for (const ms of PINNED_MS)
        runs.push(await measure(app, model, `pinned ${ms} ms`, `?buffer=${ms}`));
    }
  } finally {
    await app.close();
  }
  const before = existsSync(BEFORE)
    ? (JSON.parse(await readFile(BEFORE, "utf8")) as LegacyReport)
    : undefined;
  const result = {
    date: new Date().toISOString(),
    machine: browserMachine(chromium),
    model: DEFAULT_MODEL_ID,
    models,
    sampleRate: 44100,
    patch: "AudioIn (live) → Encode → Decode → AudioOut",
    targetMs: TARGET_MS,
    runs,
  };
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/latency.json", `${JSON.stringify(result, null, 2)}\n`);
  await writeFile("bench/results/latency.md", markdown(result, before));
  console.log(JSON.stringify(result, null, 2));
}

/** The report's shape before the adaptive queue (one run at the fixed 50 ms queue). */
interface LegacyReport {
  readonly date: string;
  readonly machine: { readonly loadAverage?: number };
  readonly latency: {
    readonly measuredMedianMs: number;
    readonly measuredClicksMs: number[];
    readonly expectedMs: number;
    readonly liveQueueMs: number;
  };
  readonly run: {
    readonly seconds: number;
    readonly underruns: number;
    readonly liveResyncs: number;
  };
}

const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(1));

function markdown(
  r: {
    date: string;
    machine: { cpus: number; cpu: string; chromium: string; loadAverage: number };
    model: string;
    models: string[];
    sampleRate: number;
    patch: string;
    runs: Run[];
  },
  before: LegacyReport | undefined,
): string {
  const several = r.models.length > 1;
  const defaultRuns = r.runs.filter((x) => x.model === r.model);
  const cols = r.runs.map((x) => (several ? `${x.model}: ${x.setting}` : x.setting));
  const beforeCols = defaultRuns.map((x) => x.setting);
  const row = (label: string, cell: (x: Run) => string) =>
    `| ${label} | ${r.runs.map(cell).join(" | ")} |`;
  const head = `| | ${cols.join(" | ")} |\n|---|${cols.map(() => "---").join("|")}|`;
  const first = defaultRuns[0];
  const beforeRows = before
    ? `
## Before and after (${r.model})

| | before: fixed 50 ms queue, polled every 5.8 ms | after: ${beforeCols.join(" | after: ")} |
|---|---|${beforeCols.map(() => "---").join("|")}|
| measured input → output, median of the clicks (ms) | **${f(before.latency.measuredMedianMs)}** | ${defaultRuns.map((x) => `**${f(x.latency.measuredMedianMs)}**`).join(" | ")} |
| live queue: block + buffer (ms) | ${f(before.latency.liveQueueMs)} | ${defaultRuns.map((x) => f(x.latency.liveQueueMs)).join(" | ")} |
| underruns in ${before.run.seconds} s of play | ${before.run.underruns} | ${defaultRuns.map((x) => x.run.underruns).join(" | ")} |

"Before" is \`${BEFORE}\`: this bench's report from before the wake-up and the adaptive buffer, measured on ${before.date}${before.machine.loadAverage !== undefined ? ` (load average ${before.machine.loadAverage})` : ""}.
`
    : "";
  const byModel = several
    ? `
## The models side by side (adaptive buffer, the app's default)

| model | latent frame | measured, median of the clicks (ms) | expected from the design (ms) | live queue (ms) | underruns in ${SECONDS} s (after the first ${SETTLE_SECONDS} s) |
|---|---|---|---|---|---|
${r.runs
  .filter((x) => x.setting === "adaptive (default)")
  .map(
    (x) =>
      `| ${x.model} | ${x.latentFrameSamples} samples (${f((1000 * x.latentFrameSamples) / r.sampleRate)} ms) | **${f(x.latency.measuredMedianMs)}** | ${f(x.latency.expectedMs)} | ${f(x.latency.liveQueueMs)} | ${x.run.underruns} (${x.run.underrunsAfterSettling}) |`,
  )
  .join("\n")}
`
    : "";
  return `# Live input latency and underruns

Measured by \`npm run bench:live${several ? ` -- --model ${r.models.slice(1).join(",")}` : ""}\` on ${r.date} — headless Chromium ${r.machine.chromium}, ${r.machine.cpus} × ${r.machine.cpu}, load average ${r.machine.loadAverage} at the end; ${several ? `models ${r.models.map((m) => `\`${m}\``).join(", ")} (the default first)` : `model \`${r.model}\``} at ${r.sampleRate} Hz; patch ${r.patch}; a fake microphone (Chromium's fake capture device looping a WAV). Each setting plays in a fresh page.
${byModel}${beforeRows}
## Latency (target ≤ ${TARGET_MS} ms)

${head}
${row("**measured**, input → output node (median of the clicks)", (x) => `**${f(x.latency.measuredMedianMs)}**`)}
${row("the clicks", (x) => x.latency.measuredClicksMs.map(f).join(", "))}
${row("expected from the design", (x) => f(x.latency.expectedMs))}
${row("— algorithmic (the codec's windows)", (x) => f(x.latency.algorithmicMs))}
${row("— live queue: one latent block waiting for its input + buffer", (x) => f(x.latency.liveQueueMs))}
${row("— of which the buffer, where it settled / was pinned", (x) => f(x.latency.queueMs))}
${row("times the adaptive buffer grew", (x) => String(x.latency.queueGrowths))}
${row("— calibrated at start-up: worst / second-worst dip → buffer (ms)", (x) => (x.latency.calibration ? `${f(x.latency.calibration.worstDipMs)} / ${f(x.latency.calibration.secondDipMs)} → ${f(x.latency.calibration.depthMs)}` : "—"))}
${row("output device, as the AudioContext reports it (base + output latency)", (x) => f(x.latency.deviceOutputMs))}
${row("— of which the context's base latency (its render buffering)", (x) => f(x.latency.baseLatencyMs))}
${row("total with the output device (the input device's own latency is not known to the page)", (x) => f(x.latency.totalWithDeviceMs))}

How it is measured: the capture worklet replaces the input by a 2 ms click every 0.5 s and, in the
same render quantum, listens to the output node for the loudest sample after each click; the delay
is counted in samples by the audio thread, so it does not depend on timers.

${r.models
  .map((m) =>
    floor(
      r.sampleRate,
      r.runs.find((x) => x.model === m),
      several,
    ),
  )
  .join("\n\n")}

## Underruns

${head}
${row("seconds played", (x) => String(x.run.seconds))}
${row("output underruns (render quanta not filled)", (x) => String(x.run.underruns))}
${row(`— after the first ${SETTLE_SECONDS} s`, (x) => String(x.run.underrunsAfterSettling))}
${row("frames of silence they left", (x) => String(x.run.missingFrames))}
${row("underruns during the latency probe", (x) => String(x.run.underrunsDuringProbe))}
${row("input frames dropped (capture ring full)", (x) => String(x.run.inputDroppedFrames))}
${row("samples dropped to bring the delay back after a stall", (x) => String(x.run.skippedSamples))}
${row("live path restarts after an underrun", (x) => String(x.run.liveResyncs))}

## How the worker kept time (last ${first?.timing?.blocks ?? 0} blocks before the probe)

${head}
${row("render, block start → written (median / worst ms)", (x) => spread(x.timing?.renderMs))}
${row("input past the block when it started: wake-up + audio bursts (median / worst ms)", (x) => spread(x.timing?.wakeLateMs))}
${row("output still queued when the block landed (median / least ms)", (x) => spread(x.timing?.slackMs))}
`;
}

/** Where the time goes, and the floor on this machine, from the first run's figures. */
function floor(rate: number, run: Run | undefined, several = false): string {
  if (!run) return "";
  const blockMs = (1000 * run.latentFrameSamples) / rate;
  const algo = run.latency.algorithmicMs;
  // The audio thread renders 128-frame quanta in bursts of the context's base latency: the
  // quanta of a burst after the one that completes a block are played before the worker can
  // answer, so the buffer must hold them on top of the render.
  const burstQuanta = Math.ceil((run.latency.baseLatencyMs * rate) / 1000 / 128);
  const burstMs = (1000 * 128 * Math.max(0, burstQuanta - 1)) / rate;
  const smear = run.latency.measuredMedianMs - run.latency.expectedMs;
  const designFloor = blockMs + algo + burstMs;
  const shorter =
    run.latentFrameSamples > 512
      ? `a latent frame of 512 samples would take ${f(blockMs / 2)} ms off, a codec with shorter windows some of the ${f(algo)} ms.`
      : `a codec with shorter windows could take some of the ${f(algo)} ms off.`;
  return `Where the time goes${several ? ` (\`${run.model}\`)` : ""}: a latent frame of ${run.model === DEFAULT_MODEL_ID ? "the default model" : `\`${run.model}\``} is ${run.latentFrameSamples} samples (${f(blockMs)} ms) and a block
cannot be encoded before its last sample has arrived; the codec's windows add ${f(algo)} ms. The
worker is woken by the capture worklet (\`Atomics.notify\`) in the render quantum that completes a
block, so no timer adds to that. The audio thread renders in bursts of its base latency
(${f(run.latency.baseLatencyMs)} ms, ${burstQuanta} render quanta): up to ${burstQuanta - 1} quanta (${f(burstMs)} ms) of a burst are
played after the one that completes a block, before the worker can answer, so the buffer cannot
stay below that and the render (median ${f(run.timing?.renderMs.median)} ms here) without underrunning. The design's floor on
this machine is therefore ${f(blockMs)} + ${f(algo)} + ${f(burstMs)} = ${f(designFloor)} ms, and the probe hears a click's peak
${f(smear)} ms after the design's delay (the codec smears it over its windows): about ${f(designFloor + smear)} ms
measured. ${designFloor + smear <= TARGET_MS ? "That is within the target." : `The ${TARGET_MS} ms target is out of reach with this model here; ${shorter}`}
The adaptive buffer starts 5 ms past the burst and grows after each underrun by how late the block
came (at most 20 ms) plus 5 ms — not in the first 3 s after a start, while the page and the worker
settle, when a start from silence also holds a 40 ms cushion and measures how far the queue dips
under its depth before each block lands; when the cushion goes, the buffer keeps as much of it as
the second-worst dip plus 5 ms calls for and the rest is spliced out of the sound — and gives 5 ms
back, spliced out the same way, after each 15 s without one (twice as long after each growth past
the first, at most 120 s), down to that measured depth; so it
settles where this machine's load puts it. A pinned figure stays.`;
}

const spread = (s: { median: number; worst: number } | undefined) =>
  s ? `${f(s.median)} / ${f(s.worst)}` : "—";

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
