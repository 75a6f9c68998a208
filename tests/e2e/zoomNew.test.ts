/**
 * The patcher as a Max/Pd user opens it (issue 20): a demo shown at a zoom where its text reads
 * (≥ 11 px), zoom buttons with a readout and their keys, and New (Alt+N or the toolbar) for an
 * empty patch that Undo takes back.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { clickTool, openDemo, smallestText } from "./actions";
import { hasChromium, patchText, shot, useAppPage } from "./harness";

const readout = (page: Page) => page.getByRole("button", { name: "zoom level" }).textContent();
const percent = async (page: Page) => parseInt((await readout(page)) ?? "", 10);

const nodeCount = async (page: Page) =>
  (JSON.parse(await patchText(page)) as { nodes: unknown[] }).nodes.length;

describe.skipIf(!hasChromium)("zoom and New in Chromium", () => {
  const app = useAppPage();

  it("opens a demo at a readable zoom, and the zoom controls and keys move it", async () => {
    await openDemo(app.page, "effect-transfer");
    await expect.poll(() => percent(app.page)).toBeGreaterThanOrEqual(100);
    expect(await smallestText(app.page)).toBeGreaterThanOrEqual(11);
    await shot(app.page, "70-demo-readable");

    await app.page.getByRole("button", { name: "zoom out" }).click();
    await expect.poll(() => percent(app.page)).toBe(80);
    await app.page.getByRole("button", { name: "zoom in" }).click();
    await expect.poll(() => percent(app.page)).toBe(100);
    await app.page.locator(".lp-canvas").click({ position: { x: 5, y: 5 } });
    await app.page.keyboard.press("-");
    await expect.poll(() => percent(app.page)).toBe(80);
    await app.page.keyboard.press("f");
    await expect.poll(() => percent(app.page)).toBeLessThan(80); // the whole demo, smaller
    await app.page.keyboard.press("0");
    await expect.poll(() => percent(app.page)).toBe(100);
    await app.page.getByRole("button", { name: "Fit" }).click();
    await expect.poll(() => percent(app.page)).toBeLessThan(80);
    await app.page.getByRole("button", { name: "zoom level" }).click();
    await expect.poll(() => percent(app.page)).toBe(100);
  }, 90_000);

  it("makes a new, empty, untitled patch with Alt+N, and Undo brings the demo back", async () => {
    await openDemo(app.page, "reconstruct");
    const before = await nodeCount(app.page);
    expect(before).toBeGreaterThan(0);
    await app.page.locator(".lp-canvas").click({ position: { x: 5, y: 5 } });
    await app.page.keyboard.press("Alt+n");
    await expect.poll(() => nodeCount(app.page)).toBe(0);
    const empty = JSON.parse(await patchText(app.page)) as { name: string; assets?: object };
    expect(empty.name).toBe("untitled");
    expect(empty.assets ?? {}).toEqual({});
    expect(await app.page.locator(".lp-node").count()).toBe(0);
    expect(await readout(app.page)).toBe("100 %");
    await shot(app.page, "71-new-patch");
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => nodeCount(app.page)).toBe(before);
    // The toolbar's New does the same.
    await clickTool(app.page, "New");
    await expect.poll(() => nodeCount(app.page)).toBe(0);
  }, 90_000);
});
