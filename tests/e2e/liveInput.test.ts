/**
 * Live input in a real Chromium: a fake microphone (Chromium's fake capture device playing a WAV
 * written here) → capture worklet → capture ring → engine worker (AudioIn live → Encode → Decode
 * → AudioOut) → output ring → output worklet, tapped after the output node. The recording must
 * be non-silent, without gaps, with no underruns; the latency probe's clicks must come back
 * after the delay the live path is built for. A refused permission is said beside the button.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { openMenu, playLive } from "./actions";
import {
  CONTINUITY_QUERY,
  hasChromium,
  newAppContext,
  openAppPage,
  RESULTS,
  useApp,
} from "./harness";
import { fakeMicrophoneArgs, openLivePatch } from "./liveInputFixture";
import { recordedFrames, startTap, takeRecording } from "./liveTap";
import { heardAfter, levels, longestFlat, longestSilence } from "./tapAnalysis";

const CEILING = 10 ** (-1 / 20);
const SILENCE = 1e-4;
const FLAT = 1e-5;
describe.skipIf(!hasChromium)("live input in Chromium", () => {
  let context: BrowserContext;

  const app = useApp({ args: fakeMicrophoneArgs() });

  beforeAll(async () => {
    context = await newAppContext(app);
  }, 150_000);

  // Chromium's fake capture device feeds its file from a timer: on a loaded two-core machine it
  // can hand over a late stretch as silence, which no part of the app controls. A broken path
  // fails every try; a late timer rarely twice in a row.
  it(
    "plays the microphone through Encode → Decode without gaps or underruns, and measures the latency",
    { retry: 2, timeout: 120_000 },
    async () => {
      // A 400 ms queue (CONTINUITY_QUERY): this test checks continuity and the probe's arithmetic
      // on shared CI machines, whose stalls starved a 150 ms queue; the default queue's latency
      // is measured by `npm run bench:live`.
      // A failed try leaves its page playing: close it, so a retry has the machine to itself.
      for (const open of context.pages()) await open.close();
      const page = await openAppPage(context, app, { query: CONTINUITY_QUERY });
      await openLivePatch(page);
      await openMenu(page, "Live");

      await page.getByRole("button", { name: "● Input" }).click();
      await expect
        .poll(() => page.getByRole("button", { name: "● Input" }).getAttribute("aria-pressed"))
        .toBe("true");
      await playLive(page);
      // The input meter moves while the microphone plays.
      await expect
        .poll(
          () =>
            page
              .locator('[aria-label="input level"]')
              .evaluate((e) => parseFloat((e as HTMLElement).style.width) || 0),
          { timeout: 10_000 },
        )
        .toBeGreaterThan(10);

      // Start-up (a cold page's first model runs) may underrun and resync once; from the tap on,
      // while the path is warm, the counter must not move.
      const atTap =
        (await page.evaluate(() => window.__latentPatcher!.liveStats()))?.output?.underruns ?? 0;
      await startTap(page, 3);
      await expect.poll(() => recordedFrames(page), { timeout: 10_000 }).toBeGreaterThan(44_100);
      const take = await takeRecording(page, 3);
      const x = take.samples;
      const played = levels(x);
      // The output starts with the live queue's silence (the delay the path is built for), which
      // the tap may catch; the microphone plays a steady chord, so from its first sound on the
      // output must never fall silent. The first sound must come within the tap's first second.
      const firstSound = x.findIndex((v) => Math.abs(v) >= SILENCE);
      expect(firstSound).toBeGreaterThanOrEqual(0);
      expect(firstSound).toBeLessThan(take.sampleRate);
      const gap = Math.max(
        longestSilence(x, SILENCE, firstSound, x.length),
        longestFlat(x, FLAT, firstSound, x.length),
      );
      const stats = await page.evaluate(() => window.__latentPatcher!.liveStats());

      await page.getByRole("button", { name: "◷ Latency" }).click();
      const measured = page.locator('[aria-label="measured latency"]');
      await expect.poll(() => measured.count(), { timeout: 20_000 }).toBe(1);
      const measuredText = (await measured.textContent()) ?? "";
      const measuredMs = parseFloat(measuredText);
      // The transport's readout takes the measurement at its next refresh.
      const readoutOf = () => page.locator(".lp-live-latency").getAttribute("title");
      await expect.poll(readoutOf, { timeout: 5_000 }).toMatch(/measured input → output/);
      const readout = await readoutOf();
      const after = await page.evaluate(() => window.__latentPatcher!.liveStats());
      await page.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/30-live-input.png` });
      await page.getByRole("button", { name: "■ Stop" }).click();

      const input = after?.worker?.input;
      const expectedMs = input ? (1000 * input.delaySamples) / take.sampleRate : NaN;
      console.log("live input:", {
        peak: played.peak,
        rms: played.rms,
        longestGapMs: (1000 * gap) / take.sampleRate,
        underruns: take.underruns,
        underrunsBeforeTap: atTap,
        measuredMs,
        expectedMs,
        readout,
        input,
      });
      expect(stats?.worker?.error).toBeUndefined();
      expect(stats?.worker?.input).toBeDefined();
      expect(played.rms).toBeGreaterThan(0.01);
      expect(played.peak).toBeLessThanOrEqual(CEILING + 1e-6);
      expect(gap).toBeLessThan(Math.round(0.002 * take.sampleRate));
      expect(take.underruns - atTap).toBe(0);
      expect((after?.output?.underruns ?? -1) - atTap).toBe(0);
      // The probe measures samples, not wall time: the clicks come back after the built-in delay
      // (output queue + block + codec), give or take the codec's smearing of a click (< 1 frame).
      expect(Math.abs(measuredMs - expectedMs)).toBeLessThan((1000 * 1024) / take.sampleRate);
      await page.close();
    },
  );

  // Real time on a shared machine, like the test above.
  it(
    "hears a gain edit on the live input within 100 ms past the adaptive buffer's queue",
    { retry: 2, timeout: 90_000 },
    async () => {
      for (const open of context.pages()) await open.close();
      const page = await openAppPage(context, app);
      await openLivePatch(page);
      await openMenu(page, "Live");
      await page.getByRole("button", { name: "● Input" }).click();
      await playLive(page);
      await page.waitForTimeout(3_500); // past the adaptive buffer's first seconds
      await startTap(page, 2.5);
      await expect
        .poll(() => recordedFrames(page), { timeout: 10_000 })
        .toBeGreaterThan(1.2 * 44_100);
      const gain = page.locator('[data-node-id="out"] [aria-label="gain value"]');
      await gain.fill("-40");
      await gain.press("Enter");
      const take = await takeRecording(page, 2.5);
      const input = (await page.evaluate(() => window.__latentPatcher!.liveStats()))?.worker?.input;
      await page.getByRole("button", { name: "■ Stop" }).click();
      const heardMs = heardAfter(take.samples, take.markFrame, take.sampleRate);
      console.log("live input gain edit:", {
        heardMs,
        queueMs: input && (1000 * input.queueSamples) / take.sampleRate,
        underruns: take.underruns,
      });
      expect(take.markFrame).toBeGreaterThan(0);
      expect(heardMs).toBeGreaterThanOrEqual(0);
      // Heard within 100 ms past the queue the adaptive Buffer keeps: a stall of a shared machine
      // grows that queue, as it should (CI saw 132 ms after 57–79 underruns, heard at 165–175 ms);
      // its size on a quiet machine is bench:live's report (a few ms to tens of ms).
      const queueMs = input ? (1000 * input.queueSamples) / take.sampleRate : NaN;
      expect(heardMs - queueMs).toBeLessThanOrEqual(100);
      await page.close();
    },
  );

  it("the Buffer menu pins the live buffer while playing, and auto lets it adapt again", async () => {
    for (const open of context.pages()) await open.close();
    const page = await openAppPage(context, app, { query: "?buffer=150" });
    await openLivePatch(page);
    await openMenu(page, "Live");
    const menu = page.getByRole("combobox", { name: "live buffer" });
    expect(await menu.inputValue()).toBe("150"); // ?buffer= chose the starting entry
    await page.getByRole("button", { name: "● Input" }).click();
    await playLive(page);
    const input = async () =>
      (await page.evaluate(() => window.__latentPatcher!.liveStats()))?.worker?.input;
    const queueMs = async () => {
      const i = await input();
      return i ? { ms: Math.round((1000 * i.queueSamples) / 44100), pinned: i.queuePinned } : {};
    };
    await expect.poll(queueMs, { timeout: 20_000 }).toEqual({ ms: 150, pinned: true });
    await menu.selectOption("30");
    await expect.poll(queueMs, { timeout: 10_000 }).toEqual({ ms: 30, pinned: true });
    await menu.selectOption("auto");
    await expect.poll(async () => (await queueMs()).pinned, { timeout: 10_000 }).toBe(false);
    // The auto entry shows where the adaptive buffer stands.
    await expect
      .poll(() => menu.locator('option[value="auto"]').textContent(), { timeout: 5_000 })
      .toMatch(/^auto · \d+ ms$/);
    await page.getByRole("button", { name: "■ Stop" }).click();
    await page.close();
  });

  it("says so beside the button when the microphone permission is refused", async () => {
    const page = await openAppPage(context, app, {
      initScript: () => {
        navigator.mediaDevices.getUserMedia = () =>
          Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
      },
    });
    await openMenu(page, "Live");
    await page.getByRole("button", { name: "● Input" }).click();
    const alert = page.locator(".lp-input-error");
    await expect.poll(() => alert.textContent()).toContain("microphone permission was denied");
    expect(await page.getByRole("button", { name: "● Input" }).getAttribute("aria-pressed")).toBe(
      "false",
    );
    // Playing a live patch asks for the input and fails with the same sentence, nothing else breaks.
    await openLivePatch(page);
    await page.getByRole("button", { name: "▶ Play" }).click();
    await expect
      .poll(() => page.locator(".lp-status.error").textContent())
      .toContain("microphone permission was denied");
    await page.close();
  }, 60_000);
});
