import { describe, expect, it } from "vitest";
import {
  ADAPTIVE_CALM_MAX_SECONDS,
  ADAPTIVE_CALM_SECONDS,
  ADAPTIVE_LATE_MAX_SECONDS,
  ADAPTIVE_MAX_SECONDS,
  ADAPTIVE_START_SECONDS,
  ADAPTIVE_STEP_SECONDS,
  DipMeter,
  LiveQueue,
} from "../../src/engine/worker/liveQueue";

const RATE = 44100;
const frames = (s: number) => Math.ceil(s * RATE);

describe("LiveQueue", () => {
  it("starts adaptive a few ms past the block and grows by how late an underrun was plus a step", () => {
    const q = new LiveQueue("adaptive", RATE);
    expect(q.pinned).toBe(false);
    expect(q.frames).toBe(frames(ADAPTIVE_START_SECONDS));
    expect(q.underrun(300)).toBe(true);
    expect(q.frames).toBe(frames(ADAPTIVE_START_SECONDS) + 300 + frames(ADAPTIVE_STEP_SECONDS));
    expect(q.growths).toBe(1);
  });

  it("starts past the audio thread's burst: the quanta after the one that completes a block", () => {
    const q = new LiveQueue("adaptive", RATE, Infinity, 441); // a 10 ms base latency
    expect(q.frames).toBe(frames(ADAPTIVE_START_SECONDS) + 441 - 128);
    expect(new LiveQueue(0.02, RATE, Infinity, 441).frames).toBe(882); // pinned: as set
    expect(new LiveQueue("adaptive", RATE, Infinity, 64).frames).toBe(
      frames(ADAPTIVE_START_SECONDS),
    );
  });

  it("grows by at most 20 ms of silence at once: one long stall does not settle it deep", () => {
    const q = new LiveQueue("adaptive", RATE);
    q.underrun(RATE); // a second of silence
    expect(q.frames).toBe(
      frames(ADAPTIVE_START_SECONDS) +
        frames(ADAPTIVE_LATE_MAX_SECONDS) +
        frames(ADAPTIVE_STEP_SECONDS),
    );
  });

  it("stops at its ceiling, and at what the ring can hold", () => {
    const q = new LiveQueue("adaptive", RATE);
    for (let k = 0; k < 100; k++) q.underrun(RATE);
    expect(q.frames).toBe(frames(ADAPTIVE_MAX_SECONDS));
    expect(q.underrun(100)).toBe(false);
    const small = new LiveQueue("adaptive", RATE, 1000);
    for (let k = 0; k < 100; k++) small.underrun(RATE);
    expect(small.frames).toBe(1000);
    expect(new LiveQueue(0.5, RATE, 1000).frames).toBe(1000);
  });

  it("does not grow while settling (a load or crossfade, a fresh start)", () => {
    const q = new LiveQueue("adaptive", RATE);
    expect(q.underrun(2000, true)).toBe(false);
    expect(q.frames).toBe(frames(ADAPTIVE_START_SECONDS));
    expect(q.growths).toBe(0);
  });

  it("stays where it is pinned, underruns or not", () => {
    const q = new LiveQueue(0.02, RATE);
    expect(q.pinned).toBe(true);
    expect(q.frames).toBe(882);
    expect(q.underrun(5000)).toBe(false);
    expect(q.frames).toBe(882);
    expect(new LiveQueue(0, RATE).frames).toBe(0);
  });

  it("refuses a setting or rate that is not one", () => {
    expect(() => new LiveQueue(-0.01, RATE)).toThrow(
      /expected "adaptive" or a number of seconds >= 0, got -0.01/,
    );
    expect(() => new LiveQueue(NaN, RATE)).toThrow(/got NaN/);
    expect(() => new LiveQueue("adaptive", 0)).toThrow(/positive number of Hz, got 0/);
  });

  it("gives a step back after a calm spell, down to where it started", () => {
    const q = new LiveQueue("adaptive", RATE);
    const start = q.frames;
    const calm = frames(ADAPTIVE_CALM_SECONDS);
    expect(q.calm(calm)).toBe(false); // at its floor: nothing to give back
    q.underrun(600);
    const grown = q.frames;
    expect(q.calm(calm - 1)).toBe(false);
    expect(q.calm(1)).toBe(true);
    expect(q.shrink()).toBe(frames(ADAPTIVE_STEP_SECONDS));
    expect(q.frames).toBe(grown - frames(ADAPTIVE_STEP_SECONDS));
    expect(q.calm(1)).toBe(false); // a new calm spell starts
    for (let k = 0; k < 10; k++) {
      q.calm(calm);
      q.shrink();
    }
    expect(q.frames).toBe(start);
    expect(q.shrinks).toBe(Math.ceil((grown - start) / frames(ADAPTIVE_STEP_SECONDS)));
    expect(q.shrink()).toBe(0);
  });

  it("keeps a depth that underran again soon after a step back as its floor", () => {
    const q = new LiveQueue("adaptive", RATE);
    const calm = frames(ADAPTIVE_CALM_SECONDS);
    q.underrun(600);
    q.underrun(600);
    const deep = q.frames;
    q.calm(calm);
    q.shrink();
    q.calm(calm / 2); // not long after
    q.underrun(0);
    expect(q.frames).toBe(deep); // back at the depth given up (+ the step for this underrun)
    q.calm(calm);
    expect(q.shrink()).toBe(0); // and never below it again
    expect(q.frames).toBe(deep);
  });

  it("waits twice as long before a step back after each growth past the first, up to a ceiling", () => {
    const q = new LiveQueue("adaptive", RATE);
    const calm = frames(ADAPTIVE_CALM_SECONDS);
    for (let k = 0; k < 3; k++) q.underrun(100);
    expect(q.calm(2 * calm)).toBe(false);
    expect(q.calm(2 * calm)).toBe(true); // 4 × 15 s after the third growth
    for (let k = 0; k < 5; k++) q.underrun(100);
    expect(q.calm(frames(ADAPTIVE_CALM_MAX_SECONDS) - 1)).toBe(false);
    expect(q.calm(1)).toBe(true);
  });

  it("an underrun restarts the calm spell; a pinned queue never gives back", () => {
    const q = new LiveQueue("adaptive", RATE);
    const calm = frames(ADAPTIVE_CALM_SECONDS);
    q.underrun(600);
    q.calm(calm - 10);
    q.underrun(0, true); // settling: does not grow, but was not calm either
    expect(q.calm(20)).toBe(false);
    const pinned = new LiveQueue(0.05, RATE);
    expect(pinned.calm(10 * calm)).toBe(false);
    expect(pinned.shrink()).toBe(0);
    expect(pinned.frames).toBe(frames(0.05));
  });
});

