/**
 * `npm run bench:ui`: the canvas with a 200-node patch in headless Chromium, written to
 * bench/results/ui.{json,md}. Each run opens a fresh page, opens the patch through the toolbar's
 * file input (the app's own Open path: parse, model, canvas sync, zoom to fit) and times it until
 * every node and cable is drawn inside the canvas and the next frame has started; then it drags
 * the empty canvas back and forth with the mouse and records the requestAnimationFrame deltas.
 * Both the production build and the dev server are measured. Targets (issue 4): load < 500 ms, no
 * frame over 50 ms. `UI_BENCH_RUNS` sets the runs per serving (default 5, after one warm-up run
 * that is not counted); `UI_BENCH_OUT` the results' file name (default "ui").
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, preview } from "vite";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM, ready, startApp } from "../tests/e2e/harness";
import { serializePatch } from "../src/engine/patch/serialize";
import { benchPatch, NODES_PER_CHAIN } from "./uiPatch";

const RUNS = Number(process.env.UI_BENCH_RUNS ?? 5);
/** The results' file name under bench/results/, without extension. */
const OUT = process.env.UI_BENCH_OUT ?? "ui";
const NODES = 200;
const PAN_MS = 3000;
const TARGET = { loadMs: 500, frameMs: 50 };

interface Run {
  readonly loadMs: number;
  /** Longest main-thread task during the load (PerformanceObserver "longtask"). */
  readonly loadLongestTaskMs: number;
  readonly frames: number;
  readonly medianFrameMs: number;
  readonly p95FrameMs: number;
  readonly maxFrameMs: number;
  readonly framesOver50: number;
  /** Zooming in from the fit until the cards show their controls again: the longest frame. */
  readonly zoomInMaxFrameMs: number;
  readonly zoomInFramesOver50: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/** Opens `text` through the file input; resolves with the load time and its longest task. */
function openAndTime(page: Page, text: string, cables: number) {
  return page.evaluate(
    ({ text, nodes, cables }) =>
      new Promise<{ loadMs: number; longestTaskMs: number }>((resolve, reject) => {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) tasks.push(e.duration);
        });
        observer.observe({ type: "longtask" });
        const input = document.querySelector<HTMLInputElement>(
          'input[aria-label="open patch file"]',
        )!;
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], "bench.patch.json", { type: "application/json" }));
        input.files = transfer.files;
        const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
        const inside = (r: DOMRect) =>
          r.left >= canvas.left - 1 &&
          r.right <= canvas.right + 1 &&
          r.top >= canvas.top - 1 &&
          r.bottom <= canvas.bottom + 1;
        // A cable counts once its path is drawn (its coloured path has a route).
        const routed = () =>
          [...document.querySelectorAll("svg.lp-cable path:not(.lp-cable-hit)")].filter((p) =>
            p.getAttribute("d"),
          ).length;
        const shown = () => {
          const cards = document.querySelectorAll(".lp-node");
          if (cards.length !== nodes) return false;
          if (routed() !== cables) return false;
          return [...cards].every((c) => inside(c.getBoundingClientRect()));
        };
        const start = performance.now();
        input.dispatchEvent(new Event("change", { bubbles: true }));
        requestAnimationFrame(function check() {
          if (performance.now() - start > 60_000) {
            const drawn = document.querySelectorAll(".lp-node").length;
            const wires = routed();
            return reject(new Error(`not shown after 60 s: ${drawn} nodes, ${wires} cables`));
          }
          if (!shown()) return requestAnimationFrame(check);
          // The next frame starts once the complete canvas has been painted.
          requestAnimationFrame((t) => {
            observer.disconnect();
            resolve({ loadMs: t - start, longestTaskMs: Math.max(0, ...tasks) });
          });
        });
      }),
    { text, nodes: NODES, cables },
  );
}

/** Drags the empty canvas corner left and right for PAN_MS; the rAF deltas meanwhile. */
async function panAndTime(page: Page): Promise<number[]> {
  const box = (await page.locator('[data-testid="canvas"]').boundingBox())!;
  const [x, y] = [box.x + 6, box.y + 6];
  const empty = await page.evaluate(
    ([x, y]) => !document.elementFromPoint(x!, y!)?.closest(".lp-node, .lp-comment"),
    [x, y],
  );
  if (!empty) throw new Error("the canvas corner is covered: cannot start a pan there");
  await page.mouse.move(x, y);
  return framesDuring(page, async () => {
    await page.mouse.down();
    const start = Date.now();
    for (let elapsed = 0; elapsed < PAN_MS; elapsed = Date.now() - start) {
      const phase = (2 * Math.PI * elapsed) / 1500;
      await page.mouse.move(x + 300 * (1 - Math.cos(phase)), y + 120 * Math.sin(phase));
    }
    await page.mouse.up();
  });
}

