/**
 * Subpatches in a real Chromium: select two nodes of a chain, Ctrl+G makes one instance node
 * with the crossing cables as typed ports and the render does not change; undo and redo, rename,
 * Ctrl+Shift+G ungroups, save and reload keep the subpatch, the palette adds another instance,
 * and a file reusing the instance's id redraws it. Screenshots: test-results/30-….
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { parsePatch } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { nodeRegistry } from "../../src/nodes";
import { groupNodes } from "../../src/ui/model/subpatchEdit";
import { downloadFrom, exportedWav, openDemo, render, statusText } from "./actions";
import { hasChromium, patchText, ready, RESULTS, shot, useAppPage } from "./harness";

interface SavedPatch {
  nodes: { id: string; type: string; params: Record<string, unknown> }[];
  connections: { from: string; to: string }[];
  subpatches?: {
    id: string;
    name: string;
    nodes: { id: string }[];
    inputs: { name: string; to: string[] }[];
    outputs: { name: string; from: string }[];
  }[];
}
const saved = async (page: Page) => JSON.parse(await patchText(page)) as SavedPatch;
const nodeIds = async (page: Page) => (await saved(page)).nodes.map((n) => n.id);

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The socket types drawn on one side of node `id`, as `port:type`. */
const sockets = (page: Page, id: string, side: "input" | "output") =>
  page
    .locator(`[data-node-id="${id}"] .lp-port.${side}`)
    .evaluateAll((ports) =>
      ports.map(
        (p) =>
          `${(p as HTMLElement).dataset.port}:${/type-(\w+)/.exec(p.querySelector(".lp-socket")!.className)?.[1]}`,
      ),
    );

