/**
 * `npm run bench:render`: how the canvas keeps drawing while Render & play renders a long patch,
 * in headless Chromium from the dev server, written to bench/results/render.{json,md}. The patch
 * is AudioIn (noise, `RENDER_BENCH_SECONDS`, default 60 s) → Encode → Decode → AudioOut on the
 * default model. From the click until the render is reported, the page records every
 * requestAnimationFrame delta and its long tasks (PerformanceObserver "longtask"). `RENDER_BENCH_OUT`
 * sets the results' file name (default "render"), e.g. to keep a run of an older build beside it.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import type { Page } from "playwright-core";
import { openApp, startApp } from "../tests/e2e/harness";

const SECONDS = Number(process.env.RENDER_BENCH_SECONDS ?? 60);
const OUT = process.env.RENDER_BENCH_OUT ?? "render";

const PATCH = JSON.stringify({
  format: "latent-patcher.patch",
  version: 1,
  name: "long render",
  nodes: [
    {
      id: "noise",
      type: "AudioIn",
      params: { source: "noise", seconds: SECONDS, amplitude: 0.3 },
      position: [50, 100],
    },
    { id: "encode", type: "Encode", params: {}, position: [300, 100] },
    { id: "decode", type: "Decode", params: {}, position: [550, 100] },
    { id: "out", type: "AudioOut", params: {}, position: [800, 100] },
  ],
  connections: [
    { from: "noise.audio", to: "encode.audio" },
    { from: "encode.latent", to: "decode.latent" },
    { from: "decode.audio", to: "out.audio" },
  ],
});

interface Run {
  /** From the click until the render is reported. */
  readonly renderSeconds: number;
  /** Until the result is shown. */
  readonly during: Frames;
  /** Showing the result: waveform, inspector, AudioBuffer. */
  readonly showing: Frames;
}

interface Frames {
  readonly frames: number;
  readonly medianFrameMs: number;
  readonly p95FrameMs: number;
  readonly maxFrameMs: number;
  readonly framesOver50: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function measure(page: Page): Promise<Run> {
  await page.locator('input[aria-label="open patch file"]').setInputFiles({
    name: "long.patch.json",
    mimeType: "application/json",
    buffer: Buffer.from(PATCH),
  });
  await page.waitForFunction(() =>
    document.querySelector(".lp-status")?.textContent?.includes("long.patch.json"),
  );
  const before = await page.evaluate(() => window.__latentPatcher!.lastRender?.count ?? 0);
  // A string, not a function: tsx would wrap the inner functions' names in a helper the page lacks.
  await page.evaluate(`(() => {
    const bench = { frames: [], tasks: [], on: true, shownAt: Infinity };
    window.__bench = bench;
    new PerformanceObserver((list) => {
      if (bench.on) for (const e of list.getEntries()) bench.tasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask" });
    // The result is shown (status "rendered …") in the commit that draws the waveform and the
    // inspector: frames that end after it belong to showing the result, not to the render.
    const status = document.querySelector(".lp-status");
    new MutationObserver(() => {
      if (bench.shownAt === Infinity && status.textContent.startsWith("rendered"))
        bench.shownAt = performance.now();
    }).observe(status, { childList: true, characterData: true, subtree: true });
    let last = performance.now();
    requestAnimationFrame(function frame(t) {
      if (!bench.on) return;
      bench.frames.push([t, t - last]);
      last = t;
      requestAnimationFrame(frame);
    });
  })()`);
  const t0 = Date.now();
  await page.getByRole("button", { name: /Render/ }).click();
  await page.waitForFunction((b) => (window.__latentPatcher?.lastRender?.count ?? 0) > b, before, {
    timeout: 15 * 60_000,
    polling: 500,
  });
  const renderSeconds = (Date.now() - t0) / 1000;
  const { frames, tasks, shownAt } = await page.evaluate(() => {
    type Pair = [number, number];
    const w = window as unknown as {
      __bench: { frames: Pair[]; tasks: Pair[]; on: boolean; shownAt: number };
    };
    w.__bench.on = false;
    return w.__bench;
  });
  const during = frames.slice(1).filter(([t]) => t < shownAt);
  const after = frames.filter(([t]) => t >= shownAt);
  return {
    renderSeconds,
    during: stats(
      during.map(([, d]) => d),
      tasks.filter(([t]) => t < shownAt).map(([, d]) => d),
    ),
    showing: stats(
      after.map(([, d]) => d),
      tasks.filter(([t]) => t >= shownAt).map(([, d]) => d),
    ),
  };
}

function stats(deltas: readonly number[], tasks: readonly number[]): Frames {
  return {
    frames: deltas.length,
    medianFrameMs: quantile(deltas, 0.5),
    p95FrameMs: quantile(deltas, 0.95),
    maxFrameMs: Math.max(0, ...deltas),
    framesOver50: deltas.filter((d) => d > 50).length,
    longestTaskMs: Math.max(0, ...tasks),
    longTasks: tasks.length,
  };
}

const app = await startApp();
try {
  const page = await openApp(app);
  const run = await measure(page);
  const machine = { cpus: cpus().length, loadavg: loadavg().map((x) => +x.toFixed(1)) };
  const report = { date: new Date().toISOString(), seconds: SECONDS, machine, run };
  console.log(report);
  await mkdir("bench/results", { recursive: true });
  await writeFile(`bench/results/${OUT}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const f = (x: number) => x.toFixed(1);
  await writeFile(
    `bench/results/${OUT}.md`,
    [
      `# Canvas frames during a ${SECONDS} s Render & play (${OUT})`,
      "",
      `${report.date}, dev server, headless Chromium; ${machine.cpus} cores, load average ${machine.loadavg.join(" / ")}.`,
      "",
      `Render & play took ${f(run.renderSeconds)} s from the click.`,
      "",
      "| phase | frames | median (ms) | p95 (ms) | max (ms) | frames > 50 ms | long tasks | longest task (ms) |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...(["during", "showing"] as const).map((phase) => {
        const p = run[phase];
        return `| ${phase === "during" ? "rendering" : "showing the result"} | ${p.frames} | ${f(p.medianFrameMs)} | ${f(p.p95FrameMs)} | ${f(p.maxFrameMs)} | ${p.framesOver50} | ${p.longTasks} | ${f(p.longestTaskMs)} |`;
      }),
      "",
    ].join("\n"),
  );
} finally {
  await app.close();
}
