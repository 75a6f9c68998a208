/**
 * The sound browser in a real Chromium: the AudioIn's ♪ opens it listing every builtin
 * recording; a preview renders and plays a few seconds under full scale and stops on demand;
 * Use sets the AudioIn's sound (one undo step); S with nothing selected adds an AudioIn.
 * Screenshot: test-results/93-sound-browser.png.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { BUILTIN_SOUNDS } from "../../src/engine/builtinSounds";
import { openDemo } from "./actions";
import { hasChromium, patchText, shot, useAppPage } from "./harness";

interface SavedPatch {
  nodes: { id: string; type: string; params: Record<string, unknown> }[];
  assets?: Record<string, unknown>;
}
const saved = async (page: Page) => JSON.parse(await patchText(page)) as SavedPatch;
const pianoNode = async (page: Page) => (await saved(page)).nodes.find((n) => n.id === "piano");

describe.skipIf(!hasChromium)("the sound browser in Chromium", () => {
  const app = useAppPage();

  it("lists the builtin sounds, previews one under full scale, and uses it", async () => {
    await openDemo(app.page, "subpatch-chain");
    await app.page.locator('[data-node-id="piano"] [data-param="asset"] .lp-browse').click();
    const dialog = app.page.getByRole("dialog", { name: "sounds" });
    await expect
      .poll(() =>
        dialog
          .locator("li[data-sound]")
          .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.sound)),
      )
      .toEqual(BUILTIN_SOUNDS.map((s) => s.name));
    await expect.poll(() => dialog.textContent()).toContain("Use sets the sound of piano");

    await dialog.getByRole("button", { name: "preview cello" }).click();
    await expect
      .poll(() => dialog.getAttribute("data-preview-peak"), { timeout: 30_000 })
      .not.toBeNull();
    const peak = Number(await dialog.getAttribute("data-preview-peak"));
    expect(peak).toBeGreaterThan(0.1); // it plays something
    expect(peak).toBeLessThanOrEqual(1);
    await shot(app.page, "93-sound-browser");
    await dialog.getByRole("button", { name: "stop cello" }).click();
    await expect.poll(() => dialog.getByRole("button", { name: "preview cello" }).count()).toBe(1);

    await dialog.getByRole("button", { name: "use cello" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(async () => (await pianoNode(app.page))?.params.asset).toBe("cello");
    expect((await saved(app.page)).assets?.cello).toEqual({ kind: "builtin", name: "cello" });
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await pianoNode(app.page))?.params.asset).toBe("piano");
  });

  it("adds an AudioIn playing the sound when no AudioIn is selected (S)", async () => {
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("s");
    const dialog = app.page.getByRole("dialog", { name: "sounds" });
    await expect.poll(() => dialog.textContent()).toContain("Use adds an AudioIn");
    await dialog.getByRole("textbox", { name: "search sounds" }).fill("guitar");
    await dialog.getByRole("button", { name: "use guitar" }).click();
    await expect
      .poll(async () => (await saved(app.page)).nodes.find((n) => n.id === "audioin1")?.params)
      .toEqual({ source: "asset", asset: "guitar" });
  });
});
