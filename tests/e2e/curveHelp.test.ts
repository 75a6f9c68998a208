/**
 * The drawn curve editor and node help in a real Chromium (issue 20): a Curve drawn by mouse —
 * click adds, drag moves (snapped to the beat), Alt places freely, right-click, double-click and
 * Delete remove, each edit one undo step, the JSON text in sync — then a node's help from F1 and
 * from the right-click menu, with an example opened from it in one click; and a point drawn
 * while playing live, heard (how soon is printed, not asserted: the edit is a parameter change,
 * crossfaded in the worker).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { curveFrame, PLOT_MARGIN, PLOT_SIZE, toPixels } from "../../src/ui/curve/curveEdit";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitView, openDemo, statusText } from "./actions";
import { recordedFrames, startTap, takeRecording } from "./liveTap";
import { hasChromium, patchText, RESULTS, shot, useAppPage } from "./harness";

type Points = [number, number][];
interface SavedPatch {
  name: string;
  nodes: { id: string; type: string; params: Record<string, unknown> }[];
}
const saved = async (page: Page) => JSON.parse(await patchText(page)) as SavedPatch;
const pointsOf = async (page: Page, id = "sweep") =>
  (await saved(page)).nodes.find((n) => n.id === id)?.params.points as Points | undefined;

/** The filmr-sweep demo plays at 120 BPM: a beat is half a second. */
const BEAT = 0.5;

