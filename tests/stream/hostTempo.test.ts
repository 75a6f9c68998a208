/**
 * The worker's tempo: `setTempo` while playing changes the beat's rate from the next block on,
 * without a restart; the status reports the tempo and the beat heard; an edited patch that
 * reloads while playing keeps the beat going.
 */
import { describe, expect, it } from "vitest";
import { RingBuffer } from "ringbuf.js";
import { createOutputRing } from "../../src/audio/outputRing";
import { EngineHost } from "../../src/engine/worker/engineHost";
import { makePatch } from "../helpers/engine";
import { testEngineOptions } from "./helpers";

const SAMPLE_RATE = 16000;

function lfoPatch(bpm: number, depth = 60) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 440, seconds: 8 }],
      ["enc", "Encode"],
      ["lfo", "LFO", { sync: "beats", rate: 1, depth }],
      ["rot", "FiLMRRotate"],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "rot.in"],
      ["lfo.out", "rot.angle"],
      ["rot.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture", transport: { bpm, beatsPerBar: 4 } },
  );
}

async function playing(bpm: number) {
  const host = new EngineHost(testEngineOptions());
  await host.load(JSON.stringify(lfoPatch(bpm)));
  const ring = createOutputRing({ sampleRate: SAMPLE_RATE, seconds: 0.5 });
  const consumer = new RingBuffer(ring.audio, Float32Array);
  const chunk = new Float32Array(ring.channels * 320);
  /** Plays `seconds` out of the ring, as the output worklet would. */
  const play = async (seconds: number) => {
    for (let got = 0; got < seconds * SAMPLE_RATE;) {
      got += consumer.pop(chunk) / ring.channels;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  await host.start(ring, { blockFrames: 1, aheadSeconds: 0.05 });
  return { host, play };
}

/** The beat heard and the frame heard (render position less the queue; latency is constant). */
const mark = (host: EngineHost) => {
  const s = host.status();
  return { beat: s.transport!.beat, frame: s.framePosition - s.bufferedFrames / 128 };
};

/** Beats per frame heard since `a`. */
function slope(host: EngineHost, a: { beat: number; frame: number }) {
  const b = mark(host);
  return (b.beat - a.beat) / (b.frame - a.frame);
}

describe("EngineHost tempo", () => {
  it("reports the tempo and the heard beat, and setTempo changes its rate while playing", async () => {
    const { host, play } = await playing(120);
    const rate = SAMPLE_RATE / 128; // the fixture's frames per second
    await play(0.4);
    expect(host.status().transport?.bpm).toBe(120);
    let m = mark(host);
    expect(m.beat).toBeGreaterThan(0);
    // Heard, not rendered: behind the render position by the queue and the latency.
    expect(m.beat).toBeLessThan((m.frame * 2) / rate);
    await play(0.4);
    expect(slope(host, m)).toBeCloseTo(2 / rate, 9);
    const before = host.status().framePosition;
    host.setTempo(60);
    expect(host.status().transport?.bpm).toBe(120); // not heard yet: the queue plays first
    await play(0.4);
    m = mark(host);
    expect(m.frame).toBeGreaterThan(before); // it kept playing: no restart
    expect(host.status().transport?.bpm).toBe(60);
    await play(0.4);
    expect(slope(host, m)).toBeCloseTo(1 / rate, 9);
    expect(host.status().error).toBeUndefined();
    expect(() => host.setTempo(0)).toThrow("tempo: expected a positive number");
    await host.dispose();
  });

  it("keeps the beat going when an edited patch replaces the playing one", async () => {
    const { host, play } = await playing(120);
    await play(0.5);
    host.setTempo(90);
    await play(0.3);
    const m = mark(host);
    await host.load(JSON.stringify(lfoPatch(90, 30)));
    await play(0.5);
    // Continued at 90 BPM: 1.5 beats a second since the mark, not restarted from beat 0.
    expect(slope(host, m)).toBeCloseTo(1.5 / (SAMPLE_RATE / 128), 9);
    expect(host.status().error).toBeUndefined();
    await host.dispose();
  });
});