/** Records requestAnimationFrame deltas while `act` runs. */
async function framesDuring(page: Page, act: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { benchFrames: number[]; benchOn: boolean };
    w.benchFrames = [];
    w.benchOn = true;
    requestAnimationFrame(function tick(t) {
      w.benchFrames.push(t);
      if (w.benchOn) requestAnimationFrame(tick);
    });
  });
  await act();
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { benchFrames: number[]; benchOn: boolean };
    w.benchOn = false;
    return w.benchFrames;
  });
  return stamps.slice(1).map((t, i) => t - stamps[i]!);
}

/**
 * Zooms in with the mouse wheel at the canvas centre until the cards are drawn in full again
 * (zoomed out to fit 200 nodes they are compact: src/ui/canvas/levelOfDetail.ts); the frame
 * deltas meanwhile, the one that draws every card's controls included.
 */
async function zoomInAndTime(page: Page): Promise<number[]> {
  const box = (await page.locator('[data-testid="canvas"]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const compact = () => page.locator(".lp-node.compact").count();
  if ((await compact()) === 0) throw new Error("the 200-node patch opened with full cards");
  return framesDuring(page, async () => {
    for (let i = 0; i < 60 && (await compact()) > 0; i++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(40);
    }
    if ((await compact()) > 0) throw new Error("zooming in did not bring the full cards back");
    await page.waitForTimeout(300);
  });
}

interface Server {
  readonly browser: Browser;
  readonly url: string;
  close(): Promise<void>;
}

/** The production build (`npm run build`) served by `vite preview`, and a Chromium. */
async function startBuilt(): Promise<Server> {
  const outDir = join(tmpdir(), "latent-patcher-bench-ui");
  await build({ logLevel: "error", build: { outDir, emptyOutDir: true } });
  const server = await preview({
    logLevel: "error",
    build: { outDir },
    preview: { port: 0, host: "127.0.0.1" },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("vite preview did not listen");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
  });
  return {
    browser,
    url: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

async function oneRun(app: Server, text: string): Promise<Run> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 850 } });
  // tsx compiles with keepNames: functions passed to page.evaluate call its __name helper.
  await context.addInitScript("window.__name = (f) => f;");
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    page.on("console", (m) => m.type() === "error" && console.error("console:", m.text()));
    await page.goto(app.url);
    await ready(page);
    await page.waitForTimeout(500); // let the first demo's rendering settle
    const cables = (JSON.parse(text) as { connections: unknown[] }).connections.length;
    const load = await openAndTime(page, text, cables);
    await page.waitForTimeout(300);
    const deltas = await panAndTime(page);
    const zoomDeltas = await zoomInAndTime(page);
    return {
      loadMs: load.loadMs,
      loadLongestTaskMs: load.longestTaskMs,
      frames: deltas.length,
      medianFrameMs: median(deltas),
      p95FrameMs: quantile(deltas, 0.95),
      maxFrameMs: Math.max(...deltas),
      framesOver50: deltas.filter((d) => d > TARGET.frameMs).length,
      zoomInMaxFrameMs: Math.max(...zoomDeltas),
      zoomInFramesOver50: zoomDeltas.filter((d) => d > TARGET.frameMs).length,
    };
  } finally {
    await context.close();
  }
}

interface Serving {
  readonly name: string;
  readonly median: Record<keyof Run, number>;
  readonly runs: Run[];
}

