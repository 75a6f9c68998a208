/**
 * Bundles and dropped model packs in a real Chromium: a zipped fixture pack dropped on the canvas
 * becomes selectable in a Decode; a lying pack is refused; the patch, a dropped sound and the
 * custom model go out as one bundle that a fresh page opens as the same patch.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { downloadFrom, dropFile, openDemo, openMenu, playLive, statusText } from "./actions";
import {
  type App,
  hasChromium,
  openApp,
  patchText,
  ready,
  RESULTS,
  shot,
  useAppPage,
} from "./harness";
import { readZip, writeZip } from "../../src/ui/bundle/zipFiles";
import { sineWav, zippedPack } from "../files/helpers";
import { streamZip, zeros } from "../files/zipBombs";

const ZIP = { type: "application/zip" };
const decodeModel = (page: Page) =>
  page.locator('[data-node-id="decode"] select[aria-label="model"]');

/** The app in a page of its own, as a second user (or a second tab) would open it. */
const freshPage = (app: App): Promise<Page> => openApp(app, { acceptDownloads: true });

describe.skipIf(!hasChromium)("bundles and model packs in Chromium", () => {
  let bundlePath = "";
  let exported = "";

  const app = useAppPage({ acceptDownloads: true });

  it("loads a dropped zipped pack so a Decode can pick it; refuses a pack that lies", async () => {
    expect(await decodeModel(app.page).locator('option[value="spectral-fixture"]').count()).toBe(0);
    // Records every label the progress bar shows while the pack loads.
    await app.page.evaluate(() => {
      const seen: string[] = ((window as { progressSeen?: string[] }).progressSeen = []);
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="progress"] progress');
        if (bar) seen.push(bar.getAttribute("aria-label") ?? "");
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await dropFile(app.page, "spectral-fixture.zip", zippedPack("spectral-fixture"), ZIP);
    await expect
      .poll(() => statusText(app.page), { timeout: 30_000 })
      .toContain('loaded the model "spectral-fixture" from spectral-fixture.zip');
    const seen = await app.page.evaluate(
      () => (window as { progressSeen?: string[] }).progressSeen,
    );
    expect(seen).toContain('spectral-fixture.zip: checking the model "spectral-fixture"');
    expect(await app.page.locator('[data-testid="progress"]').count()).toBe(0);
    await decodeModel(app.page).selectOption("spectral-fixture");
    await expect.poll(() => patchText(app.page)).toContain('"model": "spectral-fixture"');

    const before = await patchText(app.page);
    await dropFile(app.page, "lying-dims.zip", zippedPack("lying-dims"), ZIP);
    await expect
      .poll(() => app.page.locator(".lp-status.error").textContent(), { timeout: 30_000 })
      .toContain('lying-dims.zip: encoder.onnx output "z" is declared [1,8,T], manifest promises');
    expect(await decodeModel(app.page).locator('option[value="lying-dims"]').count()).toBe(0);
    expect(await patchText(app.page)).toBe(before);

    // A zip bomb is refused by the zip worker, naming the entry; nothing changes.
    const bomb = streamZip({ "patch.json": () => [strToU8("{}")], "zeros.bin": () => zeros(20) });
    await dropFile(app.page, "bomb.zip", bomb, ZIP);
    await expect
      .poll(() => app.page.locator(".lp-status.error").textContent(), { timeout: 30_000 })
      .toContain("bomb.zip/zeros.bin: compressed more than 200:1, like a zip bomb");
    expect(await patchText(app.page)).toBe(before);
    await shot(app.page, "bundle-01-pack-loaded");
  });

  it("exports the patch, a dropped sound and the custom model as one bundle", async () => {
    await dropFile(app.page, "tone.wav", sineWav());
    await expect.poll(() => patchText(app.page)).toContain('"kind": "embedded"');
    exported = await patchText(app.page);
    const download = await downloadFrom(app.page, "Export bundle");
    expect(download.suggestedFilename()).toMatch(/\.bundle\.zip$/);
    bundlePath = `${RESULTS}/exported.bundle.zip`;
    await download.saveAs(bundlePath);
    const files = readZip(new Uint8Array(readFileSync(bundlePath)), "exported.bundle.zip");
    expect([...files.keys()].sort()).toEqual([
      "audio/tone.wav",
      "models/spectral-fixture/decoder.onnx",
      "models/spectral-fixture/encoder.onnx",
      "models/spectral-fixture/model.json",
      "patch.json",
    ]);
  });

  it("opens the bundle in a fresh page as the same patch, with the model selectable", async () => {
    const fresh = await freshPage(app);
    const demo = await patchText(fresh);
    const noPatch = `${RESULTS}/no-patch.zip`;
    writeFileSync(noPatch, writeZip(new Map([["readme.txt", new TextEncoder().encode("hi")]])));
    await fresh.locator('input[type="file"]').setInputFiles(noPatch);
    await expect
      .poll(() => fresh.locator(".lp-status.error").textContent())
      .toContain("no-patch.zip: no patch.json at the top of the zip");
    expect(await patchText(fresh)).toBe(demo);

    await fresh.locator('input[type="file"]').setInputFiles(bundlePath);
    await expect.poll(() => patchText(fresh), { timeout: 30_000 }).toBe(exported);
    expect(await decodeModel(fresh).inputValue()).toBe("spectral-fixture");
    expect(await statusText(fresh)).toContain("with the model spectral-fixture");
    await shot(fresh, "bundle-02-opened");
  });

  it("plays a patch on a dropped pack live: the worker gets the pack too", async () => {
    const live = await freshPage(app);
    await openDemo(live, "reconstruct");
    await dropFile(live, "spectral-fixture.zip", zippedPack("spectral-fixture"), ZIP);
    await expect
      .poll(() => statusText(live), { timeout: 30_000 })
      .toContain('loaded the model "spectral-fixture"');
    for (const node of ["encode", "decode"]) {
      await live
        .locator(`[data-node-id="${node}"] select[aria-label="model"]`)
        .selectOption("spectral-fixture");
    }
    await expect.poll(async () => (await patchText(live)).split("spectral-fixture").length).toBe(3);
    await playLive(live);
    // Whether the worker plays on the pack, not how soon: a busy CI machine took over 1 s (the
    // poll's default) to get the first 50 frames out once (2026-12-07).
    await expect
      .poll(
        () => live.evaluate(() => window.__latentPatcher!.liveStats()?.worker?.framePosition ?? 0),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(50);
    const stats = await live.evaluate(() => window.__latentPatcher!.liveStats());
    expect(stats?.worker?.error).toBeUndefined();
    expect(stats?.worker?.playing).toBe(true);
    await live.getByRole("button", { name: "■ Stop" }).click();
  });
  it("keeps a dropped pack across a reload; Models → Remove forgets it", async () => {
    const keep = await freshPage(app);
    await dropFile(keep, "spectral-fixture.zip", zippedPack("spectral-fixture"), ZIP);
    await expect
      .poll(() => statusText(keep), { timeout: 30_000 })
      .toContain('loaded the model "spectral-fixture"');
    await decodeModel(keep).selectOption("spectral-fixture");
    await keep.evaluate(async () => {
      await window.__latentPatcher!.autosaved();
      await window.__latentPatcher!.packsKept();
    });

    await keep.reload();
    await ready(keep);
    expect(await decodeModel(keep).inputValue()).toBe("spectral-fixture");
    expect(await decodeModel(keep).locator('option[value="spectral-fixture"]').count()).toBe(1);
    const menu = keep.locator("details.lp-models");
    await expect.poll(() => menu.locator("summary").textContent()).toBe("Models (1)");
    await openMenu(keep, "File");
    await menu.locator("summary").click();
    await shot(keep, "bundle-03-models-menu");
    await keep.getByRole("button", { name: "remove the model spectral-fixture" }).click();
    await expect
      .poll(() => statusText(keep))
      .toContain('removed the model "spectral-fixture"; decode still names it');
    expect(await menu.locator("summary").textContent()).toBe("Models");
    await keep.evaluate(() => window.__latentPatcher!.packsKept());

    await keep.reload();
    await ready(keep);
    expect(await keep.locator("details.lp-models summary").textContent()).toBe("Models");
    expect(await decodeModel(keep).locator('option[value="spectral-fixture"]').textContent()).toBe(
      "spectral-fixture (not loaded)",
    );
  });
});
