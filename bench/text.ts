/**
 * `npm run bench:text`: how soon a performer's change is heard while a file plays, in headless
 * Chromium, written to bench/results/text.{json,md}. Three changes, each made 2.5 s into a play
 * of the reconstruct demo and setting its output to −40 dB:
 * - **text, parameters**: a text that changes only the AudioOut's gain, applied with Ctrl-Enter;
 * - **text, graph**: a text that also adds a node (a FiLMR rotation by 0°), applied with
 *   Ctrl-Enter — the worker loads a new graph and crossfades to it;
 * - **MIDI CC**: CC 1 on a fake MIDI input (only `requestMIDIAccess` is faked) mapped to the
 *   gain (−40…0 dB, the default 30 ms smoothing), moved to 0.
 * "Heard" is the delay from the key press (or the MIDI message) to the first 5 ms window from
 * which the level stays under a tenth (the measure of bench:edits and the streaming e2e test).
 * `TEXT_BENCH_PLAYS` plays of each (default 7) after one warm-up play, one page per kind.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { newAppContext, openAppPage, startApp, type App } from "../tests/e2e/harness";
import { fakeMidi, sendMidi } from "../tests/e2e/fakeMidi";
import { recordedFrames, startTap, takeRecording } from "../tests/e2e/liveTap";
import { heardAfter } from "../tests/e2e/tapAnalysis";
import { openTextView, reconstructText, replaceText } from "../tests/e2e/textEditor";
import { parsePatch } from "../src/engine/patch/parse";
import { nodeRegistry } from "../src/nodes";
import { encodeShareFragment } from "../src/ui/share/shareLink";
import { openDemo } from "./realtime/browser";
import { browserMachine, median, quantile } from "./realtime/stats";

const PLAYS = Number(process.env.TEXT_BENCH_PLAYS ?? 7);
const EDIT_AT = 2.5;

type Kind = "text-params" | "text-graph" | "midi-cc";
const LABEL: Record<Kind, string> = {
  "text-params": "Ctrl-Enter, a text changing a parameter",
  "text-graph": "Ctrl-Enter, a text adding a node (new graph)",
  "midi-cc": "MIDI CC mapped to the gain (30 ms smoothing)",
};

interface Play {
  readonly heardMs: number;
  readonly underruns: number;
}

async function applyText(page: Page, text: string): Promise<void> {
  await replaceText(page, text);
  await page.locator(".lp-text .cm-content").focus();
  await page.keyboard.press("Control+Enter");
}

/** Before a play: the patch back at 0 dB. */
async function reset(page: Page, kind: Kind): Promise<void> {
  if (kind === "midi-cc") await sendMidi(page, [0xb0, 1, 127]);
  else await applyText(page, reconstructText({ gain: 0 }));
}

/** The change, marked in the tap at the moment it is made. */
async function change(page: Page, kind: Kind): Promise<void> {
  if (kind === "midi-cc") {
    await page.evaluate(() => {
      const t = (window as unknown as { __tap: { count: SharedArrayBuffer; mark: number } }).__tap;
      t.mark = Atomics.load(new Int32Array(t.count), 0);
      (window as unknown as { __midiSend: (b: number[]) => void }).__midiSend([0xb0, 1, 0]);
    });
  } else {
    // The tap marks the Enter of Ctrl-Enter.
    await applyText(
      page,
      reconstructText({ gain: -40, rotate: kind === "text-graph" ? 0 : undefined }),
    );
  }
}

async function onePlay(page: Page, kind: Kind): Promise<Play> {
  await reset(page, kind);
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
  await change(page, kind);
  const take = await takeRecording(page, EDIT_AT + 0.6);
  if ((await recordedFrames(page)) > 0 && take.markFrame < 0) throw new Error("no edit was marked");
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
  return {
    heardMs: heardAfter(take.samples, take.markFrame, take.sampleRate),
    underruns: take.underruns,
  };
}