async function measure(name: string, app: Server, text: string): Promise<Serving> {
  try {
    console.log(`${name}: warm-up run (not counted)…`);
    await oneRun(app, text);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await oneRun(app, text));
      console.log(`${name}: run ${i + 1}/${RUNS}:`, JSON.stringify(runs[i]));
    }
    const pick = (k: keyof Run) => median(runs.map((r) => r[k]));
    const keys = Object.keys(runs[0]!) as (keyof Run)[];
    return { name, median: Object.fromEntries(keys.map((k) => [k, pick(k)])) as never, runs };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  if (!(RUNS >= 1)) throw new Error(`UI_BENCH_RUNS must be at least 1, got ${RUNS}`);
  const patch = benchPatch(NODES / NODES_PER_CHAIN);
  const text = serializePatch(patch);
  const built = await startBuilt();
  const chromiumVersion = built.browser.version();
  const servings = [
    await measure("production build (npm start: vite build, vite preview)", built, text),
    await measure("dev server (npm run dev)", await startApp(), text),
  ];
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "?",
      loadAverage1m: loadavg()[0] ?? NaN,
      node: process.version,
      chromium: chromiumVersion,
    },
    patch: `${patch.nodes.length} nodes, ${patch.connections.length} cables (bench/uiPatch.ts)`,
    viewport: "1400 × 850",
    targets: TARGET,
    servings,
  };
  await mkdir("bench/results", { recursive: true });
  await writeFile(`bench/results/${OUT}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`bench/results/${OUT}.md`, markdown(result));
  console.log(markdown(result));
}

function markdown(r: {
  date: string;
  machine: { cpus: number; cpu: string; loadAverage1m: number; chromium: string };
  patch: string;
  viewport: string;
  servings: Serving[];
}): string {
  const f = (x: number) => x.toFixed(1);
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const summary = r.servings
    .map((s) => {
      const m = s.median;
      return `### ${s.name}

| | median of ${s.runs.length} runs | target | |
|---|---|---|---|
| load: Open → every node and cable drawn inside the canvas | ${f(m.loadMs)} ms | < ${TARGET.loadMs} ms | ${verdict(m.loadMs < TARGET.loadMs)} |
| longest main-thread task during the load | ${f(m.loadLongestTaskMs)} ms | | |
| pan: median frame | ${f(m.medianFrameMs)} ms | | |
| pan: 95th percentile frame | ${f(m.p95FrameMs)} ms | | |
| pan: longest frame | ${f(m.maxFrameMs)} ms | ≤ ${TARGET.frameMs} ms | ${verdict(m.maxFrameMs <= TARGET.frameMs)} |
| pan: frames over ${TARGET.frameMs} ms | ${m.framesOver50} | 0 | |
| zoom in until the cards show their controls: longest frame | ${f(m.zoomInMaxFrameMs)} ms | | |
| zoom in: frames over ${TARGET.frameMs} ms | ${m.zoomInFramesOver50} | | |

| run | load ms | longest task ms | frames | median frame ms | p95 ms | max ms | > ${TARGET.frameMs} ms | zoom in: max ms |
|---|---|---|---|---|---|---|---|---|
${s.runs
  .map(
    (run, i) =>
      `| ${i + 1} | ${f(run.loadMs)} | ${f(run.loadLongestTaskMs)} | ${run.frames} | ${f(run.medianFrameMs)} | ${f(run.p95FrameMs)} | ${f(run.maxFrameMs)} | ${run.framesOver50} | ${f(run.zoomInMaxFrameMs)} |`,
  )
  .join("\n")}
`;
    })
    .join("\n");
  return `# Canvas with a 200-node patch

Measured by \`npm run bench:ui\` on ${r.date} — headless Chromium ${r.machine.chromium} (software
rendering, \`--disable-gpu\`), ${r.machine.cpus} × ${r.machine.cpu}, load average ${f(r.machine.loadAverage1m)}
at the end (other jobs were running on the machine: single figures are noisy, hence medians);
viewport ${r.viewport}. Patch: ${r.patch}.

Load is timed in the page from the file input's change event (the toolbar's Open…: parse, model,
canvas sync, zoom to fit) to the start of the first frame after all nodes are in the canvas
and every cable's path is drawn. The pan drags the empty canvas corner with the mouse for ${PAN_MS / 1000} s (all 200 nodes in
view) while requestAnimationFrame records frame deltas. Zoomed out to fit the patch, the cards
are drawn compact, without their controls (src/ui/canvas/levelOfDetail.ts); the run then zooms in
with the mouse wheel until they show their controls again and reports the longest frame of that
(the one that draws every card's controls). Each run is a fresh page; one warm-up run
per serving is not counted. The dev server runs React's development build, which is several times
slower at mounting components than the production build users get from \`npm run build\`.

${summary}`;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