describe.skipIf(!hasChromium)("subpatches in Chromium", () => {
  const app = useAppPage({ acceptDownloads: true });

  it("groups two nodes with Ctrl+G into one instance that renders the same; undo, rename, ungroup", async () => {
    // The chain cello → encode → rotate (angle swept by a curve) → decode → out.
    await openDemo(app.page, "filmr-sweep");
    const flat = await saved(app.page);
    await render(app.page);
    const before = await exportedWav(app.page, "30-before-group");

    await app.page.locator('[data-node-id="rotate"] header').click();
    await app.page.locator('[data-node-id="decode"] header').click({ modifiers: ["Control"] });
    await app.page.keyboard.press("Control+g");
    await expect
      .poll(() => nodeIds(app.page))
      .toEqual(["cello", "encode", "sweep", "group1", "out"]);
    const instance = app.page.locator('[data-node-id="group1"]');
    await expect.poll(() => instance.getAttribute("data-node-type")).toBe("subpatch:group1");
    expect(await instance.locator(".lp-node-type").textContent()).toContain("group 1");
    expect(await sockets(app.page, "group1", "input")).toEqual(["in:latent", "angle:curve"]);
    expect(await sockets(app.page, "group1", "output")).toEqual(["audio:audio"]);
    expect(await statusText(app.page)).toContain("grouped");
    const grouped = await saved(app.page);
    expect(grouped.subpatches?.[0]?.nodes.map((n) => n.id)).toEqual(["rotate", "decode"]);
    await expect
      .poll(() => app.page.locator('[data-cable="sweep.out>group1.angle"]').count())
      .toBe(1);
    await shot(app.page, "30-subpatch-instance");

    await render(app.page);
    const after = await exportedWav(app.page, "30-after-group");
    expect(after.length).toBe(before.length);
    expect(maxAbsDiff(after, before)).toBeLessThanOrEqual(1e-6);
    // The inspector shows what the instance outputs: its inner decoder's audio.
    await instance.locator("header").click();
    const inspector = app.page.locator('[data-inspecting="group1"]');
    await expect.poll(() => inspector.locator('section[data-output="audio"]').count()).toBe(1);
    await shot(app.page, "30b-subpatch-inspected");

    // One undo step each way.
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => saved(app.page)).toEqual(flat);
    await expect.poll(() => app.page.locator('[data-node-id="rotate"]').count()).toBe(1);
    await app.page.keyboard.press("Control+Shift+z");
    await expect.poll(() => saved(app.page)).toEqual(grouped);
    await expect.poll(() => instance.count()).toBe(1);

    // Rename the subpatch: F2 with the instance selected.
    await instance.locator("header").click();
    await app.page.keyboard.press("F2");
    const name = app.page.locator('input[aria-label="subpatch name"]');
    await name.fill("twister");
    await name.press("Enter");
    await expect.poll(async () => (await saved(app.page)).subpatches?.[0]?.name).toBe("twister");
    await expect.poll(() => instance.locator(".lp-node-type").textContent()).toContain("twister");
    await shot(app.page, "31-subpatch-renamed");

    // Ungroup: the nodes come back with their cables; undo groups again.
    await instance.locator("header").click();
    await app.page.keyboard.press("Control+Shift+g");
    await expect
      .poll(() => nodeIds(app.page))
      .toEqual(["cello", "encode", "sweep", "rotate", "decode", "out"]);
    const ungrouped = await saved(app.page);
    expect(ungrouped.subpatches).toBeUndefined();
    expect(new Set(ungrouped.connections.map((c) => `${c.from}>${c.to}`))).toEqual(
      new Set(flat.connections.map((c) => `${c.from}>${c.to}`)),
    );
    await shot(app.page, "32-subpatch-ungrouped");
    await app.page.mouse.click(700, 780);
    await app.page.keyboard.press("Control+z");
    await expect.poll(() => nodeIds(app.page)).toContain("group1");
  });

  it("keeps the subpatch through save and reload", async () => {
    const text = await patchText(app.page);
    expect(text).toContain('"subpatches"');
    const download = await downloadFrom(app.page, "Save");
    const path = `${RESULTS}/30-subpatch.patch.json`;
    await download.saveAs(path);
    expect(readFileSync(path, "utf8")).toBe(text);
    await app.page.evaluate(() => window.__latentPatcher!.autosaved());
    await app.page.reload();
    await ready(app.page);
    expect(await patchText(app.page)).toBe(text);
    const instance = app.page.locator('[data-node-id="group1"]');
    await expect.poll(() => instance.locator(".lp-node-type").textContent()).toContain("twister");
    expect(await sockets(app.page, "group1", "input")).toEqual(["in:latent", "angle:curve"]);
    await shot(app.page, "33-subpatch-reloaded");

    // The palette lists the patch's subpatch: a click adds another instance.
    const item = app.page.locator('.lp-palette-item[data-type="subpatch:group1"]');
    expect(await item.textContent()).toContain("twister");
    await item.click();
    await expect.poll(() => nodeIds(app.page)).toContain("group2");
    expect(await sockets(app.page, "group2", "output")).toEqual(["audio:audio"]);
  });

  it("redraws an instance whose subpatch has other ports when a file reuses its id", async () => {
    // filmr-sweep with cello and encode grouped: another "group1", with one latent output.
    const flat = parsePatch(readFileSync("examples/filmr-sweep.patch.json", "utf8"), nodeRegistry);
    const grouped = groupNodes(flat, ["cello", "encode"]);
    if (!grouped.ok) throw new Error(grouped.message);
    const path = `${RESULTS}/30-other-group1.patch.json`;
    writeFileSync(path, serializePatch(grouped.patch));
    await app.page.locator('input[type="file"]').setInputFiles(path);
    await expect.poll(() => patchText(app.page)).toBe(serializePatch(grouped.patch));
    await expect.poll(() => sockets(app.page, "group1", "output")).toEqual(["latent:latent"]);
    expect(await sockets(app.page, "group1", "input")).toEqual([]);
    await expect
      .poll(() => app.page.locator('[data-cable="group1.latent>rotate.in"]').count())
      .toBe(1);
    await shot(app.page, "34-subpatch-other-file");

    // Copy and paste carry the definition: the pasted instance is another "group1".
    await app.page.locator('[data-node-id="group1"] header').click();
    await app.page.keyboard.press("Control+c");
    await expect.poll(() => statusText(app.page)).toBe("copied 1 node");
    await app.page.mouse.move(700, 650);
    await app.page.keyboard.press("Control+v");
    await expect.poll(() => nodeIds(app.page)).toContain("group2");
    const pasted = await saved(app.page);
    expect(pasted.nodes.find((n) => n.id === "group2")?.type).toBe("subpatch:group1");
    expect(pasted.subpatches).toHaveLength(1);
    expect(await sockets(app.page, "group2", "output")).toEqual(["latent:latent"]);
  });
});
