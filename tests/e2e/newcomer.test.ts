/**
 * Issue 4's "done when" path in one go, in a real Chromium: open the app, hear the demo, drop
 * your own sound, wire it through Encode → FiLMRRotate → Decode, turn the angle and hear the
 * change, save, reload. Screenshots of each step go to test-results/ (20-…).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { decodeWav } from "../../src/dsp/wav";
import { hasChromium, patchText, ready, RESULTS, shot, startApp, type App } from "./harness";

const FLUTE = new URL("../../assets/audio/flute.wav", import.meta.url);

const socket = (node: string, port: string) =>
  `[data-node-id="${node}"] [data-port="${port}"] .lp-socket`;

async function drag(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function render(page: Page): Promise<{ peak: number; rms: number }> {
  const before = await page.evaluate(() => window.__latentPatcher!.lastRender);
  await page.getByRole("button", { name: /Render/ }).click();
  await page.waitForFunction((b) => window.__latentPatcher?.lastRender !== b, before, {
    timeout: 60_000,
  });
  return page.evaluate(() => window.__latentPatcher!.lastRender!);
}

/** The last render, through the Export WAV button, as samples. */
async function exported(page: Page, name: string): Promise<Float32Array> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export WAV" }).click(),
  ]);
  const path = `${RESULTS}/${name}.wav`;
  await download.saveAs(path);
  return decodeWav(new Uint8Array(readFileSync(path)), name).channels[0]!;
}

/** Drops a WAV file on the canvas at client (x, y), as a user's file manager would. */
async function dropWav(page: Page, name: string, bytes: Buffer, x: number, y: number) {
  await page.evaluate(
    ({ name, b64, x, y }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: "audio/wav" }));
      const target = document.querySelector('[data-testid="canvas"]')!;
      const init = { dataTransfer: transfer, clientX: x, clientY: y, bubbles: true };
      target.dispatchEvent(new DragEvent("dragover", { ...init, cancelable: true }));
      target.dispatchEvent(new DragEvent("drop", { ...init, cancelable: true }));
    },
    { name, b64: bytes.toString("base64"), x, y },
  );
}

describe.skipIf(!hasChromium)("a newcomer's first minutes, in Chromium", () => {
  let app: App;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    context = await app.browser.newContext({
      viewport: { width: 1400, height: 850 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    await page.goto(app.url);
    await ready(page);
  }, 150_000);

  afterAll(async () => {
    await app?.close();
  });

  it("opens, hears the demo, drops a sound, wires Encode → FiLMRRotate → Decode, turns the angle, saves and reloads", async () => {
    // Hear a demo.
    await page.locator('select[aria-label="demo patches"]').selectOption("reconstruct");
    await expect.poll(() => page.locator(".lp-status").textContent()).toContain("reconstruct");
    const demo = await render(page);
    expect(demo.peak).toBeGreaterThan(0.01);
    await shot(page, "20-newcomer-demo");

    // Their own sound replaces the demo's piano.
    await dropWav(page, "flute.wav", readFileSync(FLUTE), 300, 650);
    await expect.poll(() => page.locator('[data-node-id="audioin1"]').count()).toBe(1);
    await page.locator('[data-node-id="piano"] header').click();
    await page.keyboard.press("Delete");
    await drag(page, socket("audioin1", "audio"), socket("encode", "audio"));
    await expect.poll(() => patchText(page)).toContain('"from": "audioin1.audio"');

    // A FiLMRRotate between Encode and Decode, from the quick-add box.
    await page.mouse.move(700, 680);
    await page.keyboard.press("n");
    await page.locator(".lp-quickadd input").fill("filmr");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('[data-node-id="filmrrotate1"]').count()).toBe(1);
    await drag(page, socket("encode", "latent"), socket("filmrrotate1", "in"));
    await drag(page, socket("filmrrotate1", "out"), socket("decode", "latent"));
    await expect
      .poll(async () => {
        const p = JSON.parse(await patchText(page)) as {
          connections: { from: string; to: string }[];
        };
        return p.connections
          .map((c) => `${c.from}>${c.to}`)
          .filter((c) => c.includes("decode.latent") || c.includes("filmrrotate1"))
          .sort();
      })
      .toEqual(["encode.latent>filmrrotate1.in", "filmrrotate1.out>decode.latent"]);
    const flat = await render(page);
    expect(flat.peak).toBeGreaterThan(0.01);
    const atZero = await exported(page, "newcomer-angle0");
    await shot(page, "21-newcomer-wired");

    // Turn the angle: the sound changes, and stays within full scale.
    const angle = page.locator('[data-node-id="filmrrotate1"] [data-param="angle"] .lp-numbox');
    await angle.fill("90");
    await angle.press("Enter");
    await expect.poll(() => patchText(page)).toContain('"angle": 90');
    const turned = await render(page);
    expect(turned.peak).toBeGreaterThan(0.01);
    expect(turned.peak).toBeLessThanOrEqual(1);
    const at90 = await exported(page, "newcomer-angle90");
    expect(at90.length).toBe(atZero.length);
    let diff = 0;
    let ref = 0;
    for (let i = 0; i < at90.length; i++) {
      diff += (at90[i]! - atZero[i]!) ** 2;
      ref += atZero[i]! ** 2;
    }
    expect(Math.sqrt(diff / ref)).toBeGreaterThan(0.1);
    await shot(page, "22-newcomer-turned");

    // Save, then a reload brings the same patch back.
    const saved = await patchText(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save" }).click(),
    ]);
    const path = `${RESULTS}/newcomer.patch.json`;
    await download.saveAs(path);
    expect(readFileSync(path, "utf8")).toBe(saved);
    await page.evaluate(() => window.__latentPatcher!.autosaved());
    await page.reload();
    await ready(page);
    expect(await patchText(page)).toBe(saved);
    await expect.poll(() => page.locator('[data-node-id="filmrrotate1"]').count()).toBe(1);
    await shot(page, "23-newcomer-reloaded");
  }, 180_000);
});
