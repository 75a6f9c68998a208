/** The drawn curve editor's edits, snapping and pixel mapping (pure functions). */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addPoint,
  beatTicks,
  curveFrame,
  deletePoint,
  fromPixels,
  gridBeats,
  movePoint,
  nudgePoint,
  pointAt,
  secondTicks,
  snapTime,
  toPixels,
  valueTicks,
  type Edited,
  type Points,
} from "../../src/ui/curve/curveEdit";
import { MAX_CURVE_POINTS } from "../../src/engine/patch/limits";
import { nodeRegistry } from "../../src/nodes";
import { validateParams } from "../../src/engine/params";

const size = { width: 500, height: 200 };
const ok = (r: Edited | string): Edited => {
  if (typeof r === "string") throw new Error(r);
  return r;
};
const curve = nodeRegistry.get("Curve")!;
const valid = (points: Points) => validateParams(curve, { points }, "").length === 0;

describe("curve edits", () => {
  const points: Points = [
    [0, 0],
    [2, 1],
    [4, 0.5],
  ];

  it("adds a point in time order and returns its index", () => {
    expect(ok(addPoint(points, [1, 0.25]))).toEqual({
      points: [
        [0, 0],
        [1, 0.25],
        [2, 1],
        [4, 0.5],
      ],
      index: 1,
    });
    expect(ok(addPoint(points, [9, 2])).index).toBe(3);
    // At an existing time: after it, so the two make a step.
    expect(ok(addPoint(points, [2, 0])).points.slice(1, 3)).toEqual([
      [2, 1],
      [2, 0],
    ]);
  });

  it("refuses a point past the patch format's limit, saying so", () => {
    const full: Points = Array.from({ length: MAX_CURVE_POINTS }, (_, i) => [i, 0] as const);
    expect(addPoint(full, [0.5, 1])).toMatch(/at most 4096 points/);
  });

  it("moves a point without letting it pass its neighbours or go before 0 s", () => {
    expect(movePoint(points, 1, [3, 0.75])).toEqual({
      points: [
        [0, 0],
        [3, 0.75],
        [4, 0.5],
      ],
      index: 1,
    });
    expect(movePoint(points, 1, [7, 0]).points[1]).toEqual([4, 0]);
    expect(movePoint(points, 1, [-1, 0]).points[1]).toEqual([0, 0]);
    expect(movePoint(points, 0, [-3, 2]).points[0]).toEqual([0, 2]);
    expect(movePoint(points, 5, [1, 1])).toEqual({ points, index: undefined });
  });

  it("deletes a point but never the last one", () => {
    expect(deletePoint(points, 1)).toEqual({
      points: [
        [0, 0],
        [4, 0.5],
      ],
      index: 0,
    });
    expect(deletePoint(points, 0).points).toEqual([
      [2, 1],
      [4, 0.5],
    ]);
    expect(deletePoint([[1, 1]], 0).points).toEqual([[1, 1]]);
    expect(deletePoint(points, 3).points).toBe(points);
  });

  it("keeps every edit a valid Curve (times in order, finite), whatever the sequence", () => {
    expect(
      valid([
        [2, 0],
        [1, 0],
      ]),
    ).toBe(false); // the check below can fail
    const edit = fc.oneof(
      fc.tuple(
        fc.constant("add" as const),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
      ),
      fc.tuple(
        fc.constant("move" as const),
        fc.nat(20),
        fc.double({ min: -5, max: 60, noNaN: true }),
      ),
      fc.tuple(fc.constant("delete" as const), fc.nat(20), fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 40 }), (edits) => {
        let pts: Points = [[0, 0]];
        for (const [kind, a, b] of edits) {
          if (kind === "add") pts = ok(addPoint(pts, [a, b])).points;
          else if (kind === "move") pts = movePoint(pts, a, [b, a]).points;
          else pts = deletePoint(pts, a).points;
          expect(valid(pts)).toBe(true);
        }
      }),
    );
  });
});

describe("nudging with the arrow keys", () => {
  const grid = { frame: { t0: 0, t1: 4, v0: -0.1, v1: 1.1 }, beatSeconds: 0.5, stepBeats: 1 };
  const pts: Points = [
    [0, 0],
    [1.2, 0.5],
    [3, 1],
  ];

  it("moves a point to the next beat that way, or a millisecond when free", () => {
    expect(nudgePoint(pts, 1, { time: 1, value: 0 }, grid).points[1]).toEqual([1.5, 0.5]);
    expect(nudgePoint(pts, 1, { time: -1, value: 0 }, grid).points[1]).toEqual([1, 0.5]);
    const onBeat = nudgePoint(pts, 1, { time: 1, value: 0 }, grid).points;
    expect(nudgePoint(onBeat, 1, { time: 1, value: 0 }, grid).points[1]).toEqual([2, 0.5]);
    expect(nudgePoint(onBeat, 1, { time: -1, value: 0 }, grid).points[1]).toEqual([1, 0.5]);
    const free = nudgePoint(pts, 1, { time: 1, value: 0 }, grid, { free: true });
    expect(free.points[1]).toEqual([1.201, 0.5]);
  });

  it("moves a point a hundredth of the value span, or a tenth when coarse, without float noise", () => {
    expect(nudgePoint(pts, 1, { time: 0, value: 1 }, grid).points[1]).toEqual([1.2, 0.52]);
    const coarse = nudgePoint(pts, 1, { time: 0, value: -1 }, grid, { coarse: true });
    expect(coarse.points[1]).toEqual([1.2, 0.3]);
  });

  it("stops at the neighbours and ignores a missing point", () => {
    const far = { ...grid, stepBeats: 8 };
    expect(nudgePoint(pts, 1, { time: 1, value: 0 }, far).points[1]![0]).toBe(3);
    expect(nudgePoint(pts, 7, { time: 1, value: 0 }, grid)).toEqual({
      points: pts,
      index: undefined,
    });
  });
});