/** A page ready for `kind`: the text view open on the demo, or the demo with a CC mapping. */
async function pageFor(app: App, kind: Kind): Promise<Page> {
  const context = await newAppContext(app);
  // tsx compiles with keepNames: functions passed to page.evaluate call its __name helper.
  await context.addInitScript("window.__name = (f) => f;");
  if (kind !== "midi-cc") {
    const page = await openAppPage(context, app);
    await openDemo(page, "reconstruct");
    await openTextView(page);
    return page;
  }
  const demo = parsePatch(await readFile("examples/reconstruct.patch.json", "utf8"), nodeRegistry);
  const mapped = {
    ...demo,
    perform: {
      snapshots: [],
      favourites: [],
      midi: [
        {
          control: "cc",
          number: 1,
          target: "out.gain",
          min: -40,
          max: 0,
          curve: "linear",
          smoothMs: 30,
        },
      ],
    },
  } as typeof demo;
  const page = await openAppPage(context, app, {
    initScript: fakeMidi,
    query: `#${encodeShareFragment(mapped)}`,
  });
  await page.keyboard.press("p"); // the performance view: MIDI on
  await page.waitForFunction(() => document.body.textContent?.includes("Fake Knobs"), undefined, {
    timeout: 30_000,
  });
  return page;
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");

async function main(): Promise<void> {
  if (!(PLAYS >= 1)) throw new Error(`TEXT_BENCH_PLAYS must be at least 1, got ${PLAYS}`);
  const app = await startApp();
  const chromium = app.browser.version();
  const kinds: Kind[] = ["text-params", "text-graph", "midi-cc"];
  const plays = new Map<Kind, Play[]>();
  try {
    for (const kind of kinds) {
      const page = await pageFor(app, kind);
      await onePlay(page, kind); // warm-up: a fresh page's first play is slow for its own reasons
      const list: Play[] = [];
      for (let k = 0; k < PLAYS; k++) list.push(await onePlay(page, kind));
      plays.set(kind, list);
      await page.context().close();
    }
  } finally {
    await app.close();
  }
  const rows = kinds.map((kind) => {
    const list = plays.get(kind)!;
    const heard = list.map((p) => p.heardMs).filter((ms) => ms >= 0);
    return {
      kind,
      label: LABEL[kind],
      medianMs: median(heard),
      p95Ms: quantile(heard, 0.95),
      plays: list,
    };
  });
  const result = {
    date: new Date().toISOString(),
    machine: browserMachine(chromium),
    patch: "the reconstruct demo, its AudioOut set from 0 to −40 dB",
    editAtSeconds: EDIT_AT,
    rows,
  };
  const underran = rows.some((r) => r.plays.some((p) => p.underruns > 0));
  const md = `# A performer's change while a file plays: how soon it is heard

Measured by \`npm run bench:text\` on ${result.date} — headless Chromium ${chromium}, ${result.machine.cpus} × ${result.machine.cpu}, load average ${result.machine.loadAverage} at the end. ${result.patch}, at 44100 Hz, the adaptive buffer. One page per change, one warm-up play, then ${PLAYS} plays from ▶ Play; ${EDIT_AT} s after the tap starts the change is made. **Heard**: from the key press (or MIDI message) to the first 5 ms window from which the level stays under a tenth of the level before (for a text: parsing, the patch edit, the UI → worker message, the new graph's load if any, the next block, the queue ahead of it and most of the crossfade). A play where the drop was never heard counts as —; the underrun counter is the output's since ▶ Play.

| change | heard, median (ms) | p95 (ms) | each play (ms) | underruns per play |
|---|---|---|---|---|
${rows.map((r) => `| ${r.label} | **${f(r.medianMs)}** | ${f(r.p95Ms)} | ${r.plays.map((p) => f(p.heardMs < 0 ? NaN : p.heardMs)).join(", ")} | ${r.plays.map((p) => p.underruns).join(", ")} |`).join("\n")}
${underran ? `\nSome plays underran: a gap can hide or fake the drop in level, so those figures say more about the machine's load than about the change; compare on a quiet machine.\n` : ""}`;
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/text.json", `${JSON.stringify(result, null, 2)}\n`);
  await writeFile("bench/results/text.md", md);
  console.log(md);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
