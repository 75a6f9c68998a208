/**
 * The text view in a real Chromium: a patch typed and applied with Ctrl-Enter while another plays
 * takes over without a gap; a text with an error keeps the old sound and marks its line; a canvas
 * edit (undo) shows in the text.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDemo, playLive } from "./actions";
import { CONTINUITY_QUERY, hasChromium, RESULTS, useAppPage } from "./harness";
import { recordedFrames, startTap, takeRecording, type Take } from "./liveTap";
import { largestJump, levels, longestFlat, longestSilence } from "./tapAnalysis";
import { editorText, openTextView, reconstructText, replaceText } from "./textEditor";

/** As in the streaming test: silence, the longest gap allowed, and a DC-blocked underrun. */
const SILENCE = 1e-4;
const MAX_GAP_MS = 2;
const FLAT = 1e-5;

const at = (take: Take, ms: number) => Math.round((ms / 1000) * take.sampleRate);
const nodeIds = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    (JSON.parse(window.__latentPatcher!.patchText()) as { nodes: { id: string }[] }).nodes.map(
      (n) => n.id,
    ),
  );

/** Stops playback, or a start still loading (a failed try may leave either). */
async function stopIfPlaying(page: Page): Promise<void> {
  const play = page.getByRole("button", { name: "▶ Play" });
  const playing = await page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined);
  if (!playing && (await play.isEnabled())) return;
  await page.getByRole("button", { name: "■ Stop" }).click();
  await page.waitForFunction(() => window.__latentPatcher!.liveOutput() === undefined);
  await expect.poll(() => play.isEnabled(), { timeout: 60_000 }).toBe(true);
}

/** Ctrl-Enter in the editor (the Play button had the focus). */
async function apply(page: Page): Promise<void> {
  await page.locator(".lp-text .cm-content").focus();
  await page.keyboard.press("Control+Enter");
}

describe.skipIf(!hasChromium)("the text view in Chromium", () => {
  const app = useAppPage({ query: CONTINUITY_QUERY });

  it("shows the open patch as text, one line per node", async () => {
    await openDemo(app.page, "reconstruct");
    await openTextView(app.page);
    const text = await editorText(app.page);
    expect(text).toContain("piano  = AudioIn asset=piano");
    expect(text).toContain("out    = AudioOut decode");
    await expect.poll(() => app.page.locator(".lp-text-sounding").count()).toBe(4);
  }, 120_000);

  // The applied patch reuses the playing one's model sessions (PackCache), so the worker keeps
  // streaming while it loads; before, rebuilding them left a 78–189 ms gap. Real time on a shared
  // machine: a broken apply fails every try, a stall rarely three times in a row.
  it(
    "applies a typed patch with Ctrl-Enter while another plays, with no gap of silence",
    { retry: 2, timeout: 90_000 },
    async () => {
      await stopIfPlaying(app.page);
      await openDemo(app.page, "reconstruct");
      await openTextView(app.page);
      await replaceText(app.page, reconstructText({ rotate: 60 }));
      await playLive(app.page);
      await startTap(app.page, 2.8);
      await expect
        .poll(() => recordedFrames(app.page), { timeout: 10_000 })
        .toBeGreaterThan(1.0 * 44_100);
      await apply(app.page);
      const take = await takeRecording(app.page, 2.8);
      const status = await app.page.evaluate(() => window.__latentPatcher!.liveStats());
      await app.page.screenshot({ path: `${RESULTS}/40-text-view-applied.png` });
      await stopIfPlaying(app.page);

      expect(await nodeIds(app.page)).toEqual(["piano", "encode", "rot", "decode", "out"]);
      const x = take.samples;
      const edit = take.markFrame;
      expect(edit).toBeGreaterThan(0);
      // The demo's piano lasts 4.04 s and the output goes silent at its end; a take that starts
      // late runs past it (CI: 8,192 silent samples ending the take, no underrun). A gap is a
      // silence with sound after it: the take is judged up to its last sound.
      let end = x.length;
      while (end > edit && Math.abs(x[end - 1]!) <= SILENCE) end--;
      const gap = Math.max(longestSilence(x, SILENCE, 0, end), longestFlat(x, FLAT, 0, end));
      const jumpMusic = Math.max(
        largestJump(x, 0, edit),
        largestJump(x, edit + at(take, 600), x.length),
      );
      const jumpSwitch = largestJump(x, edit, edit + at(take, 600));
      console.log("text apply:", {
        gapMs: (1000 * gap) / take.sampleRate,
        before: longestSilence(x, SILENCE, 0, edit),
        after: longestSilence(x, SILENCE, edit, x.length),
        flatAfter: longestFlat(x, FLAT, edit, x.length),
        soundEndsAt: end,
        edit,
        length: x.length,
        jumpMusic,
        jumpSwitch,
        underruns: status?.output?.underruns,
      });
      expect(status?.worker?.error).toBeUndefined();
      expect(levels(x, edit, x.length).rms).toBeGreaterThan(0.01);
      expect(gap).toBeLessThan(at(take, MAX_GAP_MS));
      // No edge much steeper than the music's own. Not "no steeper at all": the piano's largest
      // steps recur, and when one falls in the switch window it beats the rest of the take by a
      // hair (CI: 0.1179 against 0.1169, that same step measured as the music in another try); a
      // dropped or misaligned block steps by about the signal's level.
      expect(jumpSwitch).toBeLessThanOrEqual(1.5 * jumpMusic);
    },
  );

  it("keeps the old sound on a text with an error, and marks the error at its line", async () => {
    await stopIfPlaying(app.page);
    await openDemo(app.page, "reconstruct");
    await openTextView(app.page);
    await playLive(app.page);
    const before = await nodeIds(app.page);
    await replaceText(app.page, `${reconstructText()}\nwobble = Wobble decode`);
    await apply(app.page);
    const message = app.page.locator(".lp-text-message");
    await expect.poll(() => message.textContent()).toMatch(/^line 8, column 10: unknown node type/);
    expect(await app.page.locator(".lp-text-error").textContent()).toBe("Wobble");
    expect(await app.page.locator(".lp-text-state").textContent()).toMatch(/modified/);
    expect(await nodeIds(app.page)).toEqual(before);
    expect(await app.page.evaluate(() => window.__latentPatcher!.liveOutput() !== undefined)).toBe(
      true,
    );
    await stopIfPlaying(app.page);
  }, 90_000);

  it("shows a canvas edit in the text, and undo takes an applied text back", async () => {
    await stopIfPlaying(app.page);
    await openDemo(app.page, "reconstruct");
    await openTextView(app.page);
    await replaceText(app.page, reconstructText({ gain: -12 }));
    await apply(app.page);
    await expect.poll(() => app.page.locator(".lp-text-state").textContent()).toBe("in sync");
    await app.page.getByRole("button", { name: "↶" }).click();
    await expect.poll(() => editorText(app.page)).toContain("out    = AudioOut decode\n");
    const gain = app.page.locator('[data-node-id="out"] [aria-label="gain value"]');
    await gain.fill("-3");
    await gain.press("Enter");
    await expect.poll(() => editorText(app.page)).toContain("out    = AudioOut decode gain=-3");
  }, 90_000);
});
