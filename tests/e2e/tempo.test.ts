/**
 * The tempo in a real Chromium: the lfo-rotate demo plays live, the BPM field is changed while it
 * plays, and the worker's beat (which the bar.beat readout shows) advances at the new rate from
 * then on, while the sound goes on without a restart. The rate is measured in beats per frame of
 * audio heard, so a busy machine's late status polls do not blur it. The demo's cello
 * is 4 s long, less than a busy machine takes between Play and the first measurement, so the
 * test plays the demo with a 30 s tone in the cello's place (dropped as a patch file).
 */

/** The lfo-rotate demo, its source a 30 s tone. */
function longDemo(): Uint8Array {
  const patch = JSON.parse(readFileSync("examples/lfo-rotate.patch.json", "utf8")) as {
    nodes: { id: string; params: Record<string, unknown> }[];
    assets?: unknown;
    name: string;
  };
  const source = patch.nodes.find((n) => n.id === "cello")!;
  source.params = { source: "sine", frequency: 220, amplitude: 0.4, seconds: 30 };
  delete patch.assets;
  patch.name = "LFO rotation, long";
  return new TextEncoder().encode(JSON.stringify(patch));
}
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { dropFile } from "./actions";
import { hasChromium, openApp, patchText, RESULTS, useApp } from "./harness";
import { startTap, takeRecording } from "./liveTap";
import { levels, longestSilence } from "./tapAnalysis";

const CEILING = 10 ** (-1 / 20);

/** The default model's samples per latent frame (neural-spectral-2: 4 STFT hops of 256). */
const HOP = 1024;
const RATE = 44_100;

/** The worker's beat and the frame being heard (render position less the queue). */
const heard = (page: Page) =>
  page.evaluate(() => {
    const w = window.__latentPatcher!.liveStats()?.worker;
    return (
      w?.transport && { beat: w.transport.beat, frame: w.framePosition - w.bufferedFrames / 1024 }
    );
  });

/**
 * The tempo the beat advanced at, in BPM, over at least `ms`: beats per frame heard between two
 * worker statuses, independent of how late the page hears of them on a busy machine.
 */
async function measuredBpm(page: Page, ms: number): Promise<number> {
  const a = (await heard(page))!;
  await new Promise((r) => setTimeout(r, ms));
  await expect
    .poll(async () => (await heard(page))!.frame, { timeout: 30_000 })
    .toBeGreaterThan(a.frame + 10);
  const b = (await heard(page))!;
  return ((b.beat - a.beat) / (b.frame - a.frame)) * (RATE / HOP) * 60;
}

const framePosition = (page: Page): Promise<number> =>
  page.evaluate(() => window.__latentPatcher!.liveStats()?.worker?.framePosition ?? -1);

describe.skipIf(!hasChromium)("tempo while playing, in Chromium", () => {
  const app = useApp();

  it(
    "a new BPM typed while the LFO demo plays is heard at once: the beat readout speeds up, the sound goes on",
    { retry: 1, timeout: 240_000 },
    async () => {
      // A fresh page for each try: a failed try's playback must not overlap the next one's.
      const page = await openApp(app, { query: "?buffer=50" });
      await dropFile(page, "lfo-rotate-long.patch.json", longDemo(), { type: "application/json" });
      await expect.poll(() => patchText(page), { timeout: 20_000 }).toContain("LFO rotation, long");
      const bpm = page.locator('[aria-label="tempo"]');
      await expect.poll(() => bpm.inputValue()).toBe("100");
      await page.getByRole("button", { name: "▶ Play" }).click();
      // A fresh page loads the model first: slow on a busy machine.
      await page.waitForFunction(() => window.__latentPatcher!.liveOutput() !== undefined, null, {
        timeout: 90_000,
      });
      // The first status poll brings the beat (every 250 ms).
      await page.waitForFunction(() => window.__latentPatcher!.liveBeat() !== undefined, null, {
        timeout: 90_000,
      });
      const readout = page.locator('[aria-label="bar.beat"]');
      await expect.poll(() => readout.textContent()).toMatch(/^\d+\.[1-4]$/);
      const before = await measuredBpm(page, 700);
      const shown = await readout.textContent();
      await startTap(page, 1.5);
      const frameBefore = await framePosition(page);
      await bpm.fill("200");
      await bpm.press("Enter"); // the tap marks this moment
      // Heard after the queue (50 ms) and the patch's latency; reported at the next status poll.
      const reported = () =>
        page.evaluate(() => window.__latentPatcher!.liveStats()?.worker?.transport?.bpm);
      await expect.poll(reported, { timeout: 20_000 }).toBe(200);
      const after = await measuredBpm(page, 700);
      const take = await takeRecording(page, 1.5);
      const frameAfter = await framePosition(page);
      await page.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/40-tempo.png` });
      const text = await readout.textContent();
      const saved = await patchText(page);
      await page.getByRole("button", { name: "■ Stop" }).click();
      await page.close();

      const x = take.samples;
      const edit = take.markFrame;
      const sr = take.sampleRate;
      const beforeLevel = levels(x, 0, edit);
      const afterLevel = levels(x, edit, x.length);
      const gapMs = (1000 * longestSilence(x, 1e-4, 0, x.length)) / sr;
      console.log("tempo change:", { before, after, shown, text, beforeLevel, afterLevel, gapMs });

      // The beat follows the tempo exactly in audio time (a tempo map, not a timer).
      expect(before).toBeCloseTo(100, 3);
      expect(after).toBeCloseTo(200, 3);
      // The readout shows bar.beat and moved on.
      expect(text).toMatch(/^\d+\.[1-4]$/);
      expect(text).not.toBe(shown);
      // No restart: the worker went on from where it was.
      expect(frameAfter).toBeGreaterThan(frameBefore);
      // The sound goes on, within full scale.
      expect(edit).toBeGreaterThan(0);
      // (the rotation swings the timbre and a stall's underrun takes some level: a wide margin)
      expect(afterLevel.rms).toBeGreaterThan(0.1 * beforeLevel.rms);
      expect(Math.max(beforeLevel.peak, afterLevel.peak)).toBeLessThanOrEqual(CEILING + 1e-6);
      // A stall of this busy machine can leave an underrun of a few hundred ms (printed above); a
      // restart would also have sent the beat back to 0, which the rates above rule out.
      expect(gapMs).toBeLessThan(500);
      // Saved in the patch (an undoable edit).
      expect(saved).toMatch(/"bpm": 200\b/);
    },
  );
});