describe("snapping to the beat", () => {
  it("moves a time to the nearest beat at the tempo, or to coarser steps", () => {
    const beat = 60 / 120; // 0.5 s at 120 BPM
    expect(snapTime(1.3, beat)).toBe(1.5);
    expect(snapTime(1.2, beat)).toBe(1);
    expect(snapTime(1.3, beat, 4)).toBe(2);
    expect(snapTime(0.9, 60 / 90)).toBeCloseTo(2 / 3, 6);
    expect(snapTime(1.3, 0)).toBe(1.3);
  });

  it("coarsens the grid where beats would crowd together", () => {
    const beat = 0.5;
    expect(gridBeats({ t0: 0, t1: 4, v0: 0, v1: 1 }, size, beat)).toBe(1);
    // 600 s across 500 px: a beat is 0.4 px; the grid steps by 64 beats (25.6 px).
    expect(gridBeats({ t0: 0, t1: 600, v0: 0, v1: 1 }, size, beat)).toBe(64);
  });
});

describe("pixels and points", () => {
  it("frames the points with room after the last and values including 0 and 1", () => {
    const frame = curveFrame(
      [
        [0, -2],
        [8, 3],
      ],
      0.5,
    );
    expect(frame.t0).toBe(0);
    expect(frame.t1).toBe(10);
    expect(frame.v0).toBeLessThan(-2);
    expect(frame.v1).toBeGreaterThan(3);
    expect(curveFrame([[0, 0.5]], 0.5)).toMatchObject({ t1: 2, v0: -0.1, v1: 1.1 });
  });

  it("maps a point to pixels and back", () => {
    const frame = { t0: 0, t1: 10, v0: 0, v1: 1 };
    expect(toPixels(frame, size, [5, 0.5])).toEqual([250, 100]);
    expect(fromPixels(frame, size, 250, 100)).toEqual([5, 0.5]);
    expect(fromPixels(frame, size, 123.4567, 33.333)).toEqual([2.469, 0.833]);
    // Outside the plot: held at its edges.
    expect(fromPixels(frame, size, -40, 900)).toEqual([0, 0]);
  });

  it("finds the point under the pointer, the nearest of close ones", () => {
    const frame = { t0: 0, t1: 10, v0: 0, v1: 1 };
    const pts: Points = [
      [1, 0.5],
      [1.1, 0.5],
      [5, 0],
    ];
    expect(pointAt(pts, frame, size, 56, 100)).toBe(1);
    expect(pointAt(pts, frame, size, 49, 100)).toBe(0);
    expect(pointAt(pts, frame, size, 150, 100)).toBeUndefined();
  });

  it("draws a bounded number of ticks for any finite points, however far apart", () => {
    for (const points of [
      [
        [0, 0],
        [1e9, 1e12],
      ],
      [
        [0, -1e308],
        [1e308, 1e308],
      ],
      [[5, 0]],
    ] as Points[]) {
      const frame = curveFrame(points, 0.5);
      expect(Object.values(frame).every(Number.isFinite)).toBe(true);
      const step = gridBeats(frame, size, 0.5);
      expect(beatTicks(frame, 0.5, 4, step).length).toBeLessThanOrEqual(200);
      expect(secondTicks(frame).length).toBeLessThanOrEqual(200);
      expect(valueTicks(frame).length).toBeLessThanOrEqual(200);
    }
  });

  it("labels seconds, values and bars", () => {
    const frame = { t0: 0, t1: 4, v0: -0.1, v1: 1.1 };
    expect(secondTicks(frame).map((t) => t.label)).toEqual(["0 s", "1 s", "2 s", "3 s", "4 s"]);
    expect(valueTicks(frame).map((t) => t.label)).toEqual(["0", "0.5", "1"]);
    const beats = beatTicks(frame, 0.5, 4, 1);
    expect(beats).toHaveLength(9);
    expect(beats[0]).toEqual({ at: 0, label: "1.1", bar: true });
    expect(beats[5]).toEqual({ at: 2.5, label: "2.2", bar: false });
  });
});
