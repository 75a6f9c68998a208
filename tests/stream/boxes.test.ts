/**
 * Control boxes in a playing patch: a Number (fed by a Message, or alone) or a Toggle on a
 * FiLMRRotate's angle streams exactly what the offline render plays, and a box's parameter edit
 * while streaming (a drag, a click) is heard from there on through the ordinary parameter path,
 * without a graph reload. A Bang's pulse is rendered at its beat.
 */
import { describe, expect, it } from "vitest";
import { loadStreamSetup } from "../../src/engine/stream/loadStream";
import { StreamingRender } from "../../src/engine/stream/streamingRender";
import { logSpectralDistanceDb } from "../../src/dsp/metrics";
import { liveChange } from "../../src/ui/live/liveChange";
import { nodeRegistry } from "../../src/nodes";
import { makePatch, maxAbsDiff, rms, testEngine } from "../helpers/engine";
import { playToEnd, testEngineOptions } from "./helpers";

type Spec = [id: string, type: string, params?: Record<string, unknown>];

/** Sine → Encode → FiLMRRotate (angle from `boxes`, the last one wired) → Decode → AudioOut. */
function boxPatch(boxes: Spec[], cables: [string, string][]) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 440, seconds: 1 }],
      ["enc", "Encode"],
      ...boxes,
      ["rot", "FiLMRRotate", { angle: 0 }],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "rot.in"],
      ...cables,
      ["rot.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture", transport: { bpm: 120, beatsPerBar: 4 } },
  );
}

async function offline(patch: ReturnType<typeof boxPatch>): Promise<Float32Array> {
  const engine = testEngine();
  await engine.load(patch);
  const out = (await engine.render()).outputs.get("out")!.channels[0]!;
  engine.dispose();
  return out;
}

async function streamed(patch: ReturnType<typeof boxPatch>) {
  const setup = await loadStreamSetup(patch, testEngineOptions());
  const s = await StreamingRender.create(setup);
  const raw = await playToEnd(s, 5);
  const out = raw.slice(s.latencySamples, s.latencySamples + s.durationSamples);
  s.dispose();
  await setup.dispose();
  return out;
}

const numberOnAngle = (value: number) =>
  boxPatch(
    [["num", "Number", { value, min: -180, max: 180, step: 1 }]],
    [["num.out", "rot.angle"]],
  );

describe("control boxes in a stream", () => {
  it("play the same streamed as offline, and the value is heard (a Number on an angle)", async () => {
    const at0 = await offline(numberOnAngle(0));
    const at70 = await offline(numberOnAngle(70));
    expect(rms(at70)).toBeGreaterThan(0.01);
    expect(maxAbsDiff(at0, at70)).toBeGreaterThan(0.05);
    expect(maxAbsDiff(await streamed(numberOnAngle(70)), at70)).toBeLessThanOrEqual(1e-5);
    const viaMessage = boxPatch(
      [
        ["msg", "Message", { value: [70], sent: [70] }],
        ["num", "Number", { min: -180, max: 180 }],
      ],
      [
        ["msg.out", "num.value"],
        ["num.out", "rot.angle"],
      ],
    );
    expect(maxAbsDiff(await offline(viaMessage), at70)).toBeLessThanOrEqual(1e-6);
    const toggle = boxPatch(
      [["tg", "Toggle", { on: true, onValue: 70 }]],
      [["tg.out", "rot.angle"]],
    );
    expect(maxAbsDiff(await streamed(toggle), at70)).toBeLessThanOrEqual(1e-5);
  });

  it("stream a box's edit as a parameter change, heard from the next blocks on", async () => {
    const before = numberOnAngle(0);
    const after = numberOnAngle(70);
    expect(liveChange(before, after, nodeRegistry)).toMatchObject({ kind: "params" });
    const setup = await loadStreamSetup(before, testEngineOptions());
    const s = await StreamingRender.create(setup, { crossfadeMs: 10 });
    const hop = s.clock.hopSamples;
    const out = new Float32Array(s.totalFrames * hop);
    const switchFrame = 40;
    while (!s.ended) {
      if (s.framePosition === switchFrame) s.setParams("num", { value: 70 });
      const frames = Math.min(4, s.totalFrames - s.framePosition);
      const at = s.framePosition * hop;
      out.set((await s.next(frames)).channels[0]!, at);
    }
    s.dispose();
    await setup.dispose();
    const at70 = await offline(after);
    const at0 = await offline(before);
    // Well after the change (past warm-up and crossfade), the stream's spectrum is the render's
    // at 70°, far from the old angle's (phase reconstruction carries its own state across the
    // change, so the samples differ).
    const late = Math.round(s.totalFrames * hop * 0.6);
    const tail = (x: Float32Array, lag: number) => x.slice(late + lag, late + lag + 4096);
    const heard = logSpectralDistanceDb(tail(at70, 0), tail(out, s.latencySamples), 1024);
    const old = logSpectralDistanceDb(tail(at70, 0), tail(at0, 0), 1024);
    expect(heard).toBeLessThan(0.25 * old);
    // Before it, the old one.
    const early = (x: Float32Array, lag: number) => x.slice(lag + 2000, lag + 4000);
    expect(maxAbsDiff(early(out, s.latencySamples), early(at0, 0))).toBeLessThan(1e-5);
  });

  it("render a Bang's pulse at its beat (a pulse on a Number's value port)", async () => {
    const pulse = boxPatch(
      [
        ["bang", "Bang", { at: 1, length: 0.25 }],
        ["num", "Number", { min: 0, max: 90 }],
      ],
      [
        ["bang.out", "num.value"],
        ["num.out", "rot.angle"],
      ],
    );
    const withPulse = await offline(pulse);
    const never = await offline(numberOnAngle(0));
    // 120 BPM: beat 1 is at 0.5 s, the pulse lasts 0.125 s; the rotation there is by 1°, so
    // compare where it is against elsewhere, in samples at the patch's rate.
    const n = withPulse.length;
    const diffIn = (a: number, b: number) =>
      maxAbsDiff(withPulse.slice(a * n, b * n), never.slice(a * n, b * n));
    expect(diffIn(0, 0.4)).toBeLessThanOrEqual(1e-6);
    expect(diffIn(0.5, 0.62)).toBeGreaterThan(0);
  });
});