describe.skipIf(!hasChromium)("curve editor and node help in Chromium", () => {
  const editor = () => app.page.getByRole("dialog", { name: "curve editor of sweep" });

  /** The client pixel of `[seconds, value]` in the editor, as it frames the saved points now. */
  async function at(t: number, v: number): Promise<{ x: number; y: number }> {
    const frame = curveFrame((await pointsOf(app.page))!, BEAT);
    const box = (await editor().locator("svg.lp-curve-svg").boundingBox())!;
    const [x, y] = toPixels(frame, PLOT_SIZE, [t, v]);
    return { x: box.x + PLOT_MARGIN.left + x, y: box.y + PLOT_MARGIN.top + y };
  }
  /** Polls until the saved points match `expected` (times and values within 0.01). */
  async function expectPoints(expected: Points): Promise<void> {
    await expect
      .poll(async () => {
        const got = (await pointsOf(app.page)) ?? [];
        const close = (a: number, b: number) => Math.abs(a - b) <= 0.01;
        const same =
          got.length === expected.length &&
          got.every(([t, v], i) => close(t, expected[i]![0]) && close(v, expected[i]![1]));
        return same ? expected : got;
      })
      .toEqual(expected);
  }

  const app = useAppPage();

  it("draws a Curve by mouse, snapped to the beat, each edit one undo step", async () => {
    await openDemo(app.page, "filmr-sweep");
    await fitView(app.page);
    await app.page
      .locator('[data-node-id="sweep"]')
      .screenshot({ path: `${RESULTS}/82-curve-node.png` });
    await app.page.locator('[data-node-id="sweep"] button[aria-label="draw the curve"]').click();
    await editor().waitFor();
    // Typed JSON in the panel applies (and is one undo step too).
    const json = editor().getByRole("textbox", { name: "points as JSON" });
    await json.fill("[[0, 0]]");
    await json.press("Enter");
    await expectPoints([[0, 0]]);

    // A click adds a point, its time snapped to the nearest beat (0.6 s → 0.5 s).
    let p = await at(0.6, 0.5);
    await app.page.mouse.click(p.x, p.y);
    await expectPoints([
      [0, 0],
      [0.5, 0.5],
    ]);
    // A drag moves it (1.4 s snaps to 1.5 s).
    p = await at(0.5, 0.5);
    const to = await at(1.4, 0.75);
    await app.page.mouse.move(p.x, p.y);
    await app.page.mouse.down();
    await app.page.mouse.move(to.x, to.y, { steps: 10 });
    await app.page.mouse.up();
    await expectPoints([
      [0, 0],
      [1.5, 0.75],
    ]);
    // With Alt a point lands where clicked, off the beat.
    p = await at(0.8, 0.25);
    await app.page.keyboard.down("Alt");
    await app.page.mouse.click(p.x, p.y);
    await app.page.keyboard.up("Alt");
    await expectPoints([
      [0, 0],
      [0.8, 0.25],
      [1.5, 0.75],
    ]);
    await editor().screenshot({ path: `${RESULTS}/80-curve-editor.png` });
    await shot(app.page, "80-curve-editor-page");
    // The node's own JSON field shows the same points.
    const field = app.page.locator('[data-node-id="sweep"] input[aria-label="points"]');
    expect(JSON.parse(await field.inputValue())).toEqual(await pointsOf(app.page));

    // The arrow keys nudge the selected point, to the next beat (an undo step).
    await app.page.keyboard.press("ArrowRight");
    await expectPoints([
      [0, 0],
      [1, 0.25],
      [1.5, 0.75],
    ]);
    await app.page.keyboard.press("Control+z");
    await expectPoints([
      [0, 0],
      [0.8, 0.25],
      [1.5, 0.75],
    ]);
    // A right-click removes the point under it.
    p = await at(0.8, 0.25);
    await app.page.mouse.click(p.x, p.y, { button: "right" });
    await expectPoints([
      [0, 0],
      [1.5, 0.75],
    ]);
    // Every edit was one undo step: remove, Alt add, drag, add, typed JSON, in that order back.
    const undoSteps: Points[] = [
      [
        [0, 0],
        [0.8, 0.25],
        [1.5, 0.75],
      ],
      [
        [0, 0],
        [1.5, 0.75],
      ],
      [
        [0, 0],
        [0.5, 0.5],
      ],
      [[0, 0]],
      [
        [0, 0],
        [4, 90],
      ],
    ];
    for (const expected of undoSteps) {
      await app.page.keyboard.press("Control+z");
      await expectPoints(expected);
    }
    for (let i = 0; i < 4; i++) await app.page.keyboard.press("Control+Shift+z");
    await expectPoints(undoSteps[0]!);

    // A double-click removes a point; Delete removes the selected one and not the node.
    p = await at(0.8, 0.25);
    await app.page.mouse.dblclick(p.x, p.y);
    await expectPoints([
      [0, 0],
      [1.5, 0.75],
    ]);
    p = await at(1.5, 0.75);
    await app.page.mouse.click(p.x, p.y);
    await app.page.keyboard.press("Delete");
    await expectPoints([[0, 0]]);
    // The last point stays: a Curve needs one.
    p = await at(0, 0);
    await app.page.mouse.click(p.x, p.y, { button: "right" });
    await expect(editor().locator(".lp-field-error").textContent()).resolves.toContain(
      "at least one point",
    );
    await expectPoints([[0, 0]]);
    await app.page.keyboard.press("Escape");
    await expect.poll(() => editor().isVisible()).toBe(false);
    expect((await saved(app.page)).nodes.some((n) => n.id === "sweep")).toBe(true);
  });

  it("shows a node's help on F1 and from its right-click menu, and opens its example", async () => {
    const title = app.page.locator('[data-node-id="rotate"] header');
    // Hovering the title shows the description (the title's tooltip).
    expect(await title.getAttribute("title")).toMatch(/rotation in a plane/);
    await title.click();
    await app.page.keyboard.press("F1");
    const help = app.page.getByRole("dialog", { name: "help for FiLMRRotate" });
    await help.waitFor();
    expect(await help.textContent()).toContain("Seed 001");
    expect(await help.locator('tr[data-port="in"]').textContent()).toMatch(/latent.*vector/);
    const angle = await help.locator('tr[data-param="angle"]').textContent();
    expect(angle).toMatch(/-?\d+ … \d+ °/);
    expect(angle).toContain("default");
    await help.getByRole("button", { name: "Open lfo-rotate" }).waitFor();
    await shot(app.page, "81-node-help");
    await help.getByRole("button", { name: "Open lfo-rotate" }).click();
    await expect.poll(() => statusText(app.page)).toContain("lfo-rotate");
    expect(await help.isVisible()).toBe(false);
    expect((await saved(app.page)).nodes.map((n) => n.type)).toContain("LFO");

    // From the right-click menu of a node.
    const lfo = (await saved(app.page)).nodes.find((n) => n.type === "LFO")!;
    await app.page.locator(`[data-node-id="${lfo.id}"] header`).click({ button: "right" });
    await app.page
      .locator(".lp-menu-item", { has: app.page.locator('span:text-is("Help")') })
      .last()
      .click();
    const lfoHelp = app.page.getByRole("dialog", { name: "help for LFO" });
    await lfoHelp.waitFor();
    expect(await lfoHelp.locator('tr[data-param="rate"]').textContent()).toContain("Hz");
    await app.page.keyboard.press("Escape");
    await expect.poll(() => lfoHelp.isVisible()).toBe(false);

    // With no node selected, F1 lists the shortcuts.
    await app.page.mouse.click(700, 790);
    await app.page.keyboard.press("F1");
    await app.page.getByRole("dialog", { name: "keyboard shortcuts" }).waitFor();
    await app.page.keyboard.press("Escape");
  });

  it(
    "plays a point drawn while playing: a Curve on the output gain goes from −60 dB to sound",
    { timeout: 200_000 },
    async () => {
      const patch = {
        format: "latent-patcher.patch",
        version: 2,
        name: "gain curve",
        nodes: [
          {
            id: "tone",
            type: "AudioIn",
            params: { source: "sine", frequency: 330, seconds: 60 },
            position: [0, 0],
          },
          { id: "gain", type: "Curve", params: { points: [[0, -60]] }, position: [0, 160] },
          { id: "out", type: "AudioOut", params: {}, position: [320, 40] },
        ],
        connections: [
          { from: "tone.audio", to: "out.audio" },
          { from: "gain.out", to: "out.gain" },
        ],
      };
      const file = join(mkdtempSync(join(tmpdir(), "lp-curve-")), "gain.patch.json");
      writeFileSync(file, JSON.stringify(patch));
      await app.page.locator('input[aria-label="open patch file"]').setInputFiles(file);
      await expect.poll(async () => (await saved(app.page)).name).toBe("gain curve");
      await app.page.locator('[data-node-id="gain"] button[aria-label="draw the curve"]').click();
      const panel = app.page.getByRole("dialog", { name: "curve editor of gain" });
      await panel.waitFor();
      // Not playLive's 30 s: a worker's first start took longer here under heavy load.
      await app.page.getByRole("button", { name: "▶ Play" }).click();
      await app.page.waitForFunction(
        () => window.__latentPatcher?.liveOutput() !== undefined,
        undefined,
        {
          timeout: 120_000,
        },
      );
      await startTap(app.page, 6);
      await expect
        .poll(() => recordedFrames(app.page), { timeout: 10_000 })
        .toBeGreaterThan(30_000);
      // A click at 0 s, near 0 dB: a second point at the first's time, so the gain steps up there.
      const frame = curveFrame([[0, -60]], BEAT);
      const box = (await panel.locator("svg.lp-curve-svg").boundingBox())!;
      const [x, y] = toPixels(frame, PLOT_SIZE, [0, 0]);
      await app.page.evaluate(() => {
        const t = (window as unknown as { __tap: { count: SharedArrayBuffer; mark: number } })
          .__tap;
        t.mark = Atomics.load(new Int32Array(t.count), 0);
      });
      await app.page.mouse.click(box.x + PLOT_MARGIN.left + x, box.y + PLOT_MARGIN.top + y);
      const take = await takeRecording(app.page, 6);
      await app.page.getByRole("button", { name: "■ Stop" }).click();
      const points = (await pointsOf(app.page, "gain"))!;
      expect(points).toHaveLength(2);
      expect(points[1]![0]).toBe(0);
      expect(Math.abs(points[1]![1])).toBeLessThan(1); // within a dB of 0 dB
      const rms = (from: number, to: number) => {
        let sum = 0;
        for (let i = from; i < to; i++) sum += take.samples[i]! ** 2;
        return Math.sqrt(sum / Math.max(1, to - from));
      };
      const sr = take.sampleRate;
      const before = rms(0, take.markFrame);
      // Heard: the first 50 ms window after the click whose level is past half the final one's.
      const final = rms(take.samples.length - sr / 2, take.samples.length);
      let heard = -1;
      for (let i = take.markFrame; i + sr / 20 <= take.samples.length; i += sr / 100)
        if (rms(i, i + sr / 20) > final / 2) {
          heard = i;
          break;
        }
      console.log(
        `curve edit while playing: level ${before.toExponential(1)} → ${final.toFixed(3)} rms, heard ${(((heard - take.markFrame) / sr) * 1000).toFixed(0)} ms after the click`,
      );
      expect(before).toBeLessThan(0.01); // −60 dB of a 0.5 sine
      expect(final).toBeGreaterThan(0.1);
      expect(heard).toBeGreaterThan(take.markFrame);
    },
  );
});
