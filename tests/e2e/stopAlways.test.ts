/**
 * Stop always stops (issue 20): pressed at once after ▶ Play or Render & play on a fresh page, in
 * the gap while the page's first AudioContext starts (held open here, so the test lands in it
 * every time), or after a render has begun to play. A tap on every connection to the speakers
 * hears silence afterwards, and the status line says so.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { statusText } from "./actions";
import { hasChromium, openApp, useApp } from "./harness";

/**
 * Runs in the page before the app: every node connected to a context's speakers is also
 * connected to a script processor of that context, which keeps the loudest sample it hears in
 * `__loudest` (a suspended context sends nothing, and calls it not); `AudioContext.resume` waits
 * 1.5 s while `__resuming` is set, as a slow first start of the audio device does.
 */
function tapSpeakers(): void {
  const w = window as unknown as { __loudest: number; __resuming: boolean };
  w.__loudest = 0;
  w.__resuming = false;
  const taps = new Map<BaseAudioContext, ScriptProcessorNode>();
  const original = (proto: object, name: string) =>
    Object.getOwnPropertyDescriptor(proto, name)!.value as (...a: unknown[]) => unknown;
  const connectOf = original(AudioNode.prototype, "connect");
  const connect = (node: AudioNode, ...args: unknown[]) => Reflect.apply(connectOf, node, args);
  AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
    if (args[0] instanceof AudioDestinationNode && !(this instanceof ScriptProcessorNode)) {
      let tap = taps.get(this.context);
      if (!tap) {
        tap = this.context.createScriptProcessor(1024, 2, 1);
        tap.onaudioprocess = (e) => {
          for (let c = 0; c < e.inputBuffer.numberOfChannels; c++)
            for (const x of e.inputBuffer.getChannelData(c))
              w.__loudest = Math.max(w.__loudest, Math.abs(x));
        };
        tap.connect(this.context.destination);
        taps.set(this.context, tap);
      }
      connect(this, tap);
    }
    return connect(this, ...args);
  } as typeof AudioNode.prototype.connect;
  const resumeOf = original(AudioContext.prototype, "resume");
  const resume = (context: AudioContext) => Reflect.apply(resumeOf, context, []) as Promise<void>;
  AudioContext.prototype.resume = async function (this: AudioContext) {
    w.__resuming = true;
    await new Promise((r) => setTimeout(r, 1500));
    w.__resuming = false;
    return resume(this);
  };
}

/** The loudest sample the speakers get over the next `seconds`. */
const loudestOver = (page: Page, seconds: number) =>
  page.evaluate(async (seconds) => {
    const w = window as unknown as { __loudest: number };
    await new Promise((r) => setTimeout(r, 100)); // what was queued before the call
    w.__loudest = 0;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    return w.__loudest;
  }, seconds);

const stopButton = (page: Page) => page.getByRole("button", { name: "■ Stop" });

describe.skipIf(!hasChromium)("Stop in Chromium", () => {
  const app = useApp();

  it("stops ▶ Play pressed a moment before, on a fresh page", async () => {
    const page = await openApp(app, { initScript: tapSpeakers });
    await page.getByRole("button", { name: "▶ Play" }).click();
    await stopButton(page).click();
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toMatch(/^stopped/);
    await expect
      .poll(() => page.getByRole("button", { name: "▶ Play" }).isEnabled(), { timeout: 30_000 })
      .toBe(true);
    expect(await loudestOver(page, 3)).toBe(0);
    expect(await statusText(page)).toMatch(/^stopped/);
    await page.close();
  }, 60_000);

  it("stops ▶ Play in the gap while the first audio context starts", async () => {
    const page = await openApp(app, { initScript: tapSpeakers });
    await page.getByRole("button", { name: "▶ Play" }).click();
    await page.waitForFunction(
      () => (window as unknown as { __resuming: boolean }).__resuming,
      undefined,
      { timeout: 30_000 },
    );
    await stopButton(page).click();
    await expect.poll(() => statusText(page), { timeout: 10_000 }).toMatch(/^stopped/);
    expect(await loudestOver(page, 3)).toBe(0);
    expect(await statusText(page)).toMatch(/^stopped/);
    expect(await page.evaluate(() => window.__latentPatcher!.liveOutput())).toBeUndefined();
    await page.close();
  }, 60_000);

  it("stops Render & play during the render and right after it, on a fresh page", async () => {
    const page = await openApp(app, { initScript: tapSpeakers });
    const render = page.getByRole("button", { name: "Render & play" });
    await render.click();
    await stopButton(page).click();
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toMatch(/stopped/);
    await expect.poll(() => render.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await loudestOver(page, 2)).toBe(0);

    // Stop pressed as soon as the render is done (the audio context is still starting).
    await render.click();
    await page.waitForFunction(() => window.__latentPatcher?.lastRender !== undefined, undefined, {
      timeout: 60_000,
    });
    await stopButton(page).click();
    await expect.poll(() => statusText(page)).toMatch(/stopped$/);
    expect(await loudestOver(page, 3)).toBe(0);
    expect(await statusText(page)).toMatch(/stopped$/);
    await page.close();
  }, 120_000);
});
