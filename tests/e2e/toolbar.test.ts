/**
 * The toolbar (issue 20): one row at 1400 × 900, at most two at 1100 px, every action it had
 * still reachable (in its menu, by the same name), and no button moving when a readout (the
 * patch name, tempo, loop length, play position, bar.beat) changes width.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toolButton } from "./actions";
import { hasChromium, RESULTS, shot, useAppPage } from "./harness";

/** The rows the toolbar's items take (items whose tops are within 8 px share a row). */
const rows = (page: Page) =>
  page.evaluate(() => {
    const tops = [...document.querySelectorAll<HTMLElement>(".lp-toolbar > *")]
      .filter((el) => el.offsetParent !== null)
      .map((el) => el.getBoundingClientRect().top)
      .sort((a, b) => a - b);
    return tops.reduce<number[]>((r, t) => (r.length && t - r.at(-1)! < 8 ? r : [...r, t]), [])
      .length;
  });

/** The left edge of every visible toolbar button and menu, by its text. */
const positions = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>(".lp-toolbar button, .lp-toolbar summary")]
        .filter((el) => el.offsetParent !== null && !el.matches(".lp-patch-name"))
        .map((el) => [el.textContent, Math.round(el.getBoundingClientRect().left)]),
    ),
  );

/** What the toolbar had as buttons before its menus, each found by the same name. */
const ACTIONS = [
  "▶ Play",
  "■ Stop",
  "Render & play",
  "⟲ Loop",
  "↶",
  "↷",
  "Comment",
  "Group",
  "Ungroup",
  "Arrange",
  "Minimap",
  "Text",
  "Perform",
  "New",
  "Open…",
  "Save",
  "Export WAV",
  "Export bundle",
  "Share",
  "● Input",
  "◷ Latency",
  "?",
];

describe.skipIf(!hasChromium)("the toolbar in Chromium", () => {
  const app = useAppPage({ viewport: { width: 1400, height: 900 } });

  it("takes one row at 1400 px and two at most at 1100 px", async () => {
    expect(await rows(app.page)).toBe(1);
    await shot(app.page, "86-first-view");
    await app.page.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/85-toolbar-1400.png` });
    await app.page.setViewportSize({ width: 1100, height: 900 });
    await expect.poll(() => rows(app.page)).toBeLessThanOrEqual(2);
    await app.page.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/85-toolbar-1100.png` });
    await app.page.setViewportSize({ width: 1400, height: 900 });
  });

  it("keeps every action reachable by its name, in its menu", async () => {
    for (const name of ACTIONS) {
      const button = await toolButton(app.page, name);
      expect(await button.isVisible(), name).toBe(true);
      await app.page.keyboard.press("Escape");
    }
    expect(await app.page.locator("details.lp-models").count()).toBe(1);
    expect(await app.page.locator('.lp-toolbar select[aria-label="recent files"]').count()).toBe(1);
  });

  it("moves no button when the readouts change width", async () => {
    for (const width of [1400, 1100]) {
      await app.page.setViewportSize({ width, height: 900 });
      const before = await positions(app.page);
      await app.page.keyboard.press("Escape");
      await app.page.locator("button.lp-patch-name").click();
      await app.page
        .locator('input[aria-label="patch name"]')
        .fill("a much longer name than before");
      await app.page.keyboard.press("Enter");
      await app.page.getByLabel("tempo", { exact: true }).fill("87.5");
      await app.page.getByLabel("tempo", { exact: true }).press("Enter");
      await app.page.getByLabel("loop length").selectOption("16");
      await app.page.evaluate(() => {
        document.querySelector(".lp-position")!.textContent = "123:45.6";
        document.querySelector('[aria-label="bar.beat"]')!.textContent = "1234.4";
      });
      expect(await positions(app.page), `${width} px`).toEqual(before);
      await app.page.keyboard.press("Control+z");
      await app.page.keyboard.press("Control+z");
      await app.page.keyboard.press("Control+z");
    }
  });
});
