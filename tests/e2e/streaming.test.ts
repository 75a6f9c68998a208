/**
 * Live playback in a real Chromium: Play streams a demo from the engine worker through the
 * SharedArrayBuffer ring and the output worklet; a recorder worklet taps the output node
 * (`liveTap.ts`). The recordings are checked for level, gaps of silence, underruns, clicks, and
 * for how soon an edit made in the UI is heard. Headless Chromium needs no sound card here: with
 * no device it plays into a fake output stream whose clock still runs in real time.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDemo, playLive, selectDemo } from "./actions";
import { hasChromium, openApp, RESULTS, useAppPage } from "./harness";
import { recordedFrames, startTap, takeRecording, type Take } from "./liveTap";
import {
  heardAfter,
  largestJump,
  levels,
  longestFlat,
  longestSilence,
  windowRms,
} from "./tapAnalysis";

/** The output worklet's ceiling (−1 dBFS). */
const CEILING = 10 ** (-1 / 20);
/** Below this a sample counts as silence; a gap is a run of such samples longer than 2 ms. */
const SILENCE = 1e-4;
const MAX_GAP_MS = 2;
/**
 * The deepest Buffer (1 s, and a load cushion as deep): opening a demo renders its graph on the
 * page's thread while the worker loads it, and a shared two-core CI machine stalled the sound
 * 550 ms then (35-54 underruns behind a 400 ms queue). The test is about continuity, not speed.
 */
const SWITCH_QUERY = "?buffer=1000";
/**
 * The worklet's DC blocker turns the zeros of an underrun into a slowly decaying offset, so a
 * gap is also a run whose sample-to-sample steps stay under this.
 */
const FLAT = 1e-5;

const underruns = (page: Page): Promise<number> =>
  page.evaluate(() => window.__latentPatcher!.liveStats()?.output?.underruns ?? -1);

/** Seconds → frames of `take`. */
const at = (take: Take, ms: number) => Math.round((ms / 1000) * take.sampleRate);

/** Turns ⟲ Loop on (it stays on across demos). */
async function loopOn(page: Page): Promise<void> {
  const loop = page.getByRole("button", { name: "⟲ Loop" });
  if ((await loop.getAttribute("aria-pressed")) !== "true") await loop.click();
  await expect.poll(() => loop.getAttribute("aria-pressed")).toBe("true");
}

/** A failed try may leave the page playing: stop it, so a retry starts as the first try did. */
async function stopIfPlaying(page: Page): Promise<void> {
  if (await page.evaluate(() => window.__latentPatcher!.liveOutput() === undefined)) return;
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
}

