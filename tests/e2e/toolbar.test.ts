/**
 * The toolbar (issue 20): one row at 1400 × 900, at most two at 1100 px, every action it had
 * still reachable (in its menu, by the same name), and no button moving when a readout (the
 * patch name, tempo, loop length, play position, bar.beat) changes width.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toolButton } from "./actions";
import { RESULTS, hasChromium, openAppPage, shot, startApp, type App } from "./harness";

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
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await openAppPage(context, app);
  }, 150_000);

  afterAll(async () => {
    await app?.close();
  });

  it("takes one row at 1400 px and two at most at 1100 px", async () => {
    expect(await rows(page)).toBe(1);
    await shot(page, "86-first-view");
    await page.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/85-toolbar-1400.png` });
    await page.setViewportSize({ width: 1100, height: 900 });
    await expect.poll(() => rows(page)).toBeLessThanOrEqual(2);
    await page.locator(".lp-toolbar").screenshot({ path: `${RESULTS}/85-toolbar-1100.png` });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it("keeps every action reachable by its name, in its menu", async () => {
    for (const name of ACTIONS) {
      const button = await toolButton(page, name);
      expect(await button.isVisible(), name).toBe(true);
      await page.keyboard.press("Escape");
    }
    expect(await page.locator("details.lp-models").count()).toBe(1);
    expect(await page.locator('.lp-toolbar select[aria-label="recent files"]').count()).toBe(1);
  });

  it("moves no button when the readouts change width", async () => {
    for (const width of [1400, 1100]) {
      await page.setViewportSize({ width, height: 900 });
      const before = await positions(page);
      await page.keyboard.press("Escape");
      await page.locator("button.lp-patch-name").click();
      await page.locator('input[aria-label="patch name"]').fill("a much longer name than before");
      await page.keyboard.press("Enter");
      await page.getByLabel("tempo", { exact: true }).fill("87.5");
      await page.getByLabel("tempo", { exact: true }).press("Enter");
      await page.getByLabel("loop length").selectOption("16");
      await page.evaluate(() => {
        document.querySelector(".lp-position")!.textContent = "123:45.6";
        document.querySelector('[aria-label="bar.beat"]')!.textContent = "1234.4";
      });
      expect(await positions(page), `${width} px`).toEqual(before);
      await page.keyboard.press("Control+z");
      await page.keyboard.press("Control+z");
      await page.keyboard.press("Control+z");
    }
  });
});
