/**
 * Inspectors, transport readouts and sound files in a real Chromium: render a demo, select nodes
 * and look at their outputs (screenshots under test-results/), drop a WAV to make an AudioIn.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { downloadFrom, drag, dropFile, openDemo, openMenu, render, socket } from "./actions";
import { hasChromium, patchText, RESULTS, useAppPage } from "./harness";

const FLUTE = new URL("../../assets/audio/flute.wav", import.meta.url);

async function inspect(page: Page, node: string, shotName: string): Promise<void> {
  await page.locator(`[data-node-id="${node}"] header`).click();
  await expect.poll(() => page.locator(".lp-inspector").getAttribute("data-inspecting")).toBe(node);
  await page.waitForTimeout(150); // model statistics load, canvases draw
  await page.locator(".lp-inspector").screenshot({ path: `${RESULTS}/${shotName}.png` });
}

describe.skipIf(!hasChromium)("inspectors and sound files in Chromium", () => {
  const app = useAppPage({ acceptDownloads: true });

  it("shows audio, latent and codebook inspectors after a render, with a playhead", async () => {
    await openDemo(app.page, "reconstruct");
    await render(app.page);
    await expect.poll(() => app.page.locator(".lp-position").textContent()).not.toBe("--:--.-");
    await inspect(app.page, "piano", "10-inspector-audio");
    expect(await app.page.locator('canvas[aria-label="spectrogram"]').count()).toBe(1);
    await inspect(app.page, "encode", "11-inspector-latent");
    expect(await app.page.locator('canvas[aria-label="latent heatmap"]').count()).toBe(1);
    expect(await app.page.locator('canvas[aria-label="principal trajectory"]').count()).toBe(1);
    await app.page.screenshot({ path: `${RESULTS}/12-inspector-page.png` });
    await openDemo(app.page, "descriptor-target");
    await render(app.page);
    await inspect(app.page, "select", "13-inspector-codebook");
    expect(await app.page.locator('canvas[aria-label="codebook map"]').count()).toBe(1);
    expect(await app.page.locator('canvas[aria-label="curve indices"]').count()).toBe(1);
    await inspect(app.page, "brightness", "14-inspector-curve");
  }, 90_000);

  it("exports the last render as a WAV file", async () => {
    const download = await downloadFrom(app.page, "Export WAV");
    const path = `${RESULTS}/export.wav`;
    await download.saveAs(path);
    expect(readFileSync(path).subarray(0, 4).toString("latin1")).toBe("RIFF");
  });

  it("turns a dropped WAV into an AudioIn (undoable) that renders; a broken one changes nothing", async () => {
    await openDemo(app.page, "reconstruct");
    await dropFile(app.page, "flute.wav", readFileSync(FLUTE), { x: 500, y: 600 });
    await expect.poll(() => app.page.locator('[data-node-id="audioin1"]').count()).toBe(1);
    const text = await patchText(app.page);
    expect(text).toContain('"kind": "embedded"');
    expect(text).toContain('"asset": "flute"');
    expect(
      await app.page.locator('[data-node-id="audioin1"] [data-param="frequency"]').count(),
    ).toBe(0);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => patchText(app.page)).not.toContain("audioin1");
    await app.page.keyboard.press("Control+Shift+z");
    await expect.poll(() => patchText(app.page)).toContain("audioin1");
    const before = await patchText(app.page);
    await dropFile(app.page, "broken.wav", Buffer.from("RIFF....WAVEjunk"), { x: 500, y: 500 });
    await expect
      .poll(() => app.page.locator(".lp-status.error").textContent())
      .toContain("broken.wav");
    expect(await patchText(app.page)).toBe(before);
    await app.page.locator('[data-node-id="piano"] header').click();
    await app.page.keyboard.press("Delete");
    await drag(app.page, socket("audioin1", "audio"), socket("encode", "audio"));
    await expect.poll(() => patchText(app.page)).toContain('"from": "audioin1.audio"');
    const r = await render(app.page);
    expect(r.peak).toBeGreaterThan(0.01);
    await inspect(app.page, "audioin1", "15-dropped-flute");
    await app.page.screenshot({ path: `${RESULTS}/16-dropped-page.png` });
  }, 90_000);

  it("lists saved patches under Recent and opens them again", async () => {
    const saved = await patchText(app.page);
    await downloadFrom(app.page, "Save");
    const recent = app.page.locator('select[aria-label="recent files"]');
    await expect.poll(() => recent.locator("option").count()).toBeGreaterThan(1);
    await openDemo(app.page, "interpolate");
    await openMenu(app.page, "File");
    await recent.selectOption({ index: 1 });
    await expect.poll(() => patchText(app.page)).toBe(saved);
  });
});
