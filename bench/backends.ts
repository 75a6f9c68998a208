/**
 * `npm run bench:backends`: the default pack's encoder and decoder on each onnxruntime-web
 * backend the browser offers, side by side in one run, written to bench/results/backends.{json,md}
 * (issue 5: "WASM 1 thread vs WASM threads vs WebGPU (where available)").
 *
 * Headless Chromium serves the app (cross-origin isolated, so WASM threads are possible); each
 * configuration runs in a fresh page, because onnxruntime fixes its WASM thread pool when it first
 * initialises. WebGPU runs on what Chromium offers here: with `--enable-unsafe-webgpu
 * --enable-unsafe-swiftshader` and no GPU that is SwiftShader's software adapter, so its figures
 * show the path works and what a software adapter costs, not what a GPU would do.
 * `BENCH_BACKEND_RUNS` sets the timed runs per size (default 20).
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { newAppContext, openAppPage, startApp } from "../tests/e2e/harness";
import { load, machine } from "./realtime/stats";

const RUNS = Number(process.env.BENCH_BACKEND_RUNS ?? 20);
const FRAMES = [1, 8, 430];
const PACK = "models/neural-spectral";

interface Config {
  readonly name: string;
  readonly provider: "wasm" | "webgpu";
  readonly threads: number;
  readonly frames: readonly number[];
  readonly runs: number;
}

const CONFIGS: Config[] = [
  { name: "WASM, 1 thread", provider: "wasm", threads: 1, frames: FRAMES, runs: RUNS },
  { name: "WASM, 2 threads", provider: "wasm", threads: 2, frames: FRAMES, runs: RUNS },
  // A software adapter takes seconds per run: fewer runs, and no whole-clip run.
  {
    name: "WebGPU (SwiftShader, software)",
    provider: "webgpu",
    threads: 1,
    frames: [1, 8],
    runs: 3,
  },
];

/** A configuration that has not finished by then is reported as such. */
const CONFIG_TIMEOUT_MS = 240_000;

interface PartResult {
  readonly part: "encoder" | "decoder";
  readonly createMs: number;
  /** By latent frames: the first run (warm-up) and the median of the timed runs, in ms. */
  readonly runs: { frames: number; firstMs: number; medianMs: number }[];
}

interface ConfigResult extends Config {
  readonly adapter: string;
  readonly parts: PartResult[];
  readonly error?: string;
}

async function measure(config: Config, app: Awaited<ReturnType<typeof startApp>>) {
  // tsx compiles with keepNames: functions passed to page.evaluate call its __name helper.
  const context = await newAppContext(app);
  await context.addInitScript("window.__name = (f) => f;");
  const page = await openAppPage(context, app);
  try {
    const models = {
      encoder: [...readFileSync(`${PACK}/encoder.onnx`)],
      decoder: [...readFileSync(`${PACK}/decoder.onnx`)],
    };
    const manifest = JSON.parse(readFileSync(`${PACK}/model.json`, "utf8")) as {
      latentDims: number;
      frontEnd: { fftSize: number; framesPerLatent: number };
    };
    const measured = page.evaluate(
      async ({ config, models, dims, bins, perLatent }) => {
        const { frames, runs } = config;
        type Ort = typeof import("onnxruntime-web");
        // A string, so that the bench's own bundler does not rewrite the page's import.
        // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
        const ort = await (new Function("return import('/@id/onnxruntime-web')")() as Promise<Ort>);
        ort.env.wasm.numThreads = config.threads;
        const nav = navigator as Navigator & {
          gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string } } | null> };
        };
        const adapter = nav.gpu ? await nav.gpu.requestAdapter() : null;
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
        const parts = [];
        for (const part of ["encoder", "decoder"] as const) {
          const t0 = performance.now();
          const session = await ort.InferenceSession.create(new Uint8Array(models[part]), {
            executionProviders: [config.provider],
          });
          const createMs = performance.now() - t0;
          const input = session.inputNames[0]!;
          const results = [];
          for (const n of frames) {
            // Spectral encoder: [1, bins, STFT frames]; decoder: [1, dims, latent frames].
            const dimsIn = part === "encoder" ? [1, bins, n * perLatent] : [1, dims, n];
            const size = dimsIn.reduce((a, b) => a * b, 1);
            const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.01));
            const feed = { [input]: new ort.Tensor("float32", data, dimsIn) };
            let t = performance.now();
            await session.run(feed);
            const firstMs = performance.now() - t;
            const times = [];
            for (let r = 0; r < (n > 100 ? Math.max(3, runs >> 2) : runs); r++) {
              t = performance.now();
              await session.run(feed);
              times.push(performance.now() - t);
            }
            results.push({ frames: n, firstMs, medianMs: median(times) });
          }
          await session.release();
          parts.push({ part, createMs, runs: results });
        }
        return {
          adapter: adapter ? (adapter.info?.architecture ?? "yes") : "none",
          numThreads: ort.env.wasm.numThreads,
          isolated: crossOriginIsolated,
          parts,
        };
      },
      {
        config,
        models,
        dims: manifest.latentDims,
        bins: manifest.frontEnd.fftSize / 2 + 1,
        perLatent: manifest.frontEnd.framesPerLatent,
      },
    );
    measured.catch(() => {}); // after a timeout, closing the page rejects it: handled here
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`did not finish in ${CONFIG_TIMEOUT_MS / 1000} s`)),
        CONFIG_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([measured, late]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await page.context().close();
  }
}

