/**
 * What the canvas shows back (issue 20): the node a render fails on is outlined and named, and
 * cleared by the next good render; a click on a cable inspects its value with its source's
 * output views; a file dragged over the canvas says what its drop will do and where it lands.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { fitView, openDemo, render, statusText } from "./actions";
import { hasChromium, patchText, shot, useAppPage } from "./harness";

/** The screen point halfway along cable `id` (`"from>to"`). */
const cableMiddle = (page: Page, id: string) =>
  page.evaluate((cable) => {
    const path = document.querySelector<SVGPathElement>(`[data-cable="${cable}"] .lp-cable-hit`)!;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
  }, id);

async function clickCable(page: Page, id: string): Promise<void> {
  const at = await cableMiddle(page, id);
  await page.mouse.click(at.x, at.y);
  await expect
    .poll(() => page.locator(`[data-cable="${id}"]`).getAttribute("class"))
    .toBe("lp-cable selected");
}

/** Dispatches a drag event carrying a file (`type`) on the canvas at client (x, y). */
const dragEvent = (
  page: Page,
  event: "dragover" | "dragleave" | "drop",
  file: { name: string; type: string; text?: string },
  x = 700,
  y = 450,
) =>
  page.evaluate(
    ({ event, file, x, y }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([file.text ?? "RIFF"], file.name, { type: file.type }));
      const target = document.querySelector('[data-testid="canvas"]')!;
      target.dispatchEvent(
        new DragEvent(event, {
          dataTransfer: transfer,
          clientX: x,
          clientY: y,
          bubbles: true,
          cancelable: true,
        }),
      );
    },
    { event, file, x, y },
  );

describe.skipIf(!hasChromium)("what the canvas shows back, in Chromium", () => {
  const app = useAppPage();

  it("outlines and names the node a render fails on; the next good render clears it", async () => {
    await openDemo(app.page, "reconstruct");
    await fitView(app.page);
    await clickCable(app.page, "encode.latent>decode.latent");
    await app.page.keyboard.press("Delete");
    await expect
      .poll(() => app.page.locator('[data-cable="encode.latent>decode.latent"]').count())
      .toBe(0);
    await app.page.getByRole("button", { name: "Render & play" }).click();
    await expect.poll(() => statusText(app.page), { timeout: 30_000 }).toContain('"decode"');
    const faulty = app.page.locator(".lp-node.lp-node-fault");
    await expect.poll(() => faulty.count()).toBe(1);
    expect(await faulty.getAttribute("data-node-id")).toBe("decode");
    expect(await faulty.locator(".lp-node-problem").textContent()).toContain("not connected");
    await shot(app.page, "82-failing-node");

    await app.page.keyboard.press("Control+z");
    await expect
      .poll(() => app.page.locator('[data-cable="encode.latent>decode.latent"]').count())
      .toBe(1);
    await render(app.page);
    await expect.poll(() => faulty.count()).toBe(0);
    expect(await app.page.locator('[data-node-id="decode"] .lp-node-problem').count()).toBe(0);
  }, 90_000);

  it("inspects a clicked cable with the views of its source's output", async () => {
    const inspector = app.page.getByRole("complementary", { name: "inspector" });
    await clickCable(app.page, "encode.latent>decode.latent");
    await expect.poll(() => inspector.getAttribute("data-inspecting")).toBe("encode");
    expect(await inspector.getAttribute("data-cable")).toBe("encode.latent→decode.latent");
    expect(await inspector.locator("section[data-output]").count()).toBe(1);
    await expect.poll(() => inspector.getByLabel("latent heatmap").count()).toBe(1);
    await shot(app.page, "83-cable-inspected");

    await clickCable(app.page, "decode.audio>out.audio");
    await expect.poll(() => inspector.getAttribute("data-inspecting")).toBe("decode");
    expect(await inspector.locator("section[data-output]").getAttribute("data-output")).toBe(
      "audio",
    );
    expect(await inspector.getByLabel("spectrogram").count()).toBe(1);
  }, 60_000);

  it("says what a dragged file will do and where, and hides it on leave and on drop", async () => {
    const cue = app.page.getByRole("status", { name: "drop cue" });
    const wav = { name: "take.wav", type: "audio/wav" };
    await dragEvent(app.page, "dragover", wav, 700, 450);
    await expect.poll(() => cue.textContent()).toContain("becomes an AudioIn here");
    const marker = (await app.page.getByTestId("drop-marker").boundingBox())!;
    expect(Math.abs(marker.x - 700)).toBeLessThan(2);
    expect(Math.abs(marker.y - 450)).toBeLessThan(2);
    await shot(app.page, "84-drop-cue");
    await dragEvent(app.page, "dragleave", wav);
    await expect.poll(() => cue.count()).toBe(0);

    const text = await patchText(app.page);
    const patch = { name: "again.patch.json", type: "application/json", text };
    await dragEvent(app.page, "dragover", patch);
    await expect.poll(() => cue.textContent()).toContain("the patch opens");
    expect(await app.page.getByTestId("drop-marker").count()).toBe(0);
    await dragEvent(app.page, "drop", patch);
    await expect.poll(() => cue.count()).toBe(0);
  }, 60_000);
});
