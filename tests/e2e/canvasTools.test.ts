/**
 * Canvas tools in a real Chromium: comments, selecting and deleting a cable, auto-arrange, the
 * minimap, Shift for fine slider drags, renaming the patch, the right-click menu, the shortcuts
 * screen. Each edit is undone once to check it
 * is one undo step.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serializePatch } from "../../src/engine/patch/serialize";
import { benchPatch } from "../../bench/uiPatch";
import { hasChromium, patchText, shot, useAppPage } from "./harness";
import { clickTool, fitView, statusText } from "./actions";

interface SavedPatch {
  name: string;
  nodes: { id: string; params: Record<string, unknown>; position: [number, number] }[];
  connections: { from: string; to: string }[];
  comments?: { id: string; text: string; position: [number, number] }[];
}
const saved = async (page: Page) => JSON.parse(await patchText(page)) as SavedPatch;

/** The screen point halfway along cable `id`'s path. */
async function cableMiddle(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((cable) => {
    const path = document.querySelector<SVGPathElement>(`[data-cable="${cable}"] .lp-cable-hit`)!;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
  }, id);
}

/** Pairs of drawn nodes whose boxes overlap. */
const overlappingNodes = (page: Page) =>
  page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>(".lp-node")].map((el) => ({
      id: el.dataset.nodeId,
      r: el.getBoundingClientRect(),
    }));
    const hits: string[] = [];
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        const apart =
          a.r.right <= b.r.left ||
          b.r.right <= a.r.left ||
          a.r.bottom <= b.r.top ||
          b.r.bottom <= a.r.top;
        if (!apart) hits.push(`${a.id}/${b.id}`);
      }),
    );
    return hits;
  });