async function main(): Promise<void> {
  const before = load();
  const app = await startApp({ args: ["--enable-unsafe-webgpu", "--enable-unsafe-swiftshader"] });
  const results: ConfigResult[] = [];
  try {
    for (const config of CONFIGS) {
      console.log(`${config.name}…`);
      try {
        const r = await measure(config, app);
        results.push({ ...config, adapter: r.adapter, parts: r.parts });
        console.log(JSON.stringify(r.parts));
      } catch (err) {
        const error = err instanceof Error ? err.message.split("\n")[0]! : String(err);
        results.push({ ...config, adapter: "?", parts: [], error });
        console.error(`${config.name}: ${error}`);
      }
    }
  } finally {
    await app.close();
  }
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    load: [before, load()],
    results,
  };
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/backends.json", `${JSON.stringify(report, null, 2)}\n`);
  await writeFile("bench/results/backends.md", markdown(report));
  console.log(markdown(report));
}

function markdown(r: {
  date: string;
  machine: ReturnType<typeof machine>;
  load: ReturnType<typeof load>[];
  results: ConfigResult[];
}): string {
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  const rows = r.results.flatMap((c) =>
    c.error
      ? [`| ${c.name} | — | — | failed: ${c.error} | | |`]
      : c.parts.flatMap((p) =>
          p.runs.map(
            (run) =>
              `| ${c.name} | ${p.part} | ${run.frames} | ${f(run.medianMs)} | ${f(run.firstMs)} | ${f(p.createMs)} |`,
          ),
        ),
  );
  return `# Inference backends in Chromium, side by side

Written by \`npm run bench:backends\` on ${r.date} — ${r.machine.cores} × ${r.machine.cpu}, headless
Chromium with \`--enable-unsafe-webgpu --enable-unsafe-swiftshader\`; load average ${r.load
    .map((l) => l.map((x) => x.toFixed(2)).join(", "))
    .join(" before, ")} after (1, 5, 15 min). The default pack (\`${PACK}\`), one fresh page per
configuration (onnxruntime fixes its WASM thread pool when it first initialises), the page
cross-origin isolated. WASM: median of ${RUNS} runs per size (of ${Math.max(3, RUNS >> 2)} for 430 frames) after one warm-up run;
WebGPU on the software adapter: median of 3 runs, 1 and 8 frames only (seconds per run).

This machine has no GPU: the WebGPU rows run on SwiftShader, Chromium's software adapter, so they
show that the WebGPU path works and what a software adapter costs — which is why the app keeps
WASM on a fallback adapter unless asked (\`?backend=webgpu\`) — not what a GPU would do.

| backend | part | latent frames | median ms | first run ms | session create ms |
|---|---|---|---|---|---|
${rows.join("\n")}

A latent frame is 1024 samples (23.2 ms at 44.1 kHz): a part keeps up with real time at one
frame per block while its median stays well under that.
`;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
