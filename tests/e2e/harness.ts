/**
 * Browser end-to-end harness: Vite serving the app on a free port, Debian's chromium driven by
 * playwright-core, screenshots under test-results/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
const root = fileURLToPath(new URL("../..", import.meta.url));
export const RESULTS = `${root}test-results`;

export interface App {
  readonly server: ViteDevServer;
  readonly browser: Browser;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts Vite and Chromium; `args` are extra Chromium flags (e.g. a fake microphone). */
export async function startApp(opts: { readonly args?: readonly string[] } = {}): Promise<App> {
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: "error",
    // No hot reload: an edit elsewhere in the repo must not remount the app under a running test.
    server: { port: 0, host: "127.0.0.1", hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("vite did not listen");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      // Live playback starts an AudioContext without a click.
      "--autoplay-policy=no-user-gesture-required",
      ...(opts.args ?? []),
    ],
  });
  mkdirSync(RESULTS, { recursive: true });
  return {
    server,
    browser,
    url: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until the canvas shows the patch. */
export async function ready(page: Page): Promise<void> {
  // Generous: the first page of a fresh checkout waits for Vite to pre-bundle the dependencies.
  await page.waitForFunction(() => window.__latentPatcher?.canvasReady === true, undefined, {
    timeout: 90_000,
  });
}

export const patchText = (page: Page): Promise<string> =>
  page.evaluate(() => window.__latentPatcher!.patchText());

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}/${name}.png` });
}
