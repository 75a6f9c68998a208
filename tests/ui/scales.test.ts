import { describe, expect, it } from "vitest";
import {
  decimalsOf,
  linearTicks,
  logTicks,
  niceStep,
  timeTicks,
} from "../../src/ui/inspect/scales";

const values = (ticks: readonly { value: number }[]) => ticks.map((t) => t.value);
const texts = (ticks: readonly { text: string }[]) => ticks.map((t) => t.text);

describe("nice steps", () => {
  it("is the smallest 1, 2 or 5 × 10^k giving at most the ticks asked for at any alignment", () => {
    expect(niceStep(4, 6)).toBe(1);
    expect(niceStep(4.04, 6)).toBe(1);
    expect(niceStep(10, 6)).toBe(2);
    expect(niceStep(0.3, 6)).toBeCloseTo(0.1);
    expect(niceStep(70, 5)).toBe(20);
    expect(niceStep(5.08, 5)).toBe(2);
    for (const span of [0.013, 0.7, 3.99, 12, 95, 1234]) {
      for (const max of [3, 5, 6, 8]) {
        const step = niceStep(span, max);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        expect([1, 2, 5]).toContainEqual(Number(mantissa.toFixed(6)));
        expect(Math.floor(span / step + 1e-9) + 1).toBeLessThanOrEqual(max);
        // The next smaller nice step could give too many ticks, however the range is aligned.
        const smaller = mantissa === 5 ? step / 2.5 : step / 2;
        expect(smaller).toBeLessThan(span / (max - 1));
      }
    }
  });

  it("shows as many decimals as the step needs", () => {
    expect(decimalsOf(20)).toBe(0);
    expect(decimalsOf(1)).toBe(0);
    expect(decimalsOf(0.5)).toBe(1);
    expect(decimalsOf(0.1)).toBe(1);
    expect(decimalsOf(0.02)).toBe(2);
  });
});

describe("linear ticks", () => {
  it("puts multiples of the step inside the range, where they fall along it", () => {
    const ticks = linearTicks(-70, 0, 5);
    expect(values(ticks)).toEqual([-60, -40, -20, 0]);
    for (const t of ticks) expect(t.at).toBeCloseTo((t.value + 70) / 70);
    expect(texts(ticks)).toEqual(["-60", "-40", "-20", "0"]);
  });

  it("takes the smaller step when this range has room for it", () => {
    // niceStep(4.7, 5) is 2 (a range of 4.7 could hold 6 multiples of 1), but −2.35…2.35 holds 5.
    expect(niceStep(4.7, 5)).toBe(2);
    expect(values(linearTicks(-2.35, 2.35, 5))).toEqual([-2, -1, 0, 1, 2]);
    expect(values(linearTicks(-2.35, 2.35, 4))).toEqual([-2, 0, 2]);
    expect(values(linearTicks(0.2, 4.9, 4))).toEqual([1, 2, 3, 4]);
  });

  it("is symmetric around 0 for a symmetric range and never says -0", () => {
    const ticks = linearTicks(-2.35, 2.35, 5);
    expect(values(ticks)).toEqual([-2, -1, 0, 1, 2]);
    expect(ticks[2]?.at).toBeCloseTo(0.5);
    expect(texts(ticks)).toContain("0");
    expect(Object.is(ticks[2]?.value, -0)).toBe(false);
  });

  it("has no ticks for an empty or broken range", () => {
    expect(linearTicks(1, 1, 5)).toEqual([]);
    expect(linearTicks(2, 1, 5)).toEqual([]);
    expect(linearTicks(0, Infinity, 5)).toEqual([]);
    expect(linearTicks(0, NaN, 5)).toEqual([]);
  });
});

describe("time ticks", () => {
  it("labels seconds from 0, with the unit on the last one", () => {
    expect(texts(timeTicks(4.04))).toEqual(["0", "1", "2", "3", "4 s"]);
    expect(texts(timeTicks(1.2))).toEqual(["0", "0.5", "1.0 s"]);
    expect(texts(timeTicks(0.3))).toEqual(["0", "0.1", "0.2", "0.3 s"]);
  });

  it("never exceeds the ticks asked for and stays inside the plot", () => {
    for (const seconds of [0.05, 0.9, 2.5, 4.04, 11, 63, 600]) {
      const ticks = timeTicks(seconds, 6);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks[0]?.value).toBe(0);
      for (const t of ticks) {
        expect(t.at).toBeGreaterThanOrEqual(0);
        expect(t.at).toBeLessThanOrEqual(1 + 1e-9);
        expect(t.at).toBeCloseTo(t.value / seconds);
      }
    }
  });
});

describe("log ticks", () => {
  it("places 1-2-5 values on a log axis", () => {
    const ticks = logTicks(50, 22050, 12);
    expect(values(ticks)).toEqual([50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]);
    for (const t of ticks) {
      expect(t.at).toBeCloseTo(Math.log(t.value / 50) / Math.log(22050 / 50));
    }
  });

  it("thins to decades, then to every other one, when there are too many", () => {
    expect(values(logTicks(50, 22050, 4))).toEqual([100, 1000, 10000]);
    expect(values(logTicks(1, 1e8, 4))).toEqual([1, 1000, 1e6]);
  });

  it("has no ticks without a positive range", () => {
    expect(logTicks(0, 100, 5)).toEqual([]);
    expect(logTicks(100, 100, 5)).toEqual([]);
  });
});