describe("DipMeter and raise", () => {
  it("calls for the second-worst dip plus a step, and only with enough blocks measured", () => {
    const m = new DipMeter();
    for (let k = 0; k < 15; k++) m.add([100, 400, 250][k % 3]!);
    expect(m.summary()).toBeUndefined();
    m.add(2000); // one stray stall
    expect(m.summary()).toMatchObject({ blocks: 16, worst: 2000, second: 400 });
    expect(m.summary()!.depth(221)).toBe(400 + 221);
  });

  it("raises an adaptive queue and its floor, never lowers it, and leaves a pinned one", () => {
    const q = new LiveQueue("adaptive", RATE);
    const start = q.frames;
    expect(q.raise(start - 10)).toBe(false);
    expect(q.raise(start + 500)).toBe(true);
    expect(q.frames).toBe(start + 500);
    // The floor rose with it: a calm spell gives nothing back.
    expect(q.calm(frames(ADAPTIVE_CALM_SECONDS))).toBe(false);
    expect(q.raise(frames(10))).toBe(true);
    expect(q.frames).toBe(frames(ADAPTIVE_MAX_SECONDS)); // at most the ceiling
    const pinned = new LiveQueue(0.02, RATE);
    expect(pinned.raise(5000)).toBe(false);
    expect(pinned.frames).toBe(frames(0.02));
  });
});
