/**
 * Editing inside a subpatch and wiring from the keyboard, in a real Chromium: the subpatch-chain
 * demo's "turn" opens in place on a double-click of an instance's title, a parameter changed
 * inside changes the definition (both instances follow; the render changes), the path bar and
 * Esc go back, Ctrl+Z undoes it in one step, F2 renames; W wires and unwires the selected node.
 * Screenshots: test-results/90-….
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { fitView, openDemo, render, statusText } from "./actions";
import { hasChromium, patchText, shot, useAppPage } from "./harness";

interface SavedPatch {
  name: string;
  nodes: { id: string; params: Record<string, unknown> }[];
  connections: { from: string; to: string }[];
  subpatches?: {
    id: string;
    name: string;
    nodes: { id: string; params: Record<string, unknown> }[];
  }[];
}
const saved = async (page: Page) => JSON.parse(await patchText(page)) as SavedPatch;
const innerFactor = async (page: Page) =>
  (await saved(page)).subpatches?.[0]?.nodes.find((n) => n.id === "scale")?.params.factor;
const cables = async (page: Page) =>
  (await saved(page)).connections.map((c) => `${c.from}>${c.to}`);
const shownIds = (page: Page) =>
  page
    .locator(".lp-node[data-node-id]")
    .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId).sort());

describe.skipIf(!hasChromium)("editing inside a subpatch and wiring by keyboard", () => {
  const app = useAppPage();

  it("opens a subpatch in place; an edit inside changes every instance and the sound", async () => {
    await openDemo(app.page, "subpatch-chain");
    await fitView(app.page);
    const before = await render(app.page);
    await app.page.locator('[data-node-id="turn1"] .lp-node-type').dblclick();
    const crumbs = app.page.getByRole("navigation", { name: "subpatch path" });
    await expect.poll(() => crumbs.textContent()).toContain("Subpatch chain›turn");
    await expect
      .poll(() => shownIds(app.page))
      .toEqual(["inlet:in", "outlet:out", "rotate", "scale"].sort());
    await shot(app.page, "90-subpatch-open");

    const factor = app.page.locator('[data-node-id="scale"] [data-param="factor"] .lp-numbox');
    await factor.fill("2");
    await factor.press("Enter");
    await expect.poll(() => innerFactor(app.page)).toBe(2);
    await shot(app.page, "91-subpatch-edited");

    // Back by the path bar: turn1 (no override of the factor) shows the new value.
    await crumbs.getByRole("button", { name: "Subpatch chain" }).click();
    await expect.poll(() => crumbs.count()).toBe(0);
    await expect.poll(() => shownIds(app.page)).toContain("turn2");
    await app.page.locator('[data-node-id="turn1"] .lp-fold').click();
    await expect
      .poll(() =>
        app.page
          .locator('[data-node-id="turn1"] [data-param="scale.factor"] .lp-numbox')
          .inputValue(),
      )
      .toBe("2");
    const after = await render(app.page);
    // Heard: the factor scales the latents before the decoder, so the level moves.
    expect(Math.abs(after.rms - before.rms)).toBeGreaterThan(0.05 * before.rms);
    expect(after.peak).toBeLessThanOrEqual(1);

    // One undo step, and Esc goes back from inside.
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => innerFactor(app.page)).toBe(1.1);
    await app.page.locator('[data-node-id="turn2"] .lp-node-type').dblclick();
    await expect.poll(() => crumbs.count()).toBe(1);
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("Escape");
    await expect.poll(() => crumbs.count()).toBe(0);
  });

  it("opens nested subpatches and refuses to remove a port an instance uses", async () => {
    const crumbs = app.page.getByRole("navigation", { name: "subpatch path" });
    await app.page.locator('[data-node-id="turn1"] .lp-node-type').dblclick();
    await expect.poll(() => shownIds(app.page)).toContain("rotate");
    // Group the rotation inside "turn": a subpatch within the subpatch.
    await app.page.locator('[data-node-id="rotate"] header').click();
    await app.page.keyboard.press("Control+g");
    await expect.poll(async () => (await saved(app.page)).subpatches?.length).toBe(2);
    await app.page.locator('[data-node-id="group1"] .lp-node-type').dblclick();
    await expect.poll(() => crumbs.textContent()).toContain("Subpatch chain›turn›group 1");
    await expect
      .poll(() => shownIds(app.page))
      .toEqual(["inlet:in", "outlet:out", "rotate"].sort());
    await shot(app.page, "94-subpatch-nested");
    await crumbs.getByRole("button", { name: "turn" }).click();
    await expect.poll(() => shownIds(app.page)).toContain("group1");

    // The outlet feeds turn2 and decode outside: deleting it is refused, naming them.
    const before = await patchText(app.page);
    await app.page.locator('[data-node-id="outlet:out"] header').click();
    await app.page.keyboard.press("Delete");
    await expect
      .poll(() => statusText(app.page))
      .toContain('the output "out" of "turn" is wired on turn1, turn2');
    expect(await patchText(app.page)).toBe(before);
    await expect.poll(() => shownIds(app.page)).toContain("outlet:out");
    await app.page.keyboard.press("Escape");
    await expect.poll(() => crumbs.count()).toBe(0);
  });

  it("renames a subpatch with F2", async () => {
    await app.page.locator('[data-node-id="turn1"] header').click();
    await app.page.keyboard.press("F2");
    const name = app.page.locator('input[aria-label="subpatch name"]');
    await name.fill("twist");
    await name.press("Enter");
    await expect.poll(async () => (await saved(app.page)).subpatches?.[0]?.name).toBe("twist");
    await expect
      .poll(() => app.page.locator('[data-node-id="turn2"] .lp-node-type').textContent())
      .toContain("twist");
  });

  it("wires and unwires the selected node from the keyboard (W)", async () => {
    await app.page.locator('[data-node-id="decode"] header').click();
    await app.page.keyboard.press("w");
    const list = app.page.getByRole("dialog", { name: "wire decode" });
    await list.locator("input").fill("remove out.audio");
    await expect
      .poll(() => list.locator("li").first().textContent())
      .toBe("remove decode.audio → out.audio");
    await list.locator("input").press("Enter");
    await expect.poll(() => cables(app.page)).not.toContain("decode.audio>out.audio");

    await app.page.locator('[data-node-id="decode"] header').click();
    await app.page.keyboard.press("w");
    await list.locator("input").fill("out.audio");
    await expect
      .poll(() => list.locator("li").first().textContent())
      .toBe("decode.audio → out.audio");
    await shot(app.page, "92-keyboard-wiring");
    await list.locator("input").press("Enter");
    await expect.poll(() => cables(app.page)).toContain("decode.audio>out.audio");
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => cables(app.page)).not.toContain("decode.audio>out.audio");
  });
});