describe.skipIf(!hasChromium)("canvas tools in Chromium", () => {
  const app = useAppPage();

  beforeAll(async () => {
    await fitView(app.page); // these tests click across the whole demo
  }, 150_000);

  it("adds a comment with C, edits, moves and deletes it; it is saved in the patch", async () => {
    await app.page.mouse.move(700, 120);
    await app.page.keyboard.press("c");
    const editor = app.page.locator(".lp-comment textarea");
    await editor.waitFor();
    await editor.fill("piano, with the reverb\nof the guitar");
    await app.page.keyboard.press("Control+Enter");
    await expect
      .poll(async () => (await saved(app.page)).comments?.[0]?.text)
      .toBe("piano, with the reverb\nof the guitar");
    const box = app.page.locator(".lp-comment").first();
    expect(await box.textContent()).toContain("of the guitar");
    const before = (await saved(app.page)).comments![0]!.position;

    const b = (await box.boundingBox())!;
    await app.page.mouse.move(b.x + 10, b.y + 8);
    await app.page.mouse.down();
    await app.page.mouse.move(b.x + 90, b.y + 68, { steps: 6 });
    await app.page.mouse.up();
    await expect
      .poll(async () => (await saved(app.page)).comments![0]!.position)
      .not.toEqual(before);
    await shot(app.page, "10-comment");

    await box.dblclick();
    await editor.fill("edited");
    await app.page.mouse.click(700, 780); // a click elsewhere keeps the edit
    await expect.poll(async () => (await saved(app.page)).comments![0]!.text).toBe("edited");

    await box.dblclick();
    await editor.fill("dropped");
    await editor.press("Escape"); // Escape drops the edit
    await expect.poll(() => editor.count()).toBe(0);
    expect((await saved(app.page)).comments![0]!.text).toBe("edited");

    await app.page.waitForTimeout(600); // a separate click, not the third press of a double-click
    await box.click();
    await app.page.keyboard.press("Delete");
    await expect.poll(async () => (await saved(app.page)).comments).toBeUndefined();
    await expect.poll(() => app.page.locator(".lp-comment").count()).toBe(0);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => app.page.locator(".lp-comment").count()).toBe(1);
    expect((await saved(app.page)).comments![0]!.text).toBe("edited");
  });

  it("selects a cable with a click and deletes it with Delete; undo brings it back", async () => {
    const cable = "decode.audio>out.audio";
    const at = await cableMiddle(app.page, cable);
    await app.page.mouse.click(at.x, at.y);
    await expect
      .poll(() => app.page.locator(`[data-cable="${cable}"]`).getAttribute("class"))
      .toBe("lp-cable selected");
    await shot(app.page, "11-cable-selected");
    const cables = (await saved(app.page)).connections.length;
    await app.page.keyboard.press("Backspace");
    await expect.poll(async () => (await saved(app.page)).connections.length).toBe(cables - 1);
    expect((await saved(app.page)).connections).not.toContainEqual({
      from: "decode.audio",
      to: "out.audio",
    });
    expect((await saved(app.page)).nodes.map((n) => n.id)).toContain("decode");
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).connections.length).toBe(cables);

    // A click on empty canvas drops the cable selection: Delete then removes nothing.
    await app.page.mouse.click(at.x, at.y);
    await app.page.mouse.click(700, 790);
    await expect.poll(() => app.page.locator(".lp-cable.selected").count()).toBe(0);
    await app.page.keyboard.press("Delete");
    expect((await saved(app.page)).connections.length).toBe(cables);
  });

  it("auto-arranges left to right without overlaps, in one undo step", async () => {
    const before = await saved(app.page);
    await clickTool(app.page, "Arrange");
    await expect.poll(async () => (await saved(app.page)).nodes).not.toEqual(before.nodes);
    const after = await saved(app.page);
    const x = (id: string) => after.nodes.find((n) => n.id === id)!.position[0];
    for (const c of after.connections) {
      expect(x(c.from.split(".")[0]!)).toBeLessThan(x(c.to.split(".")[0]!));
    }
    await expect.poll(() => overlappingNodes(app.page)).toEqual([]);
    await app.page.locator("button.lp-patch-name").focus(); // keyboard focus off the canvas
    await app.page.mouse.move(700, 790);
    await shot(app.page, "12-arranged");
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).nodes).toEqual(before.nodes);
    await app.page.keyboard.press("l");
    await expect.poll(async () => (await saved(app.page)).nodes).toEqual(after.nodes);
  });

  it("shows a minimap of the nodes and comments on M or the button, and hides it again", async () => {
    const minimap = app.page.locator('[data-testid="minimap"]');
    expect(await minimap.isVisible()).toBe(false); // hidden at first: it covers a corner
    await app.page.mouse.move(700, 790);
    await app.page.keyboard.press("m");
    await expect.poll(() => minimap.isVisible()).toBe(true);
    const drawn =
      (await saved(app.page)).nodes.length + ((await saved(app.page)).comments?.length ?? 0);
    await expect.poll(() => app.page.locator('[data-testid="minimap-node"]').count()).toBe(drawn);
    await shot(app.page, "12b-minimap");
    await clickTool(app.page, "Minimap");
    await expect.poll(() => minimap.isVisible()).toBe(false);
  });

  it("drags a slider ten times more finely with Shift held", async () => {
    const slider = app.page.locator(
      '[data-node-id="amount"] [data-param="factor"] input[type="range"]',
    );
    const factor = async () =>
      (await saved(app.page)).nodes.find((n) => n.id === "amount")!.params.factor as number;
    const dragBy = async (dx: number, shift: boolean) => {
      const start = await factor();
      const b = (await slider.boundingBox())!;
      const thumb = b.x + ((start + 4) / 8) * b.width; // factor spans [-4, 4]
      await app.page.mouse.move(thumb, b.y + b.height / 2);
      if (shift) await app.page.keyboard.down("Shift");
      await app.page.mouse.down();
      await app.page.mouse.move(thumb + dx, b.y + b.height / 2, { steps: 5 });
      await app.page.mouse.up();
      if (shift) await app.page.keyboard.up("Shift");
      return (await factor()) - start;
    };
    // At most a quarter of the slider: a coarse drag from 1 must not hit the top (4) of its range
    // however small the fitted zoom draws it.
    const dx = Math.min(10, (await slider.boundingBox())!.width / 4);
    const coarse = await dragBy(dx, false);
    expect(coarse).toBeGreaterThan(0.3);
    await app.page.mouse.click(700, 790); // the slider keeps the keyboard focus, as a native one does
    await app.page.keyboard.press("Control+z"); // the whole drag is one undo step
    await expect.poll(factor).toBe(1);
    const fine = await dragBy(dx, true);
    expect(fine).toBeGreaterThan(0);
    expect(coarse / fine).toBeGreaterThan(8);
    expect(coarse / fine).toBeLessThan(12);
  });

  it("renames the patch from the toolbar; the name is saved, undo restores it", async () => {
    const old = (await saved(app.page)).name;
    await app.page.locator("button.lp-patch-name").click();
    const field = app.page.locator('input[aria-label="patch name"]');
    await field.fill("guitar through a hall");
    await field.press("Enter");
    await expect.poll(async () => (await saved(app.page)).name).toBe("guitar through a hall");
    expect(await app.page.locator("button.lp-patch-name").textContent()).toBe(
      "guitar through a hall",
    );
    await shot(app.page, "13-renamed");

    await app.page.locator("button.lp-patch-name").click();
    await field.fill("   ");
    await field.press("Enter");
    await expect.poll(() => statusText(app.page)).toBe("a patch name cannot be empty");
    expect((await saved(app.page)).name).toBe("guitar through a hall");

    await app.page.mouse.move(700, 790);
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).name).toBe(old);
  });

  /** The menu's entry `label` (its text up to the shortcut). */
  const menuItem = (label: string) =>
    app.page.locator(".lp-menu-item", { has: app.page.locator(`span:text-is("${label}")`) }).last();

  it("right-click on the canvas offers the node types by category; one lands where clicked", async () => {
    const before = await saved(app.page);
    await app.page.mouse.click(900, 700, { button: "right" });
    const menu = app.page.getByTestId("context-menu");
    await menu.waitFor();
    expect(
      await menu.locator(":scope > .lp-menu-item > span:first-child").allTextContents(),
    ).toEqual(
      expect.arrayContaining(["Add node…", "Source", "Model", "Transform", "Paste", "Add comment"]),
    );
    expect(await menuItem("Add comment").textContent()).toContain("C"); // its shortcut beside it
    await menuItem("Transform").hover();
    await menuItem("FiLMRRotate").waitFor();
    await shot(app.page, "14-context-menu");
    await menuItem("FiLMRRotate").click();
    await expect
      .poll(async () => (await saved(app.page)).nodes.length)
      .toBe(before.nodes.length + 1);
    expect(await menu.isVisible()).toBe(false);
    const added = (await saved(app.page)).nodes.find(
      (n) => !before.nodes.some((b) => b.id === n.id),
    )!;
    const box = (await app.page.locator(`[data-node-id="${added.id}"]`).boundingBox())!;
    expect(Math.abs(box.x - 900)).toBeLessThan(60); // at the right-click, not the menu item
    expect(Math.abs(box.y - 700)).toBeLessThan(60);
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).nodes.length).toBe(before.nodes.length);
    // The keyboard: ↓ ↓ to "Source", → into its submenu, Enter adds its first node type.
    await app.page.mouse.click(900, 700, { button: "right" });
    await menu.waitFor();
    await app.page.keyboard.press("ArrowDown");
    await app.page.keyboard.press("ArrowDown");
    await app.page.keyboard.press("ArrowRight");
    await expect
      .poll(() => app.page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toMatch(/^AudioIn/);
    await app.page.keyboard.press("Enter");
    await expect
      .poll(async () => (await saved(app.page)).nodes.length)
      .toBe(before.nodes.length + 1);
    const typed = (await saved(app.page)).nodes.find(
      (n) => !before.nodes.some((b) => b.id === n.id),
    );
    expect(typed?.id).toMatch(/^audioin/);
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).nodes.length).toBe(before.nodes.length);
    // Escape closes the menu without doing anything.
    await app.page.mouse.click(900, 700, { button: "right" });
    await menu.waitFor();
    await app.page.keyboard.press("Escape");
    await expect.poll(() => menu.isVisible()).toBe(false);
    expect((await saved(app.page)).nodes.length).toBe(before.nodes.length);
  });

  it("right-click on a node acts on it: Duplicate, then Delete", async () => {
    const before = await saved(app.page);
    const title = app.page.locator('[data-node-id="amount"] header');
    await app.page.mouse.click(700, 790); // nothing selected
    await title.click({ button: "right" });
    await menuItem("Duplicate").click();
    await expect
      .poll(async () => (await saved(app.page)).nodes.length)
      .toBe(before.nodes.length + 1);
    await title.click({ button: "right" });
    await menuItem("Delete").click();
    await expect
      .poll(async () => (await saved(app.page)).nodes.map((n) => n.id))
      .not.toContain("amount");
    await app.page.keyboard.press("Control+z");
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).nodes).toEqual(before.nodes);
  });

  it("right-click on a cable deletes it; undo brings it back", async () => {
    const cable = "decode.audio>out.audio";
    const cables = (await saved(app.page)).connections.length;
    const at = await cableMiddle(app.page, cable);
    await app.page.mouse.click(at.x, at.y, { button: "right" });
    await menuItem("Delete cable").click();
    await expect.poll(async () => (await saved(app.page)).connections.length).toBe(cables - 1);
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).connections.length).toBe(cables);
  });

  it("selects the nodes in a Shift+drag box, or all with Ctrl+A; Delete then undo", async () => {
    const before = await saved(app.page);
    const boxes = await app.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".lp-node")].map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.dataset.nodeId!, x: r.x, y: r.y, right: r.right, bottom: r.bottom };
      }),
    );
    // A box around the two left-most nodes' top-left corners, from empty canvas.
    const left = [...boxes].sort((a, b) => a.x - b.x).slice(0, 2);
    const x0 = Math.min(...left.map((b) => b.x)) - 15;
    const y0 = Math.min(...left.map((b) => b.y)) - 15;
    const x1 = Math.max(...left.map((b) => b.x)) + 10;
    const y1 = Math.max(...left.map((b) => b.y)) + 10;
    const wanted = boxes
      .filter((b) => b.x < x1 && b.right > x0 && b.y < y1 && b.bottom > y0)
      .map((b) => b.id)
      .sort();
    expect(wanted.length).toBeGreaterThanOrEqual(2);
    await app.page.mouse.click(700, 790);
    await app.page.keyboard.down("Shift");
    await app.page.mouse.move(x0, y0);
    await app.page.mouse.down();
    await app.page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 4 });
    await app.page.mouse.move(x1, y1, { steps: 4 });
    expect(await app.page.locator(".lp-select-band").count()).toBe(1);
    await app.page.mouse.up();
    await app.page.keyboard.up("Shift");
    const selected = () =>
      app.page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".lp-node.selected")]
          .map((el) => el.dataset.nodeId!)
          .sort(),
      );
    await expect.poll(selected).toEqual(wanted);
    expect(await app.page.locator(".lp-select-band").count()).toBe(0);
    expect((await saved(app.page)).nodes).toEqual(before.nodes); // nothing moved: not a pan or drag

    await app.page.keyboard.press("Control+a");
    await expect.poll(async () => (await selected()).length).toBe(before.nodes.length);
    await app.page.keyboard.press("Delete");
    await expect.poll(async () => (await saved(app.page)).nodes.length).toBe(0);
    await app.page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved(app.page)).nodes).toEqual(before.nodes);
  });

  it("lists the shortcuts on ? and closes on Escape", async () => {
    await app.page.mouse.move(700, 790);
    await app.page.keyboard.press("?");
    const help = app.page.getByRole("dialog", { name: "keyboard shortcuts" });
    await help.waitFor();
    const text = (await help.textContent()) ?? "";
    expect(text).toContain("Group the selection into a subpatch");
    expect(text).toContain("Ctrl+Shift+G");
    expect(text).toContain("Right-click");
    await shot(app.page, "15-shortcuts");
    await app.page.keyboard.press("Escape");
    await expect.poll(() => help.count()).toBe(0);
    await app.page.getByRole("button", { name: "?" }).click();
    await help.waitFor();
    await app.page.mouse.click(20, 20); // outside the box
    await expect.poll(() => help.count()).toBe(0);
  });

  it("draws a large patch zoomed out as compact cards, arranges it by full size, and zooming in shows the controls", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lp-lod-")), "large.patch.json");
    writeFileSync(file, serializePatch(benchPatch(8))); // 80 nodes, 72 cables
    await app.page.locator('input[aria-label="open patch file"]').setInputFiles(file);
    const canvas = app.page.locator('[data-testid="canvas"]');
    await expect.poll(() => canvas.locator(".lp-node").count()).toBe(80);
    expect(await canvas.locator(".lp-node.compact").count()).toBe(80);
    expect(await canvas.locator(".lp-param").count()).toBe(0);
    const routed = () =>
      app.page.evaluate(
        () =>
          [...document.querySelectorAll(".lp-cable path:not(.lp-cable-hit)")].filter((p) =>
            p.getAttribute("d"),
          ).length,
      );
    await expect.poll(routed).toBe(72);
    await shot(app.page, "12c-large-patch-compact");
    // Arranged while compact, the cards are spaced by their full size.
    await clickTool(app.page, "Arrange");
    await expect.poll(() => statusText(app.page)).toContain("arranged");
    const box = (await canvas.boundingBox())!;
    await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const zoom = () =>
      app.page.evaluate(() => {
        const holder = document.querySelector<HTMLElement>('[data-testid="canvas"] > div');
        return Number(/scale\(([\d.]+)\)/.exec(holder?.style.transform ?? "")?.[1] ?? NaN);
      });
    for (let i = 0; i < 40 && (await zoom()) <= 0.5; i++) await app.page.mouse.wheel(0, -200);
    expect(await zoom()).toBeGreaterThan(0.5);
    // 80 cards draw their controls in transitions, slices between frames: slow on a loaded machine.
    await expect
      .poll(() => canvas.locator(".lp-node.compact").count(), { timeout: 15_000 })
      .toBe(0);
    expect(await canvas.locator(".lp-param").count()).toBeGreaterThan(80);
    await expect.poll(() => overlappingNodes(app.page)).toEqual([]);
    await expect.poll(routed).toBe(72);
    await shot(app.page, "12d-large-patch-zoomed-in");
  });
});
