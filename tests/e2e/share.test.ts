/**
 * Share links in a real Chromium: Share copies a link, a fresh browser opens it on the same patch
 * (not playing), a tab with work of its own keeps that work in Recent, a broken link says what
 * failed and keeps the autosaved patch, and a patch with embedded audio is pointed to a bundle.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { clickTool, dropFile, openDemo, openMenu, statusText } from "./actions";
import {
  hasChromium,
  newAppContext,
  openApp,
  openAppPage,
  patchText,
  ready,
  shot,
  useApp,
} from "./harness";
import { encodeWav } from "../../src/dsp/wav";

const notice = (page: Page, id: string) => page.locator(`[data-notice="${id}"]`);
const nameOf = async (page: Page) => (JSON.parse(await patchText(page)) as { name: string }).name;

async function rename(page: Page, name: string): Promise<void> {
  await page.locator("button.lp-patch-name").click();
  const field = page.locator('input[aria-label="patch name"]');
  await field.fill(name);
  await field.press("Enter");
  await expect.poll(() => nameOf(page)).toBe(name);
  await page.evaluate(() => window.__latentPatcher!.autosaved());
}

/** Half a second of noise as a WAV: a recording DEFLATE cannot squeeze into a link. */
function noiseWav(): Uint8Array {
  let seed = 7;
  const x = Float32Array.from({ length: 8000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 0.5 * (seed / 2 ** 31 - 0.5);
  });
  return encodeWav([x], 16000, "pcm16");
}

describe.skipIf(!hasChromium)("share links in Chromium", () => {
  let sharer: Page;
  let link = "";
  let shared = "";

  const app = useApp();

  beforeAll(async () => {
    sharer = await openApp(app, { acceptDownloads: true, clipboard: true });
  }, 150_000);

  it("copies a link that opens the same patch, not playing, in a fresh browser", async () => {
    await openDemo(sharer, "interpolate");
    await rename(sharer, "morph to share");
    shared = await patchText(sharer);
    await clickTool(sharer, "Share");
    await expect.poll(() => statusText(sharer)).toMatch(/^copied a share link to the clipboard/);
    link = await sharer.evaluate(() => navigator.clipboard.readText());
    expect(link.startsWith(`${app.url}#patch=`)).toBe(true);
    expect(link.length).toBeLessThanOrEqual(8000);

    const friend = await openApp(app, { query: link.slice(app.url.length) });
    expect(await patchText(friend)).toBe(shared);
    expect(friend.url()).toBe(app.url);
    expect(await notice(friend, "share-link").textContent()).toContain(
      'Opened "morph to share" from a share link (not playing).',
    );
    const playing = await friend.evaluate(() => ({
      output: window.__latentPatcher!.liveOutput(),
      worker: window.__latentPatcher!.liveStats()?.worker,
      render: window.__latentPatcher!.lastRender,
    }));
    expect(playing).toEqual({ output: undefined, worker: undefined, render: undefined });
    await shot(friend, "share-01-opened");

    // The link's patch is now the autosave: a reload shows it, not the link again.
    await friend.evaluate(() => window.__latentPatcher!.autosaved());
    await friend.reload();
    await ready(friend);
    expect(await patchText(friend)).toBe(shared);
    expect(await notice(friend, "share-link").count()).toBe(0);
    await friend.context().close();
  }, 120_000);

  it("keeps the work a link replaces in Recent, from the address bar too", async () => {
    const context = await newAppContext(app);
    const page = await openAppPage(context, app);
    await rename(page, "my own work");
    const mine = await patchText(page);
    // Only the fragment changes: the app reloads itself to open the link as a fresh start.
    await Promise.all([page.waitForEvent("load"), page.goto(link)]);
    await ready(page);
    await expect.poll(() => patchText(page)).toBe(shared);
    await expect.poll(() => page.url()).toBe(app.url);
    const recent = page.locator('select[aria-label="recent files"]');
    await expect
      .poll(async () => (await recent.locator("option").allTextContents()).join("|"))
      .toMatch(/my own work \(before a link, \d\d:\d\d\)/);
    const entry = (await recent.locator("option").allTextContents()).find((t) =>
      t.startsWith("my own work"),
    )!;
    await openMenu(page, "File");
    await recent.selectOption({ label: entry });
    await expect.poll(() => patchText(page)).toBe(mine);
    await context.close();
  }, 120_000);

  it("says what is wrong with a broken link and keeps the autosaved patch", async () => {
    const context = await newAppContext(app);
    const page = await openAppPage(context, app);
    await rename(page, "kept through a bad link");
    const before = await patchText(page);
    // Another query makes it a new page load, as a link opened from a mail would be.
    const broken = `${link.slice(0, -40)}!!`.replace(app.url, `${app.url}?from=mail`);
    await page.goto(broken);
    await ready(page);
    const error = notice(page, "share-link");
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /^The share link was not opened: the link is not base64url: "!" at character \d+ of the patch data\./,
    );
    expect(await patchText(page)).toBe(before);
    await shot(page, "share-02-broken");

    const truncated = link.slice(0, -40).replace(app.url, `${app.url}?from=chat`);
    await page.goto(truncated);
    await ready(page);
    await expect
      .poll(() => error.textContent())
      .toMatch(/^The share link was not opened: the link's patch data is not raw DEFLATE/);
    expect(await patchText(page)).toBe(before);
    await context.close();
  }, 120_000);

  it("refuses a link for a patch that embeds audio and offers the bundle", async () => {
    await dropFile(sharer, "noise.wav", noiseWav());
    await expect.poll(() => patchText(sharer)).toContain('"kind": "embedded"');
    await sharer.keyboard.press("Control+Shift+S");
    const refused = notice(sharer, "share");
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(
      /No share link: it embeds audio \("noise"\), making a \d+-character link \(at most 8000\)/,
    );
    await shot(sharer, "share-03-too-big");
    const [download] = await Promise.all([
      sharer.waitForEvent("download"),
      refused.getByRole("button", { name: "Export bundle" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.bundle\.zip$/);
    await expect.poll(() => refused.count()).toBe(0);
  }, 120_000);
});
