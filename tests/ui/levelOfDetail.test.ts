import { describe, expect, it } from "vitest";
import {
  COMPACT_BELOW,
  CONTROL_ROW_PX,
  FOLD_BUTTON_PX,
  FULL_ABOVE,
  SOCKET_OVERHANG_PX,
  arrangedWidth,
  compactAt,
  fitZoom,
  fullSize,
} from "../../src/ui/canvas/levelOfDetail";

describe("level of detail", () => {
  it("turns compact below one zoom and full above a higher one, keeping its state between", () => {
    expect(compactAt(1, false)).toBe(false);
    expect(compactAt(COMPACT_BELOW - 0.01, false)).toBe(true);
    const between = (COMPACT_BELOW + FULL_ABOVE) / 2;
    expect(compactAt(between, false)).toBe(false);
    expect(compactAt(between, true)).toBe(true);
    expect(compactAt(FULL_ABOVE + 0.01, true)).toBe(false);
  });

  it("estimates the zoom that fits the nodes, as rete's zoomAt does (scale 0.9, at most 1)", () => {
    const viewport = { width: 1000, height: 500 };
    const card = { width: 200, height: 100 };
    // 10 columns 300 apart: 2700 + 200 wide; 5 rows 200 apart: 800 + 100 tall.
    const grid = Array.from(
      { length: 50 },
      (_, i) => [300 * (i % 10), 200 * Math.floor(i / 10)] as const,
    );
    expect(fitZoom(grid, viewport, card)).toBeCloseTo(0.9 * Math.min(1000 / 2900, 500 / 900), 9);
    expect(fitZoom([[0, 0]], viewport, card)).toBe(1);
    expect(fitZoom([], viewport, card)).toBe(1);
    expect(fitZoom(grid, { width: 0, height: 0 }, card)).toBe(1);
  });

  it("gives a compact card the height of its hidden control rows back", () => {
    const drawn = { width: 180, height: 60 };
    expect(fullSize(drawn, 0, false)).toEqual(drawn);
    expect(fullSize(drawn, 3, true)).toEqual({
      width: 180,
      height: 60 + 3 * CONTROL_ROW_PX + FOLD_BUTTON_PX,
    });
  });

  it("arranges a card by its width with its sockets, and a compact one by its widest", () => {
    const sockets = 2 * SOCKET_OVERHANG_PX;
    expect(arrangedWidth(180, Infinity, false)).toBe(180 + sockets);
    expect(arrangedWidth(180, 280, false)).toBe(180 + sockets); // drawn in full: as measured
    expect(arrangedWidth(120, 280, true)).toBe(280 + sockets); // compact: as wide as it may grow
    expect(arrangedWidth(300, 280, true)).toBe(300 + sockets);
    expect(arrangedWidth(120, Infinity, true)).toBe(120 + sockets);
  });
});
