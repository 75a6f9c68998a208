/**
 * The performance view in a real Chromium: a stand-in `requestMIDIAccess` (only the browser's
 * device list is faked; webmidi and everything of ours runs as shipped) sends CC and note
 * messages; MIDI learn maps a knob to the output gain, snapshots store and recall it (keys 1–9),
 * and the morph, driven by a learned knob, is heard in the tapped output. A learned key restarts
 * a sound after it ended, heard again in full; the view's meter moves and its patch text applies.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDemo } from "./actions";
import { hasChromium, patchText, ready, shot, useAppPage } from "./harness";
import { recordedFrames, startTap, takeRecording } from "./liveTap";
import { levels, onset, windowRms } from "./tapAnalysis";
import { fakeMidi, sendMidi as send } from "./fakeMidi";

const outGain = async (page: Page): Promise<number | undefined> => {
  const patch = JSON.parse(await patchText(page)) as {
    nodes: { id: string; params: Record<string, unknown> }[];
  };
  return patch.nodes.find((n) => n.id === "out")?.params.gain as number | undefined;
};

interface PerformPart {
  snapshots: unknown[];
  midi: unknown[];
  morph?: { amount: number };
}

const performPart = async (page: Page): Promise<PerformPart> =>
  (JSON.parse(await patchText(page)) as { perform: PerformPart }).perform;

const stop = async (page: Page) => {
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
};

/** RMS of a 1.2 s take from the start of a play (generous waits: the machine may be busy). */
async function playedRms(page: Page): Promise<number> {
  await page.getByRole("button", { name: "▶ Play" }).click();
  try {
    await page.waitForFunction(
      () => window.__latentPatcher?.liveOutput() !== undefined,
      undefined,
      {
        timeout: 90_000,
      },
    );
  } catch (err) {
    await shot(page, "61-perform-play-failed");
    const status = await page.locator(".lp-status").textContent();
    throw new Error(`playback did not start; the status line says: ${status}`, { cause: err });
  }
  await startTap(page, 1.2);
  const take = await takeRecording(page, 1.2);
  await stop(page);
  return levels(take.samples, Math.round(0.2 * take.sampleRate)).rms;
}

