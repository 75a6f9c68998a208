/** The markdown of bench/results/realtime.md, from the measured report. */
import type { PlayToSound, Soak } from "./browser";
import { GAP_MS, SOUND_THRESHOLD } from "./browser";
import type { ChildResult } from "./child";
import type { Machine } from "./stats";

export interface RealtimeReport {
  machine: Machine;
  loadAtStart: [number, number, number];
  loadAtEnd: [number, number, number];
  passes: number;
  /** One entry per WASM thread count. */
  node: ChildResult[];
  playToSound: PlayToSound[];
  soak: Soak | undefined;
  soakAsked: number;
  chromium: boolean;
  /** When the browser sections were measured (an earlier run when BENCH_PARTS left them out). */
  browserMeasuredAt: string | undefined;
  /** When the Node sections were measured (an earlier run when BENCH_PARTS left them out). */
  nodeMeasuredAt?: string | undefined;
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");

function streamSection(r: RealtimeReport): string[] {
  const one = r.node.find((c) => c.threads === 1) ?? r.node[0];
  if (!one) return ["## 30-node patch, streamed in Node", "", "Not run (BENCH_PARTS).", ""];
  const at = r.nodeMeasuredAt;
  return [
    `## 30-node patch, streamed in Node (${one.threads} WASM thread${one.threads > 1 ? "s" : ""})`,
    "",
    ...(at && at !== r.machine.date
      ? [`_Measured in the run of ${at} (kept by BENCH_PARTS)._`, ""]
      : []),
    "bench/realtime/patch30.ts: four recordings → 4 × Encode → LatentScale, FiLMRRotate (one angle swept by a Curve), PrincipalDirections, Interpolate, QuantizeToCodebook, LatentSubtract/Add, Mix, … → 3 × Decode → 3 × AudioOut (30 nodes; every node but the sources streams). StreamingRender plays it to its end, block by block, as the engine worker does; after a one-second warm-up, each configuration plays it " +
      `${r.passes} times (4.04 s of audio each) and the medians over the passes are quoted.`,
    "",
    "- **× real time**: seconds of audio per second of wall time (≥ 1 keeps up).",
    "- **CPU fraction**: process CPU time (`process.cpuUsage`, all threads) over wall time; 1 = one core busy. Below 1 while the stream runs flat out means the process waited for a core: the machine is shared.",
    "- **CPU s / audio s**: the stream's cost independent of the load on the machine (CPU fraction ÷ × real time); the share of one core that real time needs.",
    "",
    "| model | block | × real time | CPU fraction | CPU s / audio s | block ms: median | p99 | max | blocks late |",
    "|---|---|---|---|---|---|---|---|---|",
    ...one.streams.map(
      (s) =>
        `| ${s.model} | ${s.blockFrames} frame${s.blockFrames > 1 ? "s" : ""} (${f(s.blockMs)} ms) | **${f(s.rtfMedian, 2)}** | ${f(s.cpuFractionMedian, 2)} | ${f(s.cpuPerAudioSecond, 2)} | ${f(s.blockMsMedian)} | ${f(s.blockMsP99)} | ${f(s.blockMsMax)} | ${s.blocksOverDeadline} / ${s.blocks} |`,
    ),
    "",
    `Load average while this ran: ${one.loadBefore.join(", ")} before, ${one.loadAfter.join(", ")} after (1, 5, 15 min).`,
    "",
  ];
}

function threadsSection(r: RealtimeReport): string[] {
  if (r.node.length === 0) return [];
  const counts = r.node.map((c) => c.threads);
  const head = `| ${counts.map((t) => `${t} thread${t > 1 ? "s" : ""}`).join(" | ")} |`;
  const sep = `|${counts.map(() => "---").join("|")}|`;
  const base = r.node[0]!;
  const runRows = base.modelRuns.map((m, i) => {
    const cells = r.node.map((c) => {
      const x = c.modelRuns[i]!;
      return `${f(x.msMedian, 2)} ms (CPU ${f(x.cpuFraction, 2)})`;
    });
    return `| ${m.model} | ${m.part} | ${m.frames} | ${cells.join(" | ")} |`;
  });
  const streamRows = base.streams.map((s, i) => {
    const cells = r.node.map((c) => {
      const x = c.streams[i]!;
      return `${f(x.rtfMedian, 2)} × (CPU ${f(x.cpuFractionMedian, 2)})`;
    });
    return `| ${s.model} | ${s.blockFrames} | ${cells.join(" | ")} |`;
  });
  const pools = r.node
    .map(
      (c) =>
        `${c.threads} → \`numThreads\` ${c.ortNumThreads ?? "?"}, OS threads ${c.osThreads.before} before / ${c.osThreads.afterInit} after init`,
    )
    .join("; ");
  const grew = r.node.every(
    (c) => c.osThreads.afterInit - c.osThreads.before >= c.threads - 1 || c.threads === 1,
  );
  return [
    "## onnxruntime-web WASM: 1 thread against more, side by side",
    "",
    "Each thread count runs in its own Node process (the runtime fixes its pool when it first initialises): `ort.env.wasm.numThreads` is set, the bare encoder/decoder runs initialise the runtime, then the 30-node streams run on the same runtime. Medians; CPU = process CPU time over wall time.",
    "",
    `Pool sizes: ${pools}. ${
      grew
        ? "Multi-threading works in Node with onnxruntime-web 1.30: the runtime starts one worker thread per extra WASM thread (Node's `worker_threads` with a shared WebAssembly memory; no cross-origin isolation is needed outside a browser)."
        : "The OS thread count did not grow with `numThreads`: the runtime did not start a thread pool here."
    }`,
    "",
    `| model | part | latent frames | ${head.slice(2)}`,
    `|---|---|---|${sep.slice(1)}`,
    ...runRows,
    "",
    `| 30-node patch: model | block frames | ${head.slice(2)}`,
    `|---|---|${sep.slice(1)}`,
    ...streamRows,
    "",
    `On this machine (${r.machine.cores} cores, shared with other jobs) more threads cannot be expected to help: a latent frame is one small matrix–vector product per layer (the neural pack's ~1.2 M weights, ~1.5 ms a run), too little work to split, and the extra threads compete for the same two cores. Compare rows only within this table, measured minutes apart.`,
    "",
    "**WebGPU**: not measured — this machine has no GPU. Node has no WebGPU, and the headless Chromium runs with `--disable-gpu` (whether it hands out an adapter anyway is recorded in the soak below, with the app's backend readout). Sessions ask for the `wasm` provider (src/engine/models/onnx.ts).",
    "",
  ];
}

/** A line saying the browser figures come from an earlier run, when they do. */
function measuredAt(r: RealtimeReport): string[] {
  const at = r.browserMeasuredAt;
  return at && at !== r.machine.date
    ? [`_Measured in the run of ${at} (kept by BENCH_PARTS)._`, ""]
    : [];
}

function playSection(r: RealtimeReport): string[] {
  if (r.playToSound.length === 0) return [];
  return [
    "## Headless Chromium: ▶ Play to first sound",
    "",
    ...measuredAt(r),
    `From the click on ▶ Play to the first sample above ${SOUND_THRESHOLD} (−60 dBFS) at the live output node, timed in the page (an AnalyserNode after the output node, read every few ms; the sample's time is placed within the analyser's window). It includes the patch's algorithmic latency, not the output device's. Cold: the first press after the page loaded (the engine worker, the WASM runtime and the model packs start). Warm: later presses after ■ Stop (the patch and its models load again).`,
    "",
    "| demo | cold ms | warm ms: median | warm presses |",
    "|---|---|---|---|",
    ...r.playToSound.map(
      (p) =>
        `| ${p.demo} | ${f(p.coldMs, 0)} | **${f(p.warmMedianMs, 0)}** | ${p.warmMs.map((t) => f(t, 0)).join(", ")} |`,
    ),
    "",
  ];
}

function soakSection(r: RealtimeReport): string[] {
  const s = r.soak;
  if (!s)
    return r.chromium ? [] : ["Chromium not found at /usr/bin/chromium: browser part skipped.", ""];
  const short =
    s.seconds < 600
      ? ` **Shorter than the issue's 10 minutes** (BENCH_SOAK_SECONDS=${s.seconds}).`
      : "";
  return [
    `## Headless Chromium: underrun soak, ${f(s.seconds / 60, 1)} minutes`,
    "",
    ...measuredAt(r),
    `${s.patch}, with the app's default live settings, tapped after the output node by the e2e tap recorder for ${s.seconds} s.${short} The demo patches that play a file are 4 s long and restart with a gap when looped, so the continuous live-input demo is the one soaked.`,
    "",
    "| | |",
    "|---|---|",
    `| backend readout | ${s.backend ?? "–"} |`,
    `| output underruns (target 0) | **${s.underruns}** |`,
    `| frames of silence they left | ${s.missingFrames} |`,
    `| of which before the recording started (start-up) | ${s.underrunsBeforeTap} |`,
    `| underruns by the end of each 30 s (cumulative) | ${s.underrunsTimeline.join(", ") || "–"} |`,
    `| WebGPU adapter (\`navigator.gpu.requestAdapter()\`) | ${s.webgpuAdapter ? "yes" : "none"} |`,
    `| gaps of silence > ${GAP_MS} ms (from ${s.skippedFromStartSeconds} s on) | ${s.silentGaps} (longest ${f(s.longestSilenceMs, 2)} ms) |`,
    `| held/flat runs > ${GAP_MS} ms | ${s.flatGaps} (longest ${f(s.longestFlatMs, 2)} ms) |`,
    `| level: RMS / peak | ${f(s.rms, 3)} / ${f(s.peak, 3)} |`,
    `| live input | ${JSON.stringify(s.input)} |`,
    `| worker error | ${s.workerError ?? "none"} |`,
    `| load average at start / end (1, 5, 15 min) | ${s.load ? `${s.load.start.join(", ")} / ${s.load.end.join(", ")}` : "–"} |`,
    "",
  ];
}

export function markdown(r: RealtimeReport): string {
  const m = r.machine;
  return [
    "# Real-time load and continuity",
    "",
    `${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}. Written by \`npm run bench:realtime\`.`,
    "",
    `The machine is a shared VM whose speed varies from minute to minute: load average ${r.loadAtStart.join(", ")} at the start and ${r.loadAtEnd.join(", ")} at the end (1, 5, 15 min) on ${m.cores} cores. Wall-clock figures are pessimistic; the CPU-time figures are the steadier ones.`,
    "",
    ...streamSection(r),
    ...threadsSection(r),
    ...playSection(r),
    ...soakSection(r),
  ].join("\n");
}
