/**
 * Number, Message, Toggle and Bang against their definitions: what each plays for its params,
 * a cable on a Number's value, lists as steps, the bang's pulse on the beat, and refusals.
 */
import { describe, expect, it } from "vitest";
import { runBlocks } from "../../src/engine/blocks";
import { validateParams } from "../../src/engine/params";
import { TransportClock } from "../../src/engine/transportClock";
import { curve, type CurveValue } from "../../src/engine/values";
import { BangNode, bangValue } from "../../src/nodes/Bang";
import { MessageNode } from "../../src/nodes/Message";
import { NumberNode, clampTo } from "../../src/nodes/Number";
import { ToggleNode } from "../../src/nodes/Toggle";
import { runNodeContract } from "./contract";
import { CLOCK, fakeEnv } from "./fakeModel";

const R = CLOCK.frameRate; // 100 frames per second: at 120 BPM a beat is 50 frames
const values = (out: Record<string, unknown>) => Array.from((out.out as CurveValue).values);

describe("Number", () => {
  it("plays its value, limited to min…max", async () => {
    const played = async (p: { value: number; min?: number; max?: number }) =>
      values(await runBlocks(NumberNode, p, fakeEnv(), {}, 7, 20));
    expect(await played({ value: 0.5 })).toEqual(Array<number>(20).fill(0.5));
    expect(await played({ value: 45, min: -180, max: 180 })).toEqual(Array<number>(20).fill(45));
    expect(new Set(await played({ value: 300, min: -180, max: 180 }))).toEqual(new Set([180]));
    expect(new Set(await played({ value: -3 }))).toEqual(new Set([0]));
  });

  it("follows a curve on its value port instead, limited, and plays min for a NaN", async () => {
    const ramp = curve(
      Float32Array.from({ length: 10 }, (_, i) => i - 2),
      R,
    );
    const out = await runBlocks(
      NumberNode,
      { value: 0.5, max: 5 },
      fakeEnv(),
      { value: ramp },
      3,
      10,
    );
    expect(values(out)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 5, 5]);
    expect(clampTo(Number.NaN, -2, 2)).toBe(-2);
  });

  it("refuses min at or above max, naming both", async () => {
    const issues = validateParams(NumberNode, { value: 0, min: 2, max: 1, step: 1 }, "n");
    expect(issues.map((i) => i.message).join()).toContain("min (2) must be below max (1)");
    await expect(runBlocks(NumberNode, { min: 1, max: 1 }, fakeEnv(), {}, 4, 4)).rejects.toThrow(
      "Number: min (1) must be below max (1)",
    );
  });
});

describe("Message", () => {
  it("plays 0 until sent, then holds the number sent (not the one being edited)", async () => {
    const played = async (p: { value?: number[]; sent?: number[] }) =>
      new Set(values(await runBlocks(MessageNode, p, fakeEnv(), {}, 5, 30)));
    expect(await played({ value: [7] })).toEqual(new Set([0]));
    expect(await played({ value: [7], sent: [7] })).toEqual(new Set([7]));
    expect(await played({ value: [9], sent: [7] })).toEqual(new Set([7]));
  });

  it("plays a list as steps of stepBeats on the beat, repeated, whatever the block size", async () => {
    const p = { value: [1, 2, 3], sent: [1, 2, 3], stepBeats: 0.5 };
    const whole = values(await runBlocks(MessageNode, p, fakeEnv(), {}, 200, 200));
    // 120 BPM: half a beat is 25 frames.
    expect(whole.slice(0, 25)).toEqual(Array<number>(25).fill(1));
    expect(whole.slice(25, 50)).toEqual(Array<number>(25).fill(2));
    expect(whole.slice(50, 75)).toEqual(Array<number>(25).fill(3));
    expect(whole.slice(75, 100)).toEqual(Array<number>(25).fill(1));
    expect(values(await runBlocks(MessageNode, p, fakeEnv(), {}, [1, 7, 64], 200))).toEqual(whole);
    const slow = new TransportClock(R, 60);
    const at60 = values(await runBlocks(MessageNode, p, fakeEnv(), {}, 9, 100, slow));
    expect(at60[49]).toBe(1);
    expect(at60[50]).toBe(2);
  });

  it("refuses an empty message and numbers beyond its range, naming the parameter", () => {
    const empty = validateParams(MessageNode, { value: [], sent: [], stepBeats: 1 }, "m");
    expect(empty.map((i) => i.message).join()).toContain("value needs at least one number");
    const huge = validateParams(MessageNode, { value: [2e6], sent: [], stepBeats: 1 }, "m");
    expect(huge.map((i) => i.path).join()).toContain("value");
  });
});

describe("Toggle", () => {
  it("plays onValue when on and 0 when off", async () => {
    const played = async (p: { on: boolean; onValue?: number }) =>
      new Set(values(await runBlocks(ToggleNode, p, fakeEnv(), {}, 4, 12)));
    expect(await played({ on: false })).toEqual(new Set([0]));
    expect(await played({ on: true })).toEqual(new Set([1]));
    expect(await played({ on: true, onValue: -45 })).toEqual(new Set([-45]));
  });
});

describe("Bang", () => {
  it("pulses 1 for length beats from its beat, and never before a click", async () => {
    expect(bangValue(-1, 1, 0)).toBe(0);
    const p = { at: 1, length: 0.5 }; // frames 50…74 at 120 BPM
    const out = values(await runBlocks(BangNode, p, fakeEnv(), {}, [3, 16], 120));
    expect(out.slice(0, 50).every((v) => v === 0)).toBe(true);
    expect(out.slice(50, 75).every((v) => v === 1)).toBe(true);
    expect(out.slice(75).every((v) => v === 0)).toBe(true);
    const never = values(await runBlocks(BangNode, {}, fakeEnv(), {}, 8, 120));
    expect(never.every((v) => v === 0)).toBe(true);
  });
});

const constant = (v: number) => () => ({ out: curve(new Float32Array(100).fill(v), R) });

runNodeContract({
  def: NumberNode,
  inputs: (n) => ({
    value: curve(
      Float32Array.from({ length: n }, (_, i) => i / n),
      R,
    ),
  }),
  params: { value: 0.25, min: -1, max: 1 },
  neutral: { params: { value: 0.25 }, inputs: () => ({}), expected: constant(0.25) },
  latentPorts: [],
});
runNodeContract({
  def: MessageNode,
  inputs: () => ({}),
  params: { value: [1, -2, 0.5], sent: [1, -2, 0.5], stepBeats: 0.25 },
  neutral: { params: { sent: [0.25] }, inputs: () => ({}), expected: constant(0.25) },
  latentPorts: [],
});
runNodeContract({
  def: ToggleNode,
  inputs: () => ({}),
  params: { on: true, onValue: 3 },
  neutral: { params: { on: true, onValue: 0.25 }, inputs: () => ({}), expected: constant(0.25) },
  latentPorts: [],
});
runNodeContract({
  def: BangNode,
  inputs: () => ({}),
  params: { at: 0.3, length: 0.1 },
  neutral: { params: {}, inputs: () => ({}), expected: constant(0) },
  latentPorts: [],
});
