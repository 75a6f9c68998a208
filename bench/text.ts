/**
 * `npm run bench:text`: how soon a text applied with Ctrl-Enter is heard while a file plays, in
 * headless Chromium, written to bench/results/text.{json,md}. The reconstruct demo plays from
 * ▶ Play with the text view open; a recorder worklet taps the output; at 2.5 s the text is
 * replaced by the same patch with the output at −40 dB and applied with Ctrl-Enter. "Heard" is the
 * delay from that key press to the first 5 ms window from which the level stays under a tenth
 * (the measure of bench:edits and the streaming e2e test). `TEXT_BENCH_PLAYS` plays (default 7)
 * after one warm-up play, in one page.
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { newAppContext, openAppPage, startApp } from "../tests/e2e/harness";
import { recordedFrames, startTap, takeRecording } from "../tests/e2e/liveTap";
import { heardAfter } from "../tests/e2e/tapAnalysis";
import { openTextView, reconstructText, replaceText } from "../tests/e2e/textEditor";
import { openDemo } from "./realtime/browser";
import { browserMachine, median, quantile } from "./realtime/stats";

const PLAYS = Number(process.env.TEXT_BENCH_PLAYS ?? 7);
const EDIT_AT = 2.5;

interface Play {
  readonly heardMs: number;
  readonly underruns: number;
}

async function applyText(page: Page, text: string): Promise<void> {
  await replaceText(page, text);
  await page.locator(".lp-text .cm-content").focus();
  await page.keyboard.press("Control+Enter");
}

async function onePlay(page: Page): Promise<Play> {
  await applyText(page, reconstructText({ gain: 0 }));
  await page.getByRole("button", { name: "▶ Play" }).click();
  await page.waitForFunction(() => window.__latentPatcher?.liveOutput() !== undefined, undefined, {
    timeout: 180_000,
  });
  await startTap(page, EDIT_AT + 0.6);
  await page.waitForFunction(
    (s) => {
      const t = (window as unknown as { __tap: { count: SharedArrayBuffer } }).__tap;
      return Atomics.load(new Int32Array(t.count), 0) >= s * 44_100;
    },
    EDIT_AT,
    { timeout: 60_000 },
  );
  await replaceText(page, reconstructText({ gain: -40 }));
  await page.locator(".lp-text .cm-content").focus();
  await page.keyboard.press("Control+Enter");
  const take = await takeRecording(page, EDIT_AT + 0.6);
  if ((await recordedFrames(page)) > 0 && take.markFrame < 0) throw new Error("no edit was marked");
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
  return {
    heardMs: heardAfter(take.samples, take.markFrame, take.sampleRate),
    underruns: take.underruns,
  };
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");

async function main(): Promise<void> {
  if (!(PLAYS >= 1)) throw new Error(`TEXT_BENCH_PLAYS must be at least 1, got ${PLAYS}`);
  const app = await startApp();
  const chromium = app.browser.version();
  const plays: Play[] = [];
  try {
    const context = await newAppContext(app);
    // tsx compiles with keepNames: functions passed to page.evaluate call its __name helper.
    await context.addInitScript("window.__name = (f) => f;");
    const page = await openAppPage(context, app);
    await openDemo(page, "reconstruct");
    await openTextView(page);
    await onePlay(page); // warm-up: a fresh page's first play is slow for its own reasons
    for (let k = 0; k < PLAYS; k++) plays.push(await onePlay(page));
  } finally {
    await app.close();
  }
  const heard = plays.map((p) => p.heardMs).filter((ms) => ms >= 0);
  const result = {
    date: new Date().toISOString(),
    machine: browserMachine(chromium),
    patch: "the reconstruct demo in text, its AudioOut set to −40 dB by an applied text",
    editAtSeconds: EDIT_AT,
    medianMs: median(heard),
    p95Ms: quantile(heard, 0.95),
    plays,
  };
  const md = `# Ctrl-Enter in the text view: how soon the new patch is heard

Measured by \`npm run bench:text\` on ${result.date} — headless Chromium ${chromium}, ${result.machine.cpus} × ${result.machine.cpu}, load average ${result.machine.loadAverage} at the end. ${result.patch}, at 44100 Hz, the adaptive buffer. One page, one warm-up play, then ${PLAYS} plays from ▶ Play; ${EDIT_AT} s after the tap starts the text is replaced and applied with Ctrl-Enter. **Heard**: from the key press to the first 5 ms window from which the level stays under a tenth of the level before (parsing the text, the patch edit, the UI → worker message, the next block, the queue ahead of it and most of the 10 ms crossfade). A play where the drop was never heard counts as —.

| heard, median (ms) | p95 (ms) | each play (ms) | underruns per play |
|---|---|---|---|
| **${f(result.medianMs)}** | ${f(result.p95Ms)} | ${plays.map((p) => f(p.heardMs < 0 ? NaN : p.heardMs)).join(", ")} | ${plays.map((p) => p.underruns).join(", ")} |
${plays.some((p) => p.underruns > 0) ? `\nPlays underran: their gaps hide the drop in level, so these figures say more about the machine's load than about the text view; rerun on a quiet machine.\n` : ""}`;
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/text.json", `${JSON.stringify(result, null, 2)}\n`);
  await writeFile("bench/results/text.md", md);
  console.log(md);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
