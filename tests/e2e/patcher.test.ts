/**
 * The patcher in a real Chromium: the newcomer's path from the demo patch to a saved, reloaded
 * edit. Skipped only where Debian's chromium is not installed (CI installs it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { downloadFrom, drag, fitView, render, selectDemo, socket } from "./actions";
import { hasChromium, patchText, ready, RESULTS, shot, useAppPage } from "./harness";

const nodeIds = async (page: Page) =>
  (JSON.parse(await patchText(page)) as { nodes: { id: string }[] }).nodes.map((n) => n.id);

describe.skipIf(!hasChromium)("the patcher in Chromium", () => {
  const app = useAppPage({ acceptDownloads: true, clipboard: true });

  beforeAll(async () => {
    await fitView(app.page); // these tests click across the whole demo
  }, 150_000);

  it("opens on the demo patch with its nodes at their saved positions", async () => {
    expect(await app.page.locator(".lp-node").count()).toBe(13);
    await expect.poll(() => app.page.locator(".lp-cable").count()).toBe(12);
    expect(await app.page.locator('[data-node-id="decode"] header').textContent()).toContain(
      "Decode",
    );
    await shot(app.page, "01-demo");
  });

  it("adds nodes from the quick-add box (N and double-click)", async () => {
    await app.page.mouse.move(960, 120);
    await app.page.keyboard.press("n");
    await app.page.locator(".lp-quickadd input").fill("audioin");
    await app.page.keyboard.press("Enter");
    await app.page.mouse.dblclick(960, 600);
    await app.page.locator(".lp-quickadd input").fill("Decode");
    await shot(app.page, "02-quick-add");
    await app.page.keyboard.press("Enter");
    await app.page.mouse.dblclick(960, 400);
    await app.page.locator(".lp-quickadd input").fill("encode");
    await app.page.keyboard.press("Enter");
    expect(await nodeIds(app.page)).toEqual(
      expect.arrayContaining(["audioin1", "decode1", "encode1"]),
    );
    await expect.poll(() => app.page.locator('[data-node-id="encode1"]').count()).toBe(1);
  });

  it("refuses a bad cable with its reason and connects a good one", async () => {
    await drag(app.page, socket("audioin1", "audio"), socket("decode1", "latent"));
    await expect
      .poll(() => app.page.locator(".lp-toast").textContent())
      .toBe("Decode.latent accepts latent, but AudioIn.audio carries audio");
    await shot(app.page, "03-refused");
    expect(await patchText(app.page)).not.toContain('"to": "decode1.latent"');
    await drag(app.page, socket("audioin1", "audio"), socket("encode1", "audio"));
    await expect
      .poll(() => patchText(app.page))
      .toContain('"from": "audioin1.audio",\n      "to": "encode1.audio"');
  });

  it("changes a parameter, undoes and redoes it", async () => {
    const box = app.page.locator('[data-node-id="audioin1"] [data-param="frequency"] .lp-numbox');
    await box.fill("440");
    await box.press("Enter");
    await expect.poll(() => patchText(app.page)).toContain('"frequency": 440');
    await app.page.mouse.click(960, 760);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => patchText(app.page)).not.toContain('"frequency": 440');
    await expect.poll(() => box.inputValue()).toBe("220");
    await app.page.keyboard.press("Control+Shift+z");
    await expect.poll(() => patchText(app.page)).toContain('"frequency": 440');
  });

  it("copies and pastes a node through the clipboard, duplicates one; undo takes each back", async () => {
    const before = await nodeIds(app.page);
    const count = () => app.page.locator(".lp-node").count();
    await app.page.locator('[data-node-id="decode1"] header').click();
    await app.page.mouse.move(960, 700);
    await app.page.keyboard.press("Control+c");
    await expect.poll(() => app.page.locator(".lp-status").textContent()).toBe("copied 1 node");
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('"format": "latent-patcher.patch"');
    expect(copied).toContain('"id": "decode1"');
    await app.page.keyboard.press("Control+v");
    await expect.poll(count).toBe(before.length + 1);
    expect(await nodeIds(app.page)).toEqual([...before, "decode2"]);
    await shot(app.page, "03b-pasted");
    await app.page.keyboard.press("Control+z");
    await expect.poll(count).toBe(before.length);
    expect(await nodeIds(app.page)).toEqual(before);

    await app.page.locator('[data-node-id="decode1"] header').click();
    await app.page.keyboard.press("Control+d");
    await expect.poll(count).toBe(before.length + 1);
    await app.page.keyboard.press("Control+z");
    await expect.poll(count).toBe(before.length);

    await app.page.evaluate(() => navigator.clipboard.writeText("not a patch"));
    await app.page.keyboard.press("Control+v");
    await expect
      .poll(() => app.page.locator(".lp-status.error").textContent())
      .toContain("cannot paste");
    expect(await nodeIds(app.page)).toEqual(before);
  });

  it("saves, and opening the saved file gives the same patch; a bad file changes nothing", async () => {
    const saved = patchText(app.page);
    const download = await downloadFrom(app.page, "Save");
    const path = `${RESULTS}/saved.patch.json`;
    await download.saveAs(path);
    expect(readFileSync(path, "utf8")).toBe(await saved);
    await app.page.locator('[data-node-id="encode1"] header').click();
    await app.page.keyboard.press("Delete");
    await expect.poll(() => nodeIds(app.page)).not.toContain("encode1");
    await app.page.locator('input[type="file"]').setInputFiles(path);
    await expect.poll(() => patchText(app.page)).toBe(await saved);
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
    await app.page.locator('input[type="file"]').setInputFiles(bad);
    await expect
      .poll(() => app.page.locator(".lp-status.error").textContent())
      .toContain("patch.nodes[0].params.model: expected a string");
    expect(await patchText(app.page)).toBe(await saved);
  });

  it("renders the demo to a non-silent output and draws its waveform", async () => {
    await selectDemo(app.page, "reconstruct");
    await expect
      .poll(() => app.page.locator(".lp-patch-name").textContent())
      .not.toBe("effect transfer");
    const levels = await render(app.page);
    expect(levels.peak).toBeGreaterThan(0.01);
    expect(levels.rms).toBeGreaterThan(0.001);
    await shot(app.page, "04-rendered");
  }, 90_000);

  it("restores the autosaved patch after a reload", async () => {
    const node = (await nodeIds(app.page))[0]!;
    await app.page.locator(`[data-node-id="${node}"] header`).click();
    await app.page.keyboard.press("Delete");
    await app.page.evaluate(() => window.__latentPatcher!.autosaved());
    const before = await patchText(app.page);
    await app.page.reload();
    await ready(app.page);
    expect(await patchText(app.page)).toBe(before);
    expect(await nodeIds(app.page)).not.toContain(node);
  });
});
