/**
 * The audio effects in a real Chromium: one added from the quick-add box and wired after a
 * Decode changes the render; the effects demo plays live through the worklet, within full scale.
 */
import { describe, expect, it } from "vitest";
import { drag, fitView, openDemo, playLive, render, socket } from "./actions";
import { hasChromium, patchText, shot, useAppPage } from "./harness";
import { startTap, takeRecording } from "./liveTap";

/** The output worklet's ceiling (−1 dBFS). */
const CEILING = 10 ** (-1 / 20);

describe.skipIf(!hasChromium)("audio effects in Chromium", () => {
  const app = useAppPage();

  it("adds a Reverb from the quick-add box, wires it after the Decode, and hears it in the render", async () => {
    await openDemo(app.page, "reconstruct");
    const dry = await render(app.page);
    await app.page.mouse.move(600, 650);
    await app.page.keyboard.press("n");
    await app.page.locator(".lp-quickadd input").fill("reverb");
    await app.page.keyboard.press("Enter");
    await expect.poll(() => app.page.locator('[data-node-id="reverb1"]').count()).toBe(1);
    await fitView(app.page);
    await shot(app.page, "40-effects-added");
    await drag(app.page, socket("decode", "audio"), socket("reverb1", "in"));
    await drag(app.page, socket("reverb1", "out"), socket("out", "audio"));
    await expect.poll(() => patchText(app.page)).toContain('"from": "reverb1.out"');
    // A long, fully wet room: the energy stays (the reverb keeps it), the attacks are smeared.
    for (const [param, value] of [
      ["mix", "1"],
      ["decay", "6"],
    ] as const) {
      const box = app.page.locator(`[data-node-id="reverb1"] [data-param="${param}"] .lp-numbox`);
      await box.fill(value);
      await box.press("Enter");
    }
    await expect.poll(() => patchText(app.page)).toContain('"decay": 6');
    const wet = await render(app.page);
    await shot(app.page, "41-effects-reverb");
    expect(wet.seconds).toBeCloseTo(dry.seconds, 1);
    expect(wet.peak).toBeGreaterThan(0.005);
    expect(wet.peak).toBeLessThanOrEqual(1);
    expect(wet.rms / dry.rms).toBeGreaterThan(0.5);
    expect(wet.peak / wet.rms).toBeLessThan(0.8 * (dry.peak / dry.rms));
  });

  it("plays the effects demo live, with sound and never above −1 dBFS", async () => {
    await openDemo(app.page, "effects");
    await playLive(app.page);
    await startTap(app.page, 2);
    const take = await takeRecording(app.page, 2);
    await app.page.getByRole("button", { name: "■ Stop" }).click();
    const peak = take.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const rms = Math.sqrt(take.samples.reduce((s, v) => s + v * v, 0) / take.samples.length);
    expect(rms).toBeGreaterThan(0.005);
    expect(peak).toBeLessThanOrEqual(CEILING + 1e-4);
  });
});