describe.skipIf(!hasChromium)("live streaming playback in Chromium", () => {
  /** A page at {@link SWITCH_QUERY}, opened by the first test that needs it. */
  let continuity: Page | undefined;
  /** What the pinned play of the first test heard, for the adaptive test to beat side by side. */
  let pinnedHeardMs: number | undefined;

  // A pinned 50 ms buffer: these tests check continuity; the adaptive default is checked below.
  const app = useAppPage({ query: "?buffer=50" });

  // At a 50 ms Buffer a stall of a shared two-core machine underruns (CI saw 6–57 in a take on a
  // quiet machine), and an underrun's zeros are a gap and an edge that are not the app's: the gap
  // and the click are judged on a take without underruns only. How often small queues underrun is
  // bench:realtime's report; continuity at a Buffer deep enough for the machine is the tests below.
  it(
    "plays the reconstruct demo; a gain edit is heard within 100 ms, without a gap or a click when nothing underran",
    { retry: 2, timeout: 60_000 },
    async () => {
      await stopIfPlaying(app.page);
      await openDemo(app.page, "reconstruct");
      await playLive(app.page);
      const startUnderruns = await underruns(app.page);
      await startTap(app.page, 2.8);
      await expect
        .poll(() => recordedFrames(app.page), { timeout: 10_000 })
        .toBeGreaterThan(1.4 * 44_100);
      await app.page
        .locator(".lp-toolbar")
        .screenshot({ path: `${RESULTS}/20-live-transport.png` });
      const readout = {
        backend: await app.page.locator(".lp-live-backend").getAttribute("title"),
        latency: await app.page.locator(".lp-live-latency").getAttribute("title"),
      };
      const gain = app.page.locator('[data-node-id="out"] [aria-label="gain value"]');
      await gain.fill("-40");
      await gain.press("Enter");
      const take = await takeRecording(app.page, 2.8);
      const endUnderruns = take.underruns;
      await app.page.getByRole("button", { name: "■ Stop" }).click();

      const x = take.samples;
      const edit = take.markFrame;
      expect(edit).toBeGreaterThan(at(take, 1000));
      const played = levels(x, 0, edit);
      const gap = Math.max(longestSilence(x, SILENCE, 0, edit), longestFlat(x, FLAT, 0, edit));
      // Heard: the first 5 ms window from which the level stays under a tenth of the level before.
      const ref = levels(x, edit - at(take, 200), edit).rms;
      const heardMs = heardAfter(x, edit, take.sampleRate);
      const jumpMusic = largestJump(x, edit - at(take, 1000), edit);
      const jumpChange = largestJump(x, edit, edit + at(take, 200));
      const after = levels(x, edit + at(take, 150), x.length);
      console.log("live reconstruct:", {
        ...readout,
        peak: played.peak,
        rms: played.rms,
        longestSilenceMs: (1000 * gap) / take.sampleRate,
        underruns: { atStart: startUnderruns, atEnd: endUnderruns },
        heardMs,
        jumpMusic,
        jumpChange,
        levelAfter: after.rms / ref,
      });

      expect(readout.backend).toMatch(/onnxruntime-web WASM/);
      expect(readout.backend).toMatch(/the codec's DSP compiled to WebAssembly/);
      expect(readout.latency).toMatch(/algorithmic/);
      expect(played.rms).toBeGreaterThan(0.01);
      expect(played.peak).toBeLessThanOrEqual(CEILING + 1e-6);
      const clean = endUnderruns === startUnderruns;
      if (clean) expect(gap).toBeLessThan(at(take, MAX_GAP_MS));
      else console.warn(`${endUnderruns - startUnderruns} underruns in the take: gaps not judged`);
      expect(heardMs).toBeGreaterThanOrEqual(0);
      expect(heardMs).toBeLessThanOrEqual(100);
      pinnedHeardMs = heardMs;
      // −40 dB: what remains is the music at 1 % (allowing for its own swings).
      expect(after.rms / ref).toBeLessThan(0.05);
      // The change adds no edge steeper than the music's own in the second before it.
      if (clean) expect(jumpChange).toBeLessThanOrEqual(jumpMusic);
    },
  );

  // The default Buffer setting (adaptive): once the start-up cushion is spliced out (3 s), the
  // worker keeps a few ms queued and an edit is heard after that, up to a block, and the crossfade.
  // An underrun here grows the queue, as it should; the edits still have to be heard in time.
  it(
    "with the adaptive buffer, a gain edit while a file plays is heard sooner than with the buffer pinned at 50 ms (median of 3 plays)",
    { retry: 1, timeout: 90_000 },
    async () => {
      const adaptive = await openApp(app);
      await openDemo(adaptive, "reconstruct");
      const gain = adaptive.locator('[data-node-id="out"] [aria-label="gain value"]');
      const heard: number[] = [];
      const notes: unknown[] = [];
      // A warm-up play first: a fresh page's first play is slow for its own reasons.
      for (let play = -1; play < 3; play++) {
        await gain.fill("0");
        await gain.press("Enter");
        await playLive(adaptive);
        // The demo's recording lasts 4.04 s and the output stops at its end, so the take must be
        // over by then, counted from wherever the tap started: 3.5 s leaves it 0.5 s to start.
        // The edit comes after the start-up cushion (3 s of play).
        await startTap(adaptive, 3.5);
        await expect
          .poll(() => recordedFrames(adaptive), { timeout: 10_000 })
          .toBeGreaterThan(3.05 * 44_100);
        await gain.fill("-40");
        await gain.press("Enter");
        const latency = await adaptive.locator(".lp-live-latency").getAttribute("title");
        const take = await takeRecording(adaptive, 3.5);
        await stopIfPlaying(adaptive);
        if (play < 0) continue;
        heard.push(heardAfter(take.samples, take.markFrame, take.sampleRate));
        notes.push({ underruns: take.underruns, latency });
      }
      await adaptive.context().close();
      console.log("adaptive file queue:", { heard, notes });
      expect(Math.min(...heard)).toBeGreaterThanOrEqual(0);
      // Side by side with the pinned play of the test above (this run, this machine): an absolute
      // bound would be a timed assertion; bench:edits reports the figures (42.6 ms median there).
      expect(pinnedHeardMs).toBeDefined();
      expect([...heard].sort((a, b) => a - b)[1]).toBeLessThan(pinnedHeardMs!);
      expect(Math.max(...heard)).toBeLessThanOrEqual(100);
    },
  );

  // Continuity, not speed: a page of its own with a Buffer deep enough for a CI machine's stalls.
  it(
    "crossfades to another demo opened while playing, with no gap of silence",
    { retry: 2, timeout: 90_000 },
    async () => {
      await stopIfPlaying(app.page);
      continuity ??= await openApp(app, { query: SWITCH_QUERY });
      const p = continuity;
      await stopIfPlaying(p);
      // Cello to cello: a piano's decaying tail would fall silent by itself if a slow machine
      // delayed the switch, and its attack would out-jump the music around it.
      await openDemo(p, "filmr-sweep");
      // Looped: the new demo continues at the old one's position (an edit's rule), and its
      // material must not end inside the take.
      await loopOn(p);
      await playLive(p);
      await startTap(p, 2.8);
      await expect.poll(() => recordedFrames(p), { timeout: 10_000 }).toBeGreaterThan(1.0 * 44_100);
      const beforeSwitch = await underruns(p);
      await selectDemo(p, "lfo-rotate");
      const take = await takeRecording(p, 2.8);
      const status = await p.evaluate(() => window.__latentPatcher!.liveStats());
      await p.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/22-live-after-switch.png` });
      await p.getByRole("button", { name: "■ Stop" }).click();

      const x = take.samples;
      const edit = take.markFrame;
      // The tap may catch the queue's silence before the first sound: gaps count from there on.
      const first = Math.max(
        0,
        x.findIndex((v) => Math.abs(v) >= SILENCE),
      );
      expect(first).toBeLessThan(edit);
      const gap = Math.max(
        longestSilence(x, SILENCE, first, x.length),
        longestFlat(x, FLAT, first, x.length),
      );
      const jumpMusic = Math.max(
        largestJump(x, first, edit),
        largestJump(x, edit + at(take, 600), x.length),
      );
      const jumpSwitch = largestJump(x, edit, edit + at(take, 600));
      const rms = windowRms(x, at(take, 10), edit - at(take, 100), edit + at(take, 600)).map(
        (v) => +v.toFixed(3),
      );
      console.log("live switch:", {
        longestSilenceMs: (1000 * gap) / take.sampleRate,
        jumpMusic,
        jumpSwitch,
        rms10ms: rms,
        beforeSwitch,
        status,
      });
      expect(status?.worker?.error).toBeUndefined();
      expect((status?.output?.underruns ?? -1) - beforeSwitch).toBe(0);
      expect(gap).toBeLessThan(at(take, MAX_GAP_MS));
      // No click is judged here: the cello's own sample-to-sample steps reach 0.5, as large as a
      // dropped block's splice would make (measured: splicing this music is not detectable from
      // its steps), and where the switch lands in the music decides which window holds the
      // largest. The jumps are logged; the fade itself is checked on a steady tone in
      // tests/stream/engineHostLoad.test.ts and tests/stream/curveEdit.test.ts.
    },
  );
});
