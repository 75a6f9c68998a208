/**
 * `npm run bench:edits`: how soon a parameter change is heard while a file plays, in headless
 * Chromium, written to bench/results/edits.{json,md}. The reconstruct demo (a recording →
 * Encode → Decode → AudioOut, the default model) plays from ▶ Play; a recorder worklet taps the
 * output node; at a set time the output gain is set to −40 dB in its field (Enter), and the delay
 * from that key press to the first 5 ms window from which the level stays under a tenth is
 * "heard" (the same measure as the streaming e2e test). Each setting of the Buffer — the adaptive
 * default, and the old fixed 50 ms queue (`?buffer=50`) — plays `EDITS_BENCH_PLAYS` times (default
 * 6) in a fresh page for each edit time: 1.5 s (while the start-up cushion is held) and 3.3 s
 * (after it). Underruns are counted per play.
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { newAppContext, openAppPage, startApp, type App } from "../tests/e2e/harness";
import { openDemo } from "./realtime/browser";
import { browserMachine, median } from "./realtime/stats";
import { recordedFrames, startTap, takeRecording } from "../tests/e2e/liveTap";
import { heardAfter } from "../tests/e2e/tapAnalysis";

const PLAYS = Number(process.env.EDITS_BENCH_PLAYS ?? 6);
const SETTINGS = [
  { name: "adaptive (default)", query: "" },
  { name: "pinned 50 ms (as deep as the old fixed queue)", query: "?buffer=50" },
];
const EDIT_AT = [1.5, 3.3];
const TARGET_MS = 50;

interface Play {
  readonly heardMs: number;
  readonly underruns: number;
  /** The latency readout's title at the edit (the file queue's depth). */
  readonly readout: string;
}

async function untilPlayed(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const t = (window as unknown as { __tap: { count: SharedArrayBuffer } }).__tap;
      return Atomics.load(new Int32Array(t.count), 0) >= s * 44_100;
    },
    seconds,
    { timeout: 15_000 },
  );
}

async function playLive(page: Page): Promise<void> {
  await page.getByRole("button", { name: "▶ Play" }).click();
  await page.waitForFunction(() => window.__latentPatcher?.liveOutput() !== undefined, undefined, {
    timeout: 30_000,
  });
}

async function onePlay(page: Page, at: number): Promise<Play> {
  const gain = page.locator('[data-node-id="out"] [aria-label="gain value"]');
  await gain.fill("0");
  await gain.press("Enter");
  await playLive(page);
  await startTap(page, at + 0.5);
  await untilPlayed(page, at);
  await gain.fill("-40");
  await gain.press("Enter");
  const readout = (await page.locator(".lp-live-latency").getAttribute("title")) ?? "";
  const take = await takeRecording(page, at + 0.5);
  if ((await recordedFrames(page)) > 0 && take.markFrame < 0) throw new Error("no edit was marked");
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
  return {
    heardMs: heardAfter(take.samples, take.markFrame, take.sampleRate),
    underruns: take.underruns,
    readout,
  };
}

async function measure(app: App, query: string, at: number): Promise<Play[]> {
  const context = await newAppContext(app);
  // tsx compiles with keepNames: functions passed to page.evaluate call its __name helper.
  await context.addInitScript("window.__name = (f) => f;");
  const page = await openAppPage(context, app, { query });
  try {
    await openDemo(page, "reconstruct");
    await onePlay(page, at); // a warm-up play: a fresh page's first one is slow for its own reasons
    const plays: Play[] = [];
    for (let k = 0; k < PLAYS; k++) plays.push(await onePlay(page, at));
    return plays;
  } finally {
    await context.close();
  }
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");

async function main(): Promise<void> {
  if (!(PLAYS >= 1)) throw new Error(`EDITS_BENCH_PLAYS must be at least 1, got ${PLAYS}`);
  const app = await startApp();
  const rows: { setting: string; editAtSeconds: number; plays: Play[] }[] = [];
  const chromium = app.browser.version();
  try {
    for (const at of EDIT_AT)
      for (const s of SETTINGS)
        rows.push({ setting: s.name, editAtSeconds: at, plays: await measure(app, s.query, at) });
  } finally {
    await app.close();
  }
  const result = {
    date: new Date().toISOString(),
    machine: browserMachine(chromium),
    patch: "the reconstruct demo: AudioIn (file) → Encode → Decode → AudioOut, default model",
    targetMs: TARGET_MS,
    rows,
  };
  const table = rows
    .map((r) => {
      const heard = r.plays.map((p) => p.heardMs);
      const depth = r.plays.map(
        (p) => /down to (?:adaptive|pinned), ([\d.]+) ms/.exec(p.readout)?.[1] ?? "—",
      );
      return `| ${r.setting} | ${r.editAtSeconds} s | **${f(median(heard))}** | ${heard.map(f).join(", ")} | ${r.plays.map((p) => p.underruns).join(", ")} | ${depth.join(", ")} |`;
    })
    .join("\n");
  const md = `# A parameter change while a file plays: how soon it is heard

Measured by \`npm run bench:edits\` on ${result.date} — headless Chromium ${chromium}, ${result.machine.cpus} × ${result.machine.cpu}, load average ${result.machine.loadAverage} at the end. ${result.patch}, at 44100 Hz. Each row: a fresh page, one warm-up play, then ${PLAYS} plays from ▶ Play; at the given time after the first sound the output gain is set to −40 dB in its field (Enter). **Heard**: from that key press to the first 5 ms window from which the level stays under a tenth of the level before (so it includes the UI → worker message, the wait for the next block, the queue ahead of it, and most of the 10 ms crossfade). Target: ${TARGET_MS} ms.

| Buffer | edit at | heard, median (ms) | each play (ms) | underruns per play | file queue depth at the edit (ms) |
|---|---|---|---|---|---|
${table}

How the queue is kept: the worker renders a block when the output worklet has played the queue down to its depth and wakes it (\`Atomics.notify\` in that render quantum), so no timer adds to the depth. Adaptive: a start from silence holds 40 ms more for its first 3 s, and measures meanwhile how far the queue dips under its depth before each block lands; the depth then starts past the second-worst dip plus 5 ms and grows after an underrun. A change waits for the next block (a latent frame: 23.2 ms) and for the queue ahead of it. The old fixed queue kept 50 ms and was polled every 11.6 ms (heard after 78 ms median on 2026-11-22 at 10:41); pinned at 50 ms it is now woken like the adaptive one.
`;
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/edits.json", `${JSON.stringify(result, null, 2)}\n`);
  await writeFile("bench/results/edits.md", md);
  console.log(md);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
