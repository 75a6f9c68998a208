/**
 * Browser end-to-end harness: Vite serving the app on a free port, Debian's chromium driven by
 * playwright-core, screenshots under test-results/. Under vitest, tests/e2e/globalSetup.ts starts
 * one server and one Chromium for the whole e2e project; {@link useApp} and {@link useAppPage}
 * give each test file its own browser contexts on them (fresh storage, so files stay
 * independent). {@link startApp} starts a server and a browser of their own (the benchmarks).
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
const root = fileURLToPath(new URL("../..", import.meta.url));
export const RESULTS = `${root}test-results`;

declare module "vitest" {
  export interface ProvidedContext {
    /** The app's URL on the Vite server that globalSetup started (ends with a slash). */
    e2eUrl?: string;
    /** playwright's WebSocket endpoint of the Chromium that globalSetup launched. */
    e2eBrowser?: string;
  }
}

/** The app served and a browser to open it in. */
export interface App {
  readonly browser: Browser;
  readonly url: string;
  /** Closes this app's browser (or, on the shared one, every context this file opened). */
  close(): Promise<void>;
}

/** Chromium flags every test browser gets. */
const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  // Live playback starts an AudioContext without a click.
  "--autoplay-policy=no-user-gesture-required",
];

/** Starts Vite serving the app on a free port of 127.0.0.1. */
export async function startServer(): Promise<{ server: ViteDevServer; url: string }> {
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
  mkdirSync(RESULTS, { recursive: true });
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** Launches Debian's chromium with the tests' flags plus `args`. */
export const launchBrowser = (args: readonly string[] = []): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: [...BROWSER_ARGS, ...args] });

/** Launches a Chromium that other processes connect to (globalSetup's shared browser). */
export const launchBrowserServer = () =>
  chromium.launchServer({ executablePath: CHROMIUM, args: BROWSER_ARGS });

/** Starts Vite and Chromium of its own; `args` are extra Chromium flags (e.g. a fake microphone). */
export async function startApp(opts: { readonly args?: readonly string[] } = {}): Promise<App> {
  const { server, url } = await startServer();
  const browser = await launchBrowser(opts.args);
  return {
    browser,
    url,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The app for one test file: globalSetup's server, and its shared Chromium unless `args` asks for
 * flags of its own (a fake microphone, WebGPU), which get a browser of their own. Without
 * globalSetup (a config that lacks it) it is {@link startApp}.
 */
export async function connectApp(opts: { readonly args?: readonly string[] } = {}): Promise<App> {
  const url = inject("e2eUrl");
  const endpoint = inject("e2eBrowser");
  if (!url || !endpoint) return startApp(opts);
  mkdirSync(RESULTS, { recursive: true });
  const browser = opts.args?.length
    ? await launchBrowser(opts.args)
    : await chromium.connect(endpoint, { timeout: 60_000 });
  // On the shared browser close() closes this file's contexts (and their pages) and disconnects.
  return { browser, url, close: () => browser.close() };
}

/** How a file's app is set up: extra Chromium flags. */
export interface UseAppOptions {
  /** Extra Chromium flags (a browser of the file's own, e.g. a fake microphone). */
  readonly args?: readonly string[];
}

/**
 * Registers the file's `beforeAll` (connect to the app, {@link connectApp}) and `afterAll`
 * (close it); the returned app is usable inside tests and hooks, from the first `beforeAll` on.
 */
export function useApp(opts: UseAppOptions = {}): App {
  let current: App | undefined;
  beforeAll(async () => {
    current = await connectApp(opts);
  }, 150_000);
  afterAll(async () => {
    await current?.close();
  });
  const app = (): App => {
    if (!current) throw new Error("the app is not connected yet: use it in a test or a hook");
    return current;
  };
  return {
    get browser() {
      return app().browser;
    },
    get url() {
      return app().url;
    },
    close: () => app().close(),
  };
}

/** The app and one page of it that a file's tests share. */
export interface AppPage extends App {
  /** The page opened in the file's `beforeAll`. */
  readonly page: Page;
}

/**
 * {@link useApp}, plus one page opened in `beforeAll` ({@link openApp} with `opts`) that the
 * file's tests share, as one user going on from test to test would.
 */
export function useAppPage(opts: UseAppOptions & AppContextOptions & AppPageOptions = {}): AppPage {
  const app = useApp(opts);
  let page: Page | undefined;
  beforeAll(async () => {
    page = await openApp(app, opts);
  }, 150_000);
  return {
    get browser() {
      return app.browser;
    },
    get url() {
      return app.url;
    },
    close: () => app.close(),
    get page() {
      if (!page) throw new Error("the page is not open yet: use it in a test or a hook");
      return page;
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
  /** The page's size; 1400 × 850 unless given. */
  readonly viewport?: { readonly width: number; readonly height: number };
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
    viewport: opts.viewport ?? { width: 1400, height: 850 },
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
