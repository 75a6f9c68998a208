/**
 * Changing models while playing, in a real Chromium (issue 20's bug: the sound stopped and stayed
 * stopped). The reconstruct demo loops; its Encode is switched to the linear pack first — a
 * half-done change, its Decode still on the default — then the Decode too. The first is refused
 * while the previous version plays on (the status says so); the second is heard. The output is
 * tapped throughout: it never falls silent, and playback is still running at the end.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDemo, playLive, statusText } from "./actions";
import { CONTINUITY_QUERY, hasChromium, useAppPage } from "./harness";
import { recordedFrames, startTap, takeRecording } from "./liveTap";
import { windowRms } from "./tapAnalysis";

const modelOf = (page: Page, node: string) =>
  page.locator(`[data-node-id="${node}"] select[aria-label="model"]`);

describe.skipIf(!hasChromium)("model change while playing, in Chromium", () => {
  const app = useAppPage({ query: CONTINUITY_QUERY });

  it(
    "a half-done model change keeps the old sound and says why; the finished one is heard; playback never stops",
    { retry: 1, timeout: 240_000 },
    async () => {
      if (await app.page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined)) {
        await app.page.getByRole("button", { name: "■ Stop" }).click();
        await app.page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
      }
      await openDemo(app.page, "reconstruct");
      const loop = app.page.getByRole("button", { name: "⟲ Loop" });
      if ((await loop.getAttribute("aria-pressed")) !== "true") await loop.click();
      await playLive(app.page);
      await startTap(app.page, 14);
      await expect
        .poll(() => recordedFrames(app.page), { timeout: 20_000 })
        .toBeGreaterThan(44_100);

      await modelOf(app.page, "encode").selectOption("pca-spectral");
      await expect
        .poll(() => statusText(app.page), { timeout: 60_000 })
        .toMatch(/the previous version plays on/);
      expect(
        await app.page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined),
      ).toBe(true);
      await modelOf(app.page, "decode").selectOption("pca-spectral");
      await expect
        .poll(() => statusText(app.page), { timeout: 60_000 })
        .toBe("the edited patch plays now");
      const take = await takeRecording(app.page, 14);
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
      expect(
        await app.page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined),
      ).toBe(true);
      await app.page.getByRole("button", { name: "■ Stop" }).click();
      await app.page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
    },
  );
});
