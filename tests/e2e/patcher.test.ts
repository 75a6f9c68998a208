/**
 * The patcher in a real Chromium: the newcomer's path from the demo patch to a saved, reloaded
 * edit. Skipped only where Debian's chromium is not installed (CI installs it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { downloadFrom, drag, fitView, render, selectDemo, socket } from "./actions";
import {
  hasChromium,
  openApp,
  patchText,
  ready,
  RESULTS,
  shot,
  startApp,
  type App,
} from "./harness";

const nodeIds = async (page: Page) =>
  (JSON.parse(await patchText(page)) as { nodes: { id: string }[] }).nodes.map((n) => n.id);

describe.skipIf(!hasChromium)("the patcher in Chromium", () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    page = await openApp(app, { acceptDownloads: true, clipboard: true });
    await fitView(page); // these tests click across the whole demo
  }, 150_000);

  afterAll(async () => {
    await app?.close();
  });

  it("opens on the demo patch with its nodes at their saved positions", async () => {
    expect(await page.locator(".lp-node").count()).toBe(13);
    await expect.poll(() => page.locator(".lp-cable").count()).toBe(12);
    expect(await page.locator('[data-node-id="decode"] header').textContent()).toContain("Decode");
    await shot(page, "01-demo");
  });

  it("adds nodes from the quick-add box (N and double-click)", async () => {
    await page.mouse.move(960, 120);
    await page.keyboard.press("n");
    await page.locator(".lp-quickadd input").fill("audioin");
    await page.keyboard.press("Enter");
    await page.mouse.dblclick(960, 600);
    await page.locator(".lp-quickadd input").fill("Decode");
    await shot(page, "02-quick-add");
    await page.keyboard.press("Enter");
    await page.mouse.dblclick(960, 400);
    await page.locator(".lp-quickadd input").fill("encode");
    await page.keyboard.press("Enter");
    expect(await nodeIds(page)).toEqual(expect.arrayContaining(["audioin1", "decode1", "encode1"]));
    await expect.poll(() => page.locator('[data-node-id="encode1"]').count()).toBe(1);
  });

  it("refuses a bad cable with its reason and connects a good one", async () => {
    await drag(page, socket("audioin1", "audio"), socket("decode1", "latent"));
    await expect
      .poll(() => page.locator(".lp-toast").textContent())
      .toBe("Decode.latent accepts latent, but AudioIn.audio carries audio");
    await shot(page, "03-refused");
    expect(await patchText(page)).not.toContain('"to": "decode1.latent"');
    await drag(page, socket("audioin1", "audio"), socket("encode1", "audio"));
    await expect
      .poll(() => patchText(page))
      .toContain('"from": "audioin1.audio",\n      "to": "encode1.audio"');
  });

  it("changes a parameter, undoes and redoes it", async () => {
    const box = page.locator('[data-node-id="audioin1"] [data-param="frequency"] .lp-numbox');
    await box.fill("440");
    await box.press("Enter");
    await expect.poll(() => patchText(page)).toContain('"frequency": 440');
    await page.mouse.click(960, 760);
    await page.keyboard.press("Control+z");
    await expect.poll(() => patchText(page)).not.toContain('"frequency": 440');
    await expect.poll(() => box.inputValue()).toBe("220");
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(() => patchText(page)).toContain('"frequency": 440');
  });

  it("copies and pastes a node through the clipboard, duplicates one; undo takes each back", async () => {
    const before = await nodeIds(page);
    const count = () => page.locator(".lp-node").count();
    await page.locator('[data-node-id="decode1"] header').click();
    await page.mouse.move(960, 700);
    await page.keyboard.press("Control+c");
    await expect.poll(() => page.locator(".lp-status").textContent()).toBe("copied 1 node");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('"format": "latent-patcher.patch"');
    expect(copied).toContain('"id": "decode1"');
    await page.keyboard.press("Control+v");
    await expect.poll(count).toBe(before.length + 1);
    expect(await nodeIds(page)).toEqual([...before, "decode2"]);
    await shot(page, "03b-pasted");
    await page.keyboard.press("Control+z");
    await expect.poll(count).toBe(before.length);
    expect(await nodeIds(page)).toEqual(before);

    await page.locator('[data-node-id="decode1"] header').click();
    await page.keyboard.press("Control+d");
    await expect.poll(count).toBe(before.length + 1);
    await page.keyboard.press("Control+z");
    await expect.poll(count).toBe(before.length);

    await page.evaluate(() => navigator.clipboard.writeText("not a patch"));
    await page.keyboard.press("Control+v");
    await expect
      .poll(() => page.locator(".lp-status.error").textContent())
      .toContain("cannot paste");
    expect(await nodeIds(page)).toEqual(before);
  });

  it("saves, and opening the saved file gives the same patch; a bad file changes nothing", async () => {
    const saved = patchText(page);
    const download = await downloadFrom(page, "Save");
    const path = `${RESULTS}/saved.patch.json`;
    await download.saveAs(path);
    expect(readFileSync(path, "utf8")).toBe(await saved);
    await page.locator('[data-node-id="encode1"] header').click();
    await page.keyboard.press("Delete");
    await expect.poll(() => nodeIds(page)).not.toContain("encode1");
    await page.locator('input[type="file"]').setInputFiles(path);
    await expect.poll(() => patchText(page)).toBe(await saved);
    const bad = `${RESULTS}/bad.patch.json`;
    writeFileSync(
      bad,
      JSON.stringify({
        format: "latent-patcher.patch",
        version: 2,
        name: "bad",
        nodes: [{ id: "x", type: "Encode", params: { model: 3 } }],
      }),
    );
    await page.locator('input[type="file"]').setInputFiles(bad);
    await expect
      .poll(() => page.locator(".lp-status.error").textContent())
      .toContain("patch.nodes[0].params.model: expected a string");
    expect(await patchText(page)).toBe(await saved);
  });

  it("renders the demo to a non-silent output and draws its waveform", async () => {
    await selectDemo(page, "reconstruct");
    await expect
      .poll(() => page.locator(".lp-patch-name").textContent())
      .not.toBe("effect transfer");
    const levels = await render(page);
    expect(levels.peak).toBeGreaterThan(0.01);
    expect(levels.rms).toBeGreaterThan(0.001);
    await shot(page, "04-rendered");
  }, 90_000);

  it("restores the autosaved patch after a reload", async () => {
    const node = (await nodeIds(page))[0]!;
    await page.locator(`[data-node-id="${node}"] header`).click();
    await page.keyboard.press("Delete");
    await page.evaluate(() => window.__latentPatcher!.autosaved());
    const before = await patchText(page);
    await page.reload();
    await ready(page);
    expect(await patchText(page)).toBe(before);
    expect(await nodeIds(page)).not.toContain(node);
  });
});
