import type { EngineOptions } from "../../src/engine/engine";
import { fsLoader } from "../../src/engine/node/fsLoader";
import { DEFAULT_MODEL_ID } from "../../src/engine/models/defaults";
import { nodeRegistry } from "../../src/nodes";
import type { AudioValue } from "../../src/engine/values";
import type { StreamingRender } from "../../src/engine/stream/streamingRender";
import { RingBuffer } from "ringbuf.js";
import type { OutputRingShared } from "../../src/audio/outputRing";
import { makePatch } from "../helpers/engine";

const FIXTURES = new Set(["spectral-fixture", "wave-fixture"]);

/** The options `testEngine()` uses: repo files, fixture packs available by id. */
export function testEngineOptions(): EngineOptions {
  return {
    registry: nodeRegistry,
    appLoader: fsLoader(process.cwd()),
    patchFiles: fsLoader(process.cwd()),
    defaultModelId: DEFAULT_MODEL_ID,
    modelDir: (id) => (FIXTURES.has(id) ? `tests/fixtures/models/${id}` : `models/${id}`),
  };
}

/**
 * A steady tone: a sine (440 Hz unless `sine` says otherwise) → Encode → FiLMRRotate by `angle`
 * → Decode → AudioOut.
 */
export function tonePatch(
  seconds: number,
  angle: number,
  sine: { frequency?: number; amplitude?: number } = {},
) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 440, ...sine, seconds }],
      ["enc", "Encode"],
      ["rot", "FiLMRRotate", { angle }],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "rot.in"],
      ["rot.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture" },
  );
}

/** Sine → Encode → FiLMRRotate (angle swept by a Curve) → Decode → AudioOut, 1 s. */
export function sweepPatch(seconds = 1) {
  return makePatch(
    [
      ["src", "AudioIn", { source: "sine", frequency: 440, seconds }],
      ["enc", "Encode"],
      [
        "sweep",
        "Curve",
        {
          points: [
            [0, 0],
            [1, 90],
          ],
        },
      ],
      ["rot", "FiLMRRotate", { angle: 30 }],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["src.audio", "enc.audio"],
      ["enc.latent", "rot.in"],
      ["sweep.out", "rot.angle"],
      ["rot.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model: "spectral-fixture" },
  );
}

/** Plays `stream` to its end in blocks of `blockFrames`, concatenating channel 0. */
export async function playToEnd(
  stream: StreamingRender,
  blockFrames: number,
): Promise<Float32Array> {
  const hop = stream.clock.hopSamples;
  const out = new Float32Array(stream.totalFrames * hop);
  while (!stream.ended) {
    const frames = Math.min(blockFrames, stream.totalFrames - stream.framePosition);
    const at = stream.framePosition * hop;
    const block: AudioValue = await stream.next(frames);
    out.set(block.channels[0]!, at);
  }
  return out;
}

/** Largest |x[i] − x[i−1]| over [from, to). */
export function maxJump(x: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = Math.max(1, from); i < Math.min(to, x.length); i++)
    m = Math.max(m, Math.abs(x[i]! - x[i - 1]!));
  return m;
}

/** AudioIn (params `source`) → Encode → FiLMRRotate (`angle`°) → Decode → AudioOut on `model`. */
export function rotationChain(model: string, source: Record<string, unknown>, angle: number) {
  return makePatch(
    [
      ["mic", "AudioIn", source],
      ["enc", "Encode"],
      ["rot", "FiLMRRotate", { angle }],
      ["dec", "Decode"],
      ["out", "AudioOut"],
    ],
    [
      ["mic.audio", "enc.audio"],
      ["enc.latent", "rot.in"],
      ["rot.out", "dec.latent"],
      ["dec.audio", "out.audio"],
    ],
    { model },
  );
}

/**
 * Plays `ring` out as the output worklet would: `play(s)` reads at least `s` more seconds of
 * channel 0 into `heard`, sleeping 1 ms whenever the ring is empty.
 */
export function ringListener(ring: OutputRingShared) {
  const consumer = new RingBuffer(ring.audio, Float32Array);
  const chunk = new Float32Array(ring.channels * 320);
  const heard: number[] = [];
  const play = async (seconds: number) => {
    for (let got = 0; got < seconds * ring.sampleRate;) {
      const n = consumer.pop(chunk) / ring.channels;
      for (let i = 0; i < n; i++) heard.push(chunk[i * ring.channels]!);
      got += n;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  return { heard, play };
}
