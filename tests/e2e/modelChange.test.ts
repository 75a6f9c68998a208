/**
 * Changing models while playing, in a real Chromium (issue 20's bug: the sound stopped and stayed
 * stopped). The reconstruct demo loops; its Encode is switched to the linear pack first — a
 * half-done change, its Decode still on the default — then the Decode too. The first is refused
 * while the previous version plays on (the status says so); the second is heard. The output is
 * tapped throughout: it never falls silent, and playback is still running at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDemo, playLive, statusText } from "./actions";
import { CONTINUITY_QUERY, hasChromium, openApp, startApp, type App } from "./harness";
import { recordedFrames, startTap, takeRecording } from "./liveTap";
import { windowRms } from "./tapAnalysis";

const modelOf = (page: Page, node: string) =>
  page.locator(`[data-node-id="${node}"] select[aria-label="model"]`);

describe.skipIf(!hasChromium)("model change while playing, in Chromium", () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    page = await openApp(app, { query: CONTINUITY_QUERY });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it(
    "a half-done model change keeps the old sound and says why; the finished one is heard; playback never stops",
    { retry: 1, timeout: 240_000 },
    async () => {
      if (await page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined)) {
        await page.getByRole("button", { name: "■ Stop" }).click();
        await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
      }
      await openDemo(page, "reconstruct");
      const loop = page.getByRole("button", { name: "⟲ Loop" });
      if ((await loop.getAttribute("aria-pressed")) !== "true") await loop.click();
      await playLive(page);
      await startTap(page, 14);
      await expect.poll(() => recordedFrames(page), { timeout: 20_000 }).toBeGreaterThan(44_100);

      await modelOf(page, "encode").selectOption("pca-spectral");
      await expect
        .poll(() => statusText(page), { timeout: 60_000 })
        .toMatch(/the previous version plays on/);
      expect(await page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined)).toBe(
        true,
      );
      await modelOf(page, "decode").selectOption("pca-spectral");
      await expect
        .poll(() => statusText(page), { timeout: 60_000 })
        .toBe("the edited patch plays now");
      const take = await takeRecording(page, 14);
      const rate = take.sampleRate;
      // 250 ms windows after the first second: the piano loops, so none is silent.
      const rms = windowRms(take.samples, Math.round(rate / 4), rate, take.samples.length);
      console.log("model change while playing:", {
        quietest: Math.min(...rms),
        median: [...rms].sort((a, b) => a - b)[rms.length >> 1],
        windows: rms.length,
        underruns: take.underruns,
      });
      expect(rms.length).toBeGreaterThan(20);
      expect(Math.min(...rms)).toBeGreaterThan(1e-3);
      expect(await page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined)).toBe(
        true,
      );
      await page.getByRole("button", { name: "■ Stop" }).click();
      await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
    },
  );
});
