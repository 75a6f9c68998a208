/** The musical clock against its formula: beat(f + 1) = beat(f) + bpm / 60 / frameRate. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { constantTempo, TransportClock } from "../../src/engine/transportClock";
import { makeBlockContext } from "../../src/engine/blocks";

const RATE = 50; // latent frames per second

describe("TransportClock", () => {
  it("counts bpm / 60 beats per second at a constant tempo", () => {
    const clock = constantTempo(RATE, 120);
    expect(clock.beatAt(0)).toBe(0);
    expect(clock.beatAt(RATE)).toBeCloseTo(2, 12); // 1 s at 120 BPM
    expect(clock.beatAt(25)).toBeCloseTo(1, 12);
    expect(clock.bpmAt(1e6)).toBe(120);
  });

  it("integrates the tempo frame by frame, whatever the changes (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 200 }), fc.double({ min: 20, max: 300, noNaN: true })),
          {
            maxLength: 8,
          },
        ),
        (changes) => {
          const clock = new TransportClock(RATE, 90);
          // Changes in play order, each some frames after the last.
          let at = 0;
          const plan = new Map<number, number>();
          for (const [gap, bpm] of changes) {
            at += gap;
            clock.setTempo(bpm, at);
            plan.set(at, bpm);
          }
          let beat = 0;
          let bpm = 90;
          for (let f = 0; f <= at + 10; f++) {
            bpm = plan.get(f) ?? bpm;
            expect(clock.bpmAt(f)).toBe(bpm);
            expect(Math.abs(clock.beatAt(f) - beat)).toBeLessThan(1e-9 * (1 + beat));
            beat += bpm / 60 / RATE;
          }
        },
      ),
    );
  });

  it("does not jump at a tempo change: only the slope changes", () => {
    const clock = new TransportClock(RATE, 120);
    const before = clock.beatAt(73);
    clock.setTempo(60, 73);
    expect(clock.beatAt(73)).toBeCloseTo(before, 12);
    expect(clock.beatAt(73 + RATE) - clock.beatAt(73)).toBeCloseTo(1, 12); // 60 BPM: 1 beat/s
    expect(clock.beatAt(72)).toBeCloseTo(before - 2 / RATE, 12); // the past kept its tempo
  });

  it("replaces what was planned after a change made earlier", () => {
    const clock = new TransportClock(RATE, 120);
    clock.setTempo(60, 100);
    clock.setTempo(240, 50);
    expect(clock.tempoSegments.map((s) => s.frame)).toEqual([0, 50]);
    expect(clock.bpmAt(150)).toBe(240);
    expect(clock.beatAt(150)).toBeCloseTo(2 + 2 * 4, 12); // 1 s at 120, then 2 s at 240
  });

  it("continues another clock's beat at a frame, at its own tempo", () => {
    const old = new TransportClock(RATE, 100);
    old.setTempo(150, 40);
    const next = TransportClock.continuing(old, 90, RATE, 60);
    expect(next.beatAt(90)).toBeCloseTo(old.beatAt(90), 12);
    expect(next.beatAt(90 + RATE) - next.beatAt(90)).toBeCloseTo(1, 12);
  });

  it("keeps a bounded history under a dragged tempo", () => {
    const clock = new TransportClock(RATE, 120);
    let beat = 0;
    for (let f = 1; f <= 2000; f++) {
      beat += clock.bpmAt(f - 1) / 60 / RATE;
      clock.setTempo(100 + (f % 50), f);
    }
    expect(clock.tempoSegments.length).toBeLessThanOrEqual(256);
    expect(clock.beatAt(2000)).toBeCloseTo(beat, 9);
  });

  it("refuses a tempo that is not a positive number, naming it", () => {
    expect(() => new TransportClock(RATE, 0)).toThrow("tempo: expected a positive number");
    expect(() => constantTempo(RATE, NaN)).toThrow("got NaN");
    expect(() => new TransportClock(RATE, 120).setTempo(-5, 3)).toThrow("got -5");
    expect(() => new TransportClock(0, 120)).toThrow("frame rate");
  });
});

describe("BlockContext beat and bpm", () => {
  it("read the tempo map at the block's frames", () => {
    const clock = new TransportClock(RATE, 120);
    clock.setTempo(60, 12);
    const ctx = makeBlockContext(
      { sampleRate: 44100, hopSamples: 882, frameRate: RATE },
      10,
      4,
      {},
      {},
      clock,
    );
    expect(ctx.beat(0)).toBeCloseTo(10 * (2 / RATE), 12);
    expect(ctx.bpm(1)).toBe(120);
    expect(ctx.bpm(2)).toBe(60);
    expect(ctx.beat(3)).toBeCloseTo(12 * (2 / RATE) + 1 / RATE, 12);
  });

  it("default to 120 BPM from frame 0", () => {
    const ctx = makeBlockContext(
      { sampleRate: 44100, hopSamples: 882, frameRate: RATE },
      25,
      1,
      {},
      {},
    );
    expect(ctx.bpm()).toBe(120);
    expect(ctx.beat()).toBeCloseTo(1, 12);
  });
});
