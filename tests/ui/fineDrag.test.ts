import { describe, expect, it } from "vitest";
import { FINE_FACTOR, SliderDrag } from "../../src/ui/model/fineDrag";

describe("SliderDrag", () => {
  it("follows the pointer across the track, and 10× more finely with Shift", () => {
    const coarse = new SliderDrag(500, 100, 200, 1000);
    expect(coarse.move(120, false)).toBeCloseTo(600);
    const fine = new SliderDrag(500, 100, 200, 1000, true);
    expect(fine.move(120, true)).toBeCloseTo(500 + 100 / FINE_FACTOR);
    expect(FINE_FACTOR).toBe(10);
  });

  it("re-anchors when Shift changes mid-drag, so the value never jumps", () => {
    const drag = new SliderDrag(0, 0, 100, 1000);
    expect(drag.move(10, false)).toBeCloseTo(100);
    expect(drag.move(10, true)).toBeCloseTo(100); // pressing Shift alone changes nothing
    expect(drag.move(30, true)).toBeCloseTo(120);
    expect(drag.move(30, false)).toBeCloseTo(120); // releasing it neither
    expect(drag.move(40, false)).toBeCloseTo(220);
  });

  it("stays within the track and refuses a track without width", () => {
    const drag = new SliderDrag(900, 0, 100, 1000);
    expect(drag.move(500, false)).toBe(1000);
    expect(drag.move(-500, false)).toBe(0);
    expect(() => new SliderDrag(0, 0, 0, 1000)).toThrow(/wider than 0 px/);
  });
});
