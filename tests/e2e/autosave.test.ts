/**
 * Autosave that never loses, in a real Chromium: a record corrupted in the page's IndexedDB is
 * kept aside, announced and downloadable, and survives the next edits; two tabs of one browser
 * editing the same autosave never erase each other's work without asking; a full disk is shown;
 * a tab of an older build holding the database makes the page say what to do, not hang blank.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  hasChromium,
  newAppContext,
  openApp,
  openAppPage,
  patchText,
  ready,
  RESULTS,
  shot,
  useApp,
} from "./harness";

/** Renames the patch from the toolbar, as a user would: an edit that autosaves. */
async function rename(page: Page, name: string): Promise<void> {
  await page.locator("button.lp-patch-name").click();
  const field = page.locator('input[aria-label="patch name"]');
  await field.fill(name);
  await field.press("Enter");
  await expect
    .poll(async () => (JSON.parse(await patchText(page)) as { name: string }).name)
    .toBe(name);
  await page.evaluate(() => window.__latentPatcher!.autosaved());
}

/** A store of the app's IndexedDB, read in the page: `key`'s value, or every value. */
function readDb(page: Page, store: string, key?: string): Promise<unknown> {
  return page.evaluate(
    ({ store, key }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("latent-patcher");
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const os = db.transaction(store, "readonly").objectStore(store);
          const req = key === undefined ? os.getAll() : os.get(key);
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(new Error(String(req.error)));
        };
      }),
    { store, key },
  );
}

/** Puts `value` at `key` of the app's autosave store, as a broken build or a bad disk might. */
function writeAutosave(page: Page, value: unknown): Promise<void> {
  return page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("latent-patcher");
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction("autosave", "readwrite");
          tx.objectStore("autosave").put(value, "current");
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    value,
  );
}

const notice = (page: Page, id: string) => page.locator(`[data-notice${id}]`);
const recordOf = (page: Page) =>
  readDb(page, "autosave", "current") as Promise<{ text: string; tab: string } | undefined>;

describe.skipIf(!hasChromium)("autosave in Chromium", () => {
  const app = useApp();

  it("keeps a corrupted record aside, says so, offers it for download and keeps it", async () => {
    const page = await openApp(app, { acceptDownloads: true });
    const broken = '{"format": "latent-patcher.patch", "version": 1, "name": "half-writ';
    await writeAutosave(page, broken);
    await page.reload();
    await ready(page);
    const kept = notice(page, '^="kept:"');
    await kept.waitFor();
    expect(await kept.textContent()).toMatch(/did not load — patch: not valid JSON.*kept aside/);
    await shot(page, "autosave-01-kept");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      kept.getByRole("button", { name: "Download", exact: true }).click(),
    ]);
    const path = `${RESULTS}/autosave-recovered.json`;
    await download.saveAs(path);
    expect(readFileSync(path, "utf8")).toBe(broken);

    await rename(page, "after the crash");
    expect(JSON.parse((await recordOf(page))!.text)).toMatchObject({ name: "after the crash" });
    const aside = (await readDb(page, "recovered")) as { text: string }[];
    expect(aside.map((r) => r.text)).toEqual([broken]);

    // The next start opens the edited patch and still lists the kept record.
    await page.reload();
    await ready(page);
    expect(JSON.parse(await patchText(page))).toMatchObject({ name: "after the crash" });
    await kept.waitFor();
    await kept.getByRole("button", { name: "Discard" }).click();
    await expect.poll(() => kept.count()).toBe(0);
    expect(await readDb(page, "recovered")).toEqual([]);
    await page.context().close();
  }, 120_000);

  it("never lets a second tab silently erase the first tab's save", async () => {
    const context = await newAppContext(app);
    const first = await openAppPage(context, app);
    const second = await openAppPage(context, app);

    await rename(first, "first tab's work");
    const conflict = notice(second, '="autosave-conflict"');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("Another tab saved a newer version");
    await shot(second, "autosave-02-conflict");

    // The second tab edits: its change is held, the first tab's save stays.
    await rename(second, "second tab's work");
    expect(JSON.parse((await recordOf(second))!.text)).toMatchObject({ name: "first tab's work" });

    // Keeping the second tab's puts the first's in Recent, and the first tab is told in turn.
    await conflict.getByRole("button", { name: "Keep this tab's" }).click();
    await second.evaluate(() => window.__latentPatcher!.autosaved());
    await expect
      .poll(async () => JSON.parse((await recordOf(second))!.text) as { name: string })
      .toMatchObject({ name: "second tab's work" });
    const recent = (await readDb(second, "autosave", "recent")) as { name: string; text: string }[];
    const copy = recent.find((f) => f.name.startsWith("first tab's work (other tab"));
    expect(JSON.parse(copy!.text)).toMatchObject({ name: "first tab's work" });

    const told = notice(first, '="autosave-conflict"');
    await told.waitFor();
    await told.getByRole("button", { name: "Open the other tab's" }).click();
    await expect.poll(() => patchText(first)).toBe(await patchText(second));
    await context.close();
  }, 120_000);

  it("shows a full disk (QuotaExceededError) instead of swallowing it", async () => {
    const context = await newAppContext(app);
    const page = await openAppPage(context, app);
    const origin = new URL(app.url).origin;
    const cdp = await context.newCDPSession(page);
    // The quota Chromium grants this origin, shrunk to nothing as a full disk would leave it.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
    await rename(page, "too much for the disk");
    const error = notice(page, '="autosave-error"');
    await error.waitFor();
    expect(await error.textContent()).toContain(
      "Autosave failed: the browser's storage for this site is full (QuotaExceededError)",
    );
    await shot(page, "autosave-03-quota");
    await cdp.send("Storage.overrideQuotaForOrigin", { origin });
    await rename(page, "room again");
    await expect.poll(() => error.count()).toBe(0);
    expect(JSON.parse((await recordOf(page))!.text)).toMatchObject({ name: "room again" });
    await context.close();
  }, 120_000);

  it("waits for a tab of an older build to close, saying so, then opens", async () => {
    const context = await newAppContext(app);
    // A page of the app's origin that holds the database at version 2, as an older build did.
    await context.route(`${app.url}older-build.html`, (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>older</title>" }),
    );
    const older = await context.newPage();
    await older.goto(`${app.url}older-build.html`);
    await older.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open("latent-patcher", 2);
          open.onupgradeneeded = () => {
            open.result.createObjectStore("autosave");
            open.result.createObjectStore("packs");
          };
          open.onsuccess = () => {
            (window as { held?: IDBDatabase }).held = open.result;
            const tx = open.result.transaction("autosave", "readwrite");
            tx.objectStore("autosave").put("not a patch", "current");
            tx.oncomplete = () => resolve();
          };
        }),
    );
    const page = await context.newPage();
    await page.goto(app.url);
    await expect
      .poll(() => page.locator("#app").textContent(), { timeout: 60_000 })
      .toContain("Latent Patcher was updated: close its other tabs");
    await older.close();
    await ready(page);
    // The older build's record did not load: it is kept aside like any other.
    await notice(page, '^="kept:"').waitFor();
    await context.close();
  }, 120_000);
});
