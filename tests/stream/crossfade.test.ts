import { describe, expect, it } from "vitest";
import { fadeInGain } from "../../src/engine/stream/crossfade";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { DEFAULT_CROSSFADE_MS, StreamingRender } from "../../src/engine/stream/streamingRender";
import { rms } from "../helpers/engine";
import { maxJump, testEngineOptions, tonePatch } from "./helpers";

/** A low, loud sine through a rotation: a phase jump at a switch stands out from its slope. */
const rotationPatch = () => tonePatch(1, 0, { frequency: 110, amplitude: 0.9 });

const CHANGE_FRAME = 48;

/** Streams in blocks of 4 frames, turning the rotation to 150° at CHANGE_FRAME. */
async function playWithChange(crossfadeMs: number) {
  const setup = await loadStreamSetup(rotationPatch(), testEngineOptions());
  const stream = await StreamingRender.create(setup, { crossfadeMs });
  const hop = stream.clock.hopSamples;
  const out = new Float32Array(stream.totalFrames * hop);
  while (!stream.ended) {
    if (stream.framePosition === CHANGE_FRAME) stream.setParam("rot", "angle", 150);
    const frames = Math.min(4, stream.totalFrames - stream.framePosition);
    const at = stream.framePosition * hop;
    out.set((await stream.next(frames)).channels[0]!, at);
  }
  const result = { out, at: CHANGE_FRAME * hop, delay: stream.lastChangeDelaySamples, stream };
  stream.dispose();
  await setup.dispose();
  return result;
}

describe("parameter changes while streaming", () => {
  it("crossfades to the new chain without a click; an abrupt switch clicks", async () => {
    const faded = await playWithChange(DEFAULT_CROSSFADE_MS);
    const abrupt = await playWithChange(0);
    const { out, at, delay } = faded;
    const sr = faded.stream.clock.sampleRate;
    // Heard within 50 ms: the new chain's warm-up (its fresh decoder's latency) plus the fade.
    expect(delay).toBe(
      faded.stream.latencySamples + Math.round((DEFAULT_CROSSFADE_MS / 1000) * sr),
    );
    expect(delay).toBeLessThanOrEqual(0.05 * sr);
    // The steady signal's largest sample-to-sample step, before and after the change.
    const steady = Math.max(maxJump(out, at - 2000, at), maxJump(out, at + delay + 512, at + 4000));
    const around = (x: Float32Array) => maxJump(x, at, at + delay + 512);
    // Threshold: the crossfade adds no step more than 20 % above the steady signal's own; the
    // abrupt switch (same warm-up, no fade) jumps by more than twice that.
    expect(around(out)).toBeLessThanOrEqual(1.2 * steady);
    expect(around(abrupt.out)).toBeGreaterThan(2 * 1.2 * steady);
    // No gap of silence during the change.
    for (let i = at; i < at + delay; i += 256) {
      expect(rms(out.subarray(i, i + 256))).toBeGreaterThan(0.3 * rms(out.subarray(at - 2000, at)));
    }
  });

  it("refuses an invalid value at once and keeps playing the old patch", async () => {
    const setup = await loadStreamSetup(rotationPatch(), testEngineOptions());
    const stream = await StreamingRender.create(setup);
    expect(() => stream.setParam("rot", "angle", 999)).toThrow(/angle/);
    expect(() => stream.setParam("nope", "angle", 1)).toThrow(/no node "nope"/);
    await stream.next(4);
    expect(stream.changing).toBe(false);
    await setup.dispose();
  });

  it("applies changes made during a fade together once it ends", async () => {
    const setup = await loadStreamSetup(rotationPatch(), testEngineOptions());
    const stream = await StreamingRender.create(setup);
    stream.setParam("rot", "angle", 40);
    await stream.next(1);
    expect(stream.changing).toBe(true);
    stream.setParam("rot", "angle", 60);
    stream.setParam("rot", "gamma", 0.5);
    let blocks = 0;
    while (stream.changing) blocks += (await stream.next(1), 1);
    expect(blocks).toBeGreaterThan(0);
    await stream.next(1); // the queued change starts here
    expect(stream.changing).toBe(true);
    while (stream.changing) await stream.next(1);
    const rot = stream.currentPatch().nodes.find((n) => n.id === "rot")!;
    expect(rot.params).toMatchObject({ angle: 60, gamma: 0.5 });
    stream.dispose();
    await setup.dispose();
  });

  it("fades with gains that sum to one and move smoothly", () => {
    expect(fadeInGain(0, 320)).toBe(0);
    expect(fadeInGain(160, 320)).toBeCloseTo(0.5, 12);
    expect(fadeInGain(320, 320)).toBe(1);
    expect(fadeInGain(5, 0)).toBe(1);
    for (let k = 1; k < 320; k++) {
      expect(fadeInGain(k, 320) - fadeInGain(k - 1, 320)).toBeLessThan(Math.PI / 320 / 2 + 1e-9);
    }
  });
});
