/**
 * Browser end-to-end harness: Vite serving the app on a free port, Debian's chromium driven by
 * playwright-core, screenshots under test-results/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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

/**
 * The query for tests of continuity (gaps, loop seams, crossfades, a text applied while playing):
 * a pinned Buffer deep enough that a stall of a shared two-core CI machine — stalls of 100–250 ms
 * starved a 50 ms queue there — does not underrun, so a gap these tests find is the app's. What
 * small queues cost in underruns is measured by `npm run bench:realtime`, not asserted.
 */
export const CONTINUITY_QUERY = "?buffer=400";

/** How a browser context for the app is made. */
export interface AppContextOptions {
  /** Keep the files that Save and the exports download (for `download.saveAs`). */
  readonly acceptDownloads?: boolean;
  /** Grant the page the clipboard (read and write) on the app's origin. */
  readonly clipboard?: boolean;
}

/** How the app is opened in a page. */
export interface AppPageOptions {
  /** Appended to the app's URL, e.g. `?buffer=150`. */
  readonly query?: string;
  /** Runs in the page before the app's own scripts (e.g. to replace `getUserMedia`). */
  readonly initScript?: () => void;
}

/** A browser context at the size the tests' screenshots and canvas coordinates assume. */
export async function newAppContext(
  app: App,
  opts: AppContextOptions = {},
): Promise<BrowserContext> {
  const context = await app.browser.newContext({
    viewport: { width: 1400, height: 850 },
    ...(opts.acceptDownloads !== undefined && { acceptDownloads: opts.acceptDownloads }),
  });
  if (opts.clipboard) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: new URL(app.url).origin,
    });
  }
  return context;
}

/** Opens the app in a new page of `context`, logs the page's uncaught errors, waits for `ready`. */
export async function openAppPage(
  context: BrowserContext,
  app: App,
  opts: AppPageOptions = {},
): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  if (opts.initScript) await page.addInitScript(opts.initScript);
  await page.goto(`${app.url}${opts.query ?? ""}`);
  await ready(page);
  return page;
}

/** Opens the app in a page of its own new context: {@link newAppContext}, then {@link openAppPage}. */
export async function openApp(
  app: App,
  opts: AppContextOptions & AppPageOptions = {},
): Promise<Page> {
  return openAppPage(await newAppContext(app, opts), app, opts);
}

/** Waits until the canvas shows the patch. */
export async function ready(page: Page): Promise<void> {
  // Generous: the first page of a fresh checkout waits for Vite to pre-bundle the dependencies.
  await page.waitForFunction(() => window.__latentPatcher?.canvasReady === true, undefined, {
    timeout: 90_000,
  });
}

/** The open patch as Save would write it. */
export const patchText = (page: Page): Promise<string> =>
  page.evaluate(() => window.__latentPatcher!.patchText());

/** Saves a screenshot of the page as test-results/`name`.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}/${name}.png` });
}
