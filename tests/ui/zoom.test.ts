import { describe, expect, it } from "vitest";
import {
  READABLE_ZOOM,
  readableView,
  stepZoom,
  zoomAround,
  zoomLabel,
} from "../../src/ui/canvas/zoom";

describe("canvas zoom", () => {
  it("steps through the zoom steps, and stays put at either end", () => {
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(1, -1)).toBe(0.8);
    expect(stepZoom(0.38, 1)).toBe(0.5);
    expect(stepZoom(0.38, -1)).toBe(0.33);
    expect(stepZoom(3, 1)).toBe(3);
    expect(stepZoom(0.1, -1)).toBe(0.1);
  });

  it("keeps the point under the pointer in place", () => {
    const t = { k: 0.5, x: 100, y: -40 };
    const z = zoomAround(t, 2, 300, 200);
    // Canvas point under (300, 200) before and after.
    expect((300 - t.x) / t.k).toBeCloseTo((300 - z.x) / z.k, 9);
    expect((200 - t.y) / t.k).toBeCloseTo((200 - z.y) / z.k, 9);
  });

  it("keeps a readable fit, and shows a patch too big for one from its top-left corner", () => {
    const box = { left: 50, top: 100, right: 1400, bottom: 600 };
    const fitted = { k: 0.6, x: 10, y: 20 };
    const view = readableView(fitted, box, 1000, 700);
    expect(view.k).toBe(READABLE_ZOOM);
    expect(view.x).toBe(24 - 50); // too wide: from the left, a margin in
    expect(view.y).toBe((700 - 500) / 2 - 100); // fits in height: centred
    const readable = { k: 1, x: 0, y: 0 };
    expect(readableView(readable, box, 1000, 700)).toBe(readable);
  });

  it("reads as a percentage", () => {
    expect(zoomLabel(0.384)).toBe("38 %");
    expect(zoomLabel(1)).toBe("100 %");
  });
});
