/**
 * What the browser tests do to the app, as a user would: drag cables, drop files, open demos,
 * render, play, download. Each waits only where the user would wait too (a render, playback).
 */
import { expect } from "vitest";
import type { Download, Locator, Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { decodeWav } from "../../src/dsp/wav";
import type { LastRender } from "../../src/ui/testHook";
import { RESULTS } from "./harness";

/** The selector of the socket of `node`'s port `port` (an input or an output). */
export const socket = (node: string, port: string): string =>
  `[data-node-id="${node}"] [data-port="${port}"] .lp-socket`;

/** Drags with the mouse from the centre of `from` to the centre of `to` (selectors). */
export async function drag(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Where and as what {@link dropFile} drops a file. */
export interface DropOptions {
  /** The file's MIME type (default `audio/wav`). */
  readonly type?: string;
  /** Client coordinates of the drop (default 500, 600). */
  readonly x?: number;
  readonly y?: number;
}

/**
 * Drops `bytes` as a file named `name` on the canvas, as a file manager would: a `dragover` and a
 * `drop` carrying a DataTransfer.
 */
export async function dropFile(
  page: Page,
  name: string,
  bytes: Uint8Array,
  { type = "audio/wav", x = 500, y = 600 }: DropOptions = {},
): Promise<void> {
  await page.evaluate(
    ({ name, b64, type, x, y }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      const target = document.querySelector('[data-testid="canvas"]')!;
      const init = {
        dataTransfer: transfer,
        clientX: x,
        clientY: y,
        bubbles: true,
        cancelable: true,
      };
      target.dispatchEvent(new DragEvent("dragover", init));
      target.dispatchEvent(new DragEvent("drop", init));
    },
    { name, b64: Buffer.from(bytes).toString("base64"), type, x, y },
  );
}

/** The status line's text (the last message, or error, the app gave). */
export const statusText = (page: Page): Promise<string | null> =>
  page.locator(".lp-status").textContent();

/** Chooses the demo `name` in the "demo patches" select; does not wait for it to open. */
export async function selectDemo(page: Page, name: string): Promise<void> {
  await page.locator('select[aria-label="demo patches"]').selectOption(name);
}

/** Chooses the demo `name` and waits until the status line says it is open. */
export async function openDemo(page: Page, name: string): Promise<void> {
  await selectDemo(page, name);
  await expect.poll(() => statusText(page)).toContain(name);
}

/**
 * Clicks Render, waits (up to 60 s) until `window.__latentPatcher.lastRender` differs from the one
 * read before the click, and returns the new levels.
 */
export async function render(page: Page): Promise<LastRender> {
  const before = await page.evaluate(() => window.__latentPatcher!.lastRender?.count ?? 0);
  await page.getByRole("button", { name: /Render/ }).click();
  await page.waitForFunction((b) => (window.__latentPatcher?.lastRender?.count ?? 0) > b, before, {
    timeout: 60_000,
  });
  return page.evaluate(() => window.__latentPatcher!.lastRender!);
}

/** Clicks ▶ Play and waits (up to 30 s) until the live output node exists. */
export async function playLive(page: Page): Promise<void> {
  await page.getByRole("button", { name: "▶ Play" }).click();
  await page.waitForFunction(() => window.__latentPatcher?.liveOutput() !== undefined, undefined, {
    timeout: 30_000,
  });
}

/**
 * The toolbar button named `name` (exactly), ready to click: when it sits in a closed toolbar
 * menu ("File ▾"), that menu is opened first, as a user would.
 */
export async function toolButton(page: Page, name: string): Promise<Locator> {
  const button = page.locator(".lp-toolbar").getByRole("button", { name, exact: true });
  if (!(await button.isVisible())) {
    const hidden = page.getByRole("button", { name, exact: true, includeHidden: true });
    await page.locator(".lp-toolmenu", { has: hidden }).locator("> .lp-toolmenu-button").click();
  }
  return button;
}

/** Opens the toolbar menu `label` ("File", "Live"), unless it is open. */
export async function openMenu(page: Page, label: string): Promise<void> {
  const button = page.locator(".lp-toolbar").getByRole("button", { name: `${label} ▾` });
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
}

/** Clicks the toolbar button named `name`, opening its menu first if it is in one. */
export async function clickTool(page: Page, name: string): Promise<void> {
  await (await toolButton(page, name)).click();
}

/** Clicks the button named `button` (in its toolbar menu) and returns the download it starts. */
export async function downloadFrom(page: Page, button: string): Promise<Download> {
  const item = await toolButton(page, button);
  const [download] = await Promise.all([page.waitForEvent("download"), item.click()]);
  return download;
}

/** The last render, through the Export WAV button, as samples (the file kept in test-results/). */
export async function exportedWav(page: Page, name: string): Promise<Float32Array> {
  const download = await downloadFrom(page, "Export WAV");
  const path = `${RESULTS}/${name}.wav`;
  await download.saveAs(path);
  return decodeWav(new Uint8Array(readFileSync(path)), name).channels[0]!;
}

/**
 * Fits the whole patch in the canvas (the Fit button): the app shows a demo at a readable zoom,
 * from its top-left corner; tests that click across the whole demo want all of it on screen.
 */
export async function fitView(page: Page): Promise<void> {
  const before = await page.getByRole("button", { name: "zoom level" }).textContent();
  await page.getByRole("button", { name: "Fit", exact: true }).click();
  // Not expect.poll: this runs in beforeAll hooks too.
  await page.waitForFunction(
    (was) => document.querySelector('[aria-label="zoom level"]')?.textContent !== was,
    before,
  );
}

/** Adds a node of `type` from the quick-add box (N) at client point (x, y); returns its id. */
export async function quickAdd(page: Page, type: string, x: number, y: number): Promise<string> {
  const before = await page.locator("[data-node-id]").count();
  await page.mouse.move(x, y);
  await page.keyboard.press("n");
  await page.locator(".lp-quickadd input").fill(type);
  await page.keyboard.press("Enter");
  await expect.poll(() => page.locator("[data-node-id]").count()).toBe(before + 1);
  const id = `${type.toLowerCase()}1`;
  await expect.poll(() => page.locator(`[data-node-id="${id}"]`).count()).toBe(1);
  return id;
}

/** The smallest on-screen height of the nodes' id, port and unit texts, in CSS pixels. */
export const smallestText = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const k = parseInt(
      document.querySelector('[aria-label="zoom level"]')?.textContent ?? "100",
      10,
    );
    const sizes = [...document.querySelectorAll(".lp-node-id, .lp-port-name, .lp-unit")].map(
      (el) => (parseFloat(getComputedStyle(el).fontSize) * k) / 100,
    );
    return Math.min(...sizes);
  });