describe.skipIf(!hasChromium)("performance view: MIDI learn, snapshots, morph", () => {
  const app = useAppPage({ initScript: fakeMidi, query: "?buffer=50" });

  it(
    "maps a knob by MIDI learn, stores and recalls snapshots, morphs, and is heard",
    { timeout: 240_000 },
    async () => {
      await openDemo(app.page, "reconstruct");
      await app.page.keyboard.press("p");
      const view = app.page.getByRole("region", { name: "performance view" });
      await expect.poll(() => view.textContent()).toContain("Fake Knobs");

      await view.locator('select[aria-label="add a control"]').selectOption("out.gain");
      const control = view.locator(".lp-perf-control", { hasText: "out.gain" });
      await control.getByRole("button", { name: "Learn" }).click();
      await send(app.page, [0xb0, 21, 127]); // CC 21, channel 1, top: +12 dB
      await expect.poll(() => control.textContent()).toContain("CC 21 ch 1");
      await expect.poll(() => outGain(app.page)).toBe(12);

      await send(app.page, [0xb0, 21, 0]); // bottom: −60 dB
      await expect.poll(() => outGain(app.page)).toBe(-60);
      await view.getByRole("button", { name: "Store" }).click(); // A: −60 dB
      await send(app.page, [0xb0, 21, 105]); // ≈ −0.5 dB
      await expect.poll(() => outGain(app.page)).toBeCloseTo(-60 + (105 / 127) * 72, 6);
      await view.getByRole("button", { name: "Store" }).click(); // B: ≈ −0.5 dB
      expect((await performPart(app.page)).snapshots).toHaveLength(2);
      await shot(app.page, "60-perform-view");

      await app.page.keyboard.press("1"); // recall A over the 250 ms fade
      await expect.poll(() => outGain(app.page)).toBe(-60);
      const quiet = await playedRms(app.page);
      await app.page.keyboard.press("2");
      await expect.poll(() => outGain(app.page)).toBeCloseTo(-60 + (105 / 127) * 72, 6);
      const loud = await playedRms(app.page);
      expect(loud).toBeGreaterThan(0.01);
      expect(loud / quiet).toBeGreaterThan(100); // ≈ 60 dB apart

      // The morph A → B on a learned knob: halfway is ≈ 30 dB below B.
      await view.locator('select[aria-label="morph from"]').selectOption("A");
      await view.locator('select[aria-label="morph to"]').selectOption("B");
      await view.locator(".lp-perf-morph").getByRole("button", { name: "Learn" }).click();
      await send(app.page, [0xb0, 22, 64]);
      await expect
        .poll(async () => (await performPart(app.page)).morph?.amount)
        .toBeCloseTo(64 / 127, 6);
      const half = await playedRms(app.page);
      const db = 20 * Math.log10(loud / half);
      expect(db).toBeGreaterThan(20);
      expect(db).toBeLessThan(40);

      // Esc cancels a learn: the next CC maps nothing.
      await control.getByRole("button", { name: "Learn" }).click();
      await app.page.keyboard.press("Escape");
      await send(app.page, [0xb0, 30, 5]);
      expect((await performPart(app.page)).midi).toHaveLength(2);
    },
  );

  it(
    "restarts a sound from its start on a learned key; shows the output meter and the patch text",
    { timeout: 240_000 },
    async () => {
      const view = app.page.getByRole("region", { name: "performance view" });
      if ((await view.count()) === 0) await app.page.keyboard.press("p");
      await expect.poll(() => view.textContent()).toContain("Fake Knobs");
      const text = view.getByRole("complementary", { name: "patch text" });
      await expect.poll(() => text.textContent()).toContain("AudioIn");
      const meter = view.getByRole("meter", { name: /output level/ });
      expect(await meter.getAttribute("aria-valuenow")).toBe("-60");

      // The view's text, applied with Ctrl-Enter: a 1 s sine (0.5 peak) straight to the output.
      await text.locator(".cm-content").click();
      await app.page.keyboard.press("Control+A");
      await app.page.keyboard.insertText(
        "src = AudioIn source=sine frequency=440 amplitude=0.5 seconds=1\nout = AudioOut src gain=0\n",
      );
      await app.page.keyboard.press("Control+Enter");
      await expect
        .poll(async () =>
          (
            JSON.parse(await patchText(app.page)) as PerformPart & { nodes: { id: string }[] }
          ).nodes.map((n) => n.id),
        )
        .toEqual(["src", "out"]);
      await app.page.keyboard.press("Escape"); // back to the view's keys

      const row = view.locator(".lp-perf-retrigger .lp-perf-control", { hasText: "src" });
      await row.getByRole("button", { name: "Learn" }).click();
      await send(app.page, [0xb0, 30, 64]); // a knob teaches a retrigger nothing
      await send(app.page, [0x90, 60, 100]); // middle C, channel 1
      await expect.poll(() => row.textContent()).toContain("note 60 ch 1");

      await app.page.getByRole("button", { name: "▶ Play" }).click();
      await app.page.waitForFunction(
        () => window.__latentPatcher?.liveOutput() !== undefined,
        undefined,
        {
          timeout: 90_000,
        },
      );
      // The meter moves while the sine plays, and falls back once it has ended.
      const level = () =>
        app.page.evaluate(() =>
          Number(document.querySelector('[role="meter"]')?.getAttribute("aria-valuenow")),
        );
      await app.page.waitForFunction(
        () => Number(document.querySelector('[role="meter"]')?.getAttribute("aria-valuenow")) > -20,
        undefined,
        { timeout: 30_000, polling: "raf" },
      );
      await app.page.waitForFunction(
        () =>
          Number(document.querySelector('[role="meter"]')?.getAttribute("aria-valuenow")) <= -60,
        undefined,
        { timeout: 30_000, polling: "raf" },
      );
      expect(await level()).toBe(-60);
      // Held for notes: still playing after the sound ended. The key starts it again.
      expect(
        await app.page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined),
      ).toBe(true);
      await startTap(app.page, 3);
      await app.page.waitForTimeout(500);
      const sentAt = await recordedFrames(app.page);
      await send(app.page, [0x90, 60, 100]);
      const take = await takeRecording(app.page, 3);
      await stop(app.page);
      await shot(app.page, "62-perform-retrigger");
      const x = take.samples;
      const rate = take.sampleRate;
      const start = onset(x, 0.05);
      expect(start).toBeGreaterThan(0.2 * rate); // silent until the key
      expect(levels(x, 0, start - Math.round(0.02 * rate)).rms).toBeLessThan(0.005);
      // Then the whole sound from its start: ≈ 1 s at the sine's level (0.5 / √2), then silence
      // (margins for an underrun of a busy machine, which delays the rest of the sound).
      const windows = windowRms(x, Math.round(0.05 * rate), start, x.length);
      const last = windows.reduce((at, r, i) => (r > 0.1 ? i : at), -1);
      expect(last * 0.05).toBeGreaterThan(0.8);
      expect(last * 0.05).toBeLessThan(1.6);
      expect(Math.max(...windows)).toBeLessThan(0.4);
      const body = levels(x, start + Math.round(0.1 * rate), start + Math.round(0.8 * rate)).rms;
      expect(body).toBeGreaterThan(0.2);
      // Reported, not asserted: from the note to its sound at the output (buffer and a block).
      console.log(
        `retrigger heard ${(((start - sentAt) / rate) * 1000).toFixed(0)} ms after the note`,
      );
    },
  );

  it(
    "says once that MIDI is unavailable, and everything else works",
    { timeout: 150_000 },
    async () => {
      const plain = await app.page.context().newPage();
      await plain.addInitScript(() =>
        Object.defineProperty(navigator, "requestMIDIAccess", { value: undefined }),
      );
      await plain.goto(app.url, { timeout: 90_000 });
      await ready(plain);
      await plain.keyboard.press("p");
      const view = plain.getByRole("region", { name: "performance view" });
      await expect.poll(() => view.textContent()).toContain("this browser has no Web MIDI");
      // The page opens the first page's autosave (same origin): one more snapshot than it had.
      const text = await patchText(plain);
      const before = (JSON.parse(text) as { perform?: PerformPart }).perform?.snapshots.length ?? 0;
      await view.getByRole("button", { name: "Store" }).click();
      expect((await performPart(plain)).snapshots).toHaveLength(before + 1);
      await plain.close();
    },
  );
});
