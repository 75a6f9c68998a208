/**
 * Layout as a new user sees it (issue 20): every demo opens with no node box over another or
 * over another's socket, and Arrange (L) leaves a clear gap between the columns, measured on the
 * drawn cards (sockets included), also when arranged zoomed far out, and fits the result in view.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO_PATCHES } from "../../src/ui/demos";
import { openDemo } from "./actions";
import { hasChromium, patchText, shot, useAppPage } from "./harness";

interface Box {
  readonly id: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}
interface Drawn {
  readonly zoom: number;
  readonly canvas: Box;
  readonly nodes: Box[];
  /** Sockets, each with its node's id. */
  readonly sockets: Box[];
}

/** The drawn cards and sockets, in screen pixels, and the zoom (1 = 100 %). */
const drawn = (page: Page): Promise<Drawn> =>
  page.evaluate(() => {
    const box = (id: string, el: Element) => {
      const r = el.getBoundingClientRect();
      return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const cards = [...document.querySelectorAll<HTMLElement>(".lp-node")];
    const readout = document.querySelector('[aria-label="zoom level"]')?.textContent ?? "100";
    return {
      zoom: parseInt(readout, 10) / 100,
      canvas: box("canvas", document.querySelector('[data-testid="canvas"]')!),
      nodes: cards.map((el) => box(el.dataset.nodeId!, el)),
      sockets: cards.flatMap((el) =>
        [...el.querySelectorAll(".lp-socket")].map((s) => box(el.dataset.nodeId!, s)),
      ),
    };
  });

const intersect = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** "a/b" for each node over another node, "a/b socket" for a node over b's socket. */
function collisions({ nodes, sockets }: Drawn): string[] {
  const found: string[] = [];
  nodes.forEach((a, i) => {
    for (const b of nodes.slice(i + 1)) if (intersect(a, b)) found.push(`${a.id}/${b.id}`);
    for (const s of sockets)
      if (s.id !== a.id && intersect(a, s)) found.push(`${a.id}/${s.id} socket`);
  });
  return found;
}

/** Each node with its sockets, as one box. */
const extents = (d: Drawn): Box[] =>
  d.nodes.map((n) =>
    d.sockets
      .filter((s) => s.id === n.id)
      .reduce(
        (e, s) => ({
          id: n.id,
          left: Math.min(e.left, s.left),
          top: Math.min(e.top, s.top),
          right: Math.max(e.right, s.right),
          bottom: Math.max(e.bottom, s.bottom),
        }),
        n,
      ),
  );

/** The smallest horizontal gap between boxes that share rows, in canvas pixels (at 100 %). */
function narrowestGap(d: Drawn): number {
  let gap = Infinity;
  const boxes = extents(d);
  for (const a of boxes)
    for (const b of boxes)
      if (a !== b && a.right <= b.left && a.top < b.bottom && b.top < a.bottom)
        gap = Math.min(gap, (b.left - a.right) / d.zoom);
  return gap;
}

/** Node boxes (sockets included) that reach out of the canvas. */
const outOfView = (d: Drawn) =>
  extents(d)
    .filter(
      (e) =>
        e.left < d.canvas.left ||
        e.top < d.canvas.top ||
        e.right > d.canvas.right ||
        e.bottom > d.canvas.bottom,
    )
    .map((e) => e.id);

/** Opens demo `name` and waits until every one of its nodes is drawn. */
async function showDemo(page: Page, name: string): Promise<void> {
  await openDemo(page, name);
  const count = (JSON.parse(await patchText(page)) as { nodes: unknown[] }).nodes.length;
  await expect.poll(() => page.locator(".lp-node").count()).toBe(count);
  await expect.poll(() => page.locator(".lp-node.compact").count()).toBe(0);
}

async function arrange(page: Page): Promise<void> {
  const before = await patchText(page);
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("l");
  await expect.poll(() => patchText(page)).not.toBe(before);
  await page.waitForTimeout(300); // the fit after arranging animates nothing; the cards settle
}

describe.skipIf(!hasChromium)("layout in Chromium", () => {
  const app = useAppPage();

  it("opens every demo with no node over another node or its sockets", async () => {
    const found: string[] = [];
    for (const name of Object.keys(DEMO_PATCHES)) {
      await showDemo(app.page, name);
      found.push(...collisions(await drawn(app.page)).map((c) => `${name}: ${c}`));
    }
    await showDemo(app.page, "subpatch-chain");
    await shot(app.page, "80-subpatch-chain-demo");
    expect(found).toEqual([]);
  }, 120_000);

  it("arranges with gaps of 40 px or more between the columns, all in view", async () => {
    for (const name of ["subpatch-chain", "effect-transfer", "descriptor-target"]) {
      await showDemo(app.page, name);
      await arrange(app.page);
      const d = await drawn(app.page);
      expect(collisions(d), name).toEqual([]);
      expect(narrowestGap(d), name).toBeGreaterThanOrEqual(40);
      expect(outOfView(d), name).toEqual([]);
    }
    await shot(app.page, "81-arranged");
  }, 120_000);

  it("arranged zoomed far out (compact cards), keeps the gaps once zoomed in", async () => {
    await showDemo(app.page, "subpatch-chain");
    for (let i = 0; i < 6; i++) await app.page.getByRole("button", { name: "zoom out" }).click();
    await expect.poll(() => app.page.locator(".lp-node.compact").count()).toBeGreaterThan(0);
    await arrange(app.page);
    await app.page.getByRole("button", { name: "zoom level" }).click(); // 100 %
    await expect.poll(() => app.page.locator(".lp-node.compact").count()).toBe(0);
    await app.page.waitForTimeout(300);
    const d = await drawn(app.page);
    expect(collisions(d)).toEqual([]);
    expect(narrowestGap(d)).toBeGreaterThanOrEqual(40);
  }, 60_000);
});
