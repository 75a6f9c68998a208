/**
 * Issue 4's "done when" path in one go, in a real Chromium: open the app, hear the demo, drop
 * your own sound, wire it through Encode → FiLMRRotate → Decode, turn the angle and hear the
 * change, save, reload. Screenshots of each step go to test-results/ (20-…).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { downloadFrom, drag, dropFile, exportedWav, openDemo, render, socket } from "./actions";
import { hasChromium, patchText, ready, RESULTS, shot, useAppPage } from "./harness";

const FLUTE = new URL("../../assets/audio/flute.wav", import.meta.url);

describe.skipIf(!hasChromium)("a newcomer's first minutes, in Chromium", () => {
  const app = useAppPage({ acceptDownloads: true });

  it("opens, hears the demo, drops a sound, wires Encode → FiLMRRotate → Decode, turns the angle, saves and reloads", async () => {
    // Hear a demo.
    await openDemo(app.page, "reconstruct");
    const demo = await render(app.page);
    expect(demo.peak).toBeGreaterThan(0.01);
    await shot(app.page, "20-newcomer-demo");

    // Their own sound replaces the demo's piano.
    await dropFile(app.page, "flute.wav", readFileSync(FLUTE), { x: 300, y: 650 });
    await expect.poll(() => app.page.locator('[data-node-id="audioin1"]').count()).toBe(1);
    await app.page.locator('[data-node-id="piano"] header').click();
    await app.page.keyboard.press("Delete");
    await drag(app.page, socket("audioin1", "audio"), socket("encode", "audio"));
    await expect.poll(() => patchText(app.page)).toContain('"from": "audioin1.audio"');

    // A FiLMRRotate between Encode and Decode, from the quick-add box.
    await app.page.mouse.move(700, 680);
    await app.page.keyboard.press("n");
    await app.page.locator(".lp-quickadd input").fill("filmr");
    await app.page.keyboard.press("Enter");
    await expect.poll(() => app.page.locator('[data-node-id="filmrrotate1"]').count()).toBe(1);
    await drag(app.page, socket("encode", "latent"), socket("filmrrotate1", "in"));
    await drag(app.page, socket("filmrrotate1", "out"), socket("decode", "latent"));
    await expect
      .poll(async () => {
        const p = JSON.parse(await patchText(app.page)) as {
          connections: { from: string; to: string }[];
        };
        return p.connections
          .map((c) => `${c.from}>${c.to}`)
          .filter((c) => c.includes("decode.latent") || c.includes("filmrrotate1"))
          .sort();
      })
      .toEqual(["encode.latent>filmrrotate1.in", "filmrrotate1.out>decode.latent"]);
    const flat = await render(app.page);
    expect(flat.peak).toBeGreaterThan(0.01);
    const atZero = await exportedWav(app.page, "newcomer-angle0");
    await shot(app.page, "21-newcomer-wired");

    // Turn the angle: the sound changes, and stays within full scale.
    const angle = app.page.locator('[data-node-id="filmrrotate1"] [data-param="angle"] .lp-numbox');
    await angle.fill("90");
    await angle.press("Enter");
    await expect.poll(() => patchText(app.page)).toContain('"angle": 90');
    const turned = await render(app.page);
    expect(turned.peak).toBeGreaterThan(0.01);
    expect(turned.peak).toBeLessThanOrEqual(1);
    const at90 = await exportedWav(app.page, "newcomer-angle90");
    expect(at90.length).toBe(atZero.length);
    let diff = 0;
    let ref = 0;
    for (let i = 0; i < at90.length; i++) {
      diff += (at90[i]! - atZero[i]!) ** 2;
      ref += atZero[i]! ** 2;
    }
    expect(Math.sqrt(diff / ref)).toBeGreaterThan(0.1);
    await shot(app.page, "22-newcomer-turned");

    // Save, then a reload brings the same patch back.
    const saved = await patchText(app.page);
    const download = await downloadFrom(app.page, "Save");
    const path = `${RESULTS}/newcomer.patch.json`;
    await download.saveAs(path);
    expect(readFileSync(path, "utf8")).toBe(saved);
    await app.page.evaluate(() => window.__latentPatcher!.autosaved());
    await app.page.reload();
    await ready(app.page);
    expect(await patchText(app.page)).toBe(saved);
    await expect.poll(() => app.page.locator('[data-node-id="filmrrotate1"]').count()).toBe(1);
    await shot(app.page, "23-newcomer-reloaded");
  }, 180_000);
});
