/**
 * AudioMix: the weighted sum w1·in1 + … + w4·in4 of up to four sounds, the audio counterpart of
 * Mix (which sums latents). Unconnected inputs are skipped; a mono input is heard in every
 * channel of a stereo one. Weights glide across each frame.
 */
import { defineNode, type NumberParam, type Params } from "../engine/nodeDefinition";
import type { AudioValue } from "../engine/values";
import { FrameRamp, finiteOr0, readParam } from "./effects/audioEffect";

const SLOTS = [1, 2, 3, 4] as const;

export interface AudioMixParams extends Params {
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly w4: number;
}

const WEIGHTS: readonly NumberParam[] = SLOTS.map((n) => ({
  name: `w${n}`,
  kind: "number",
  default: 1,
  min: -4,
  max: 4,
  step: 0.01,
  modulatable: true,
  description: `weight of in${n} (linear; −1 inverts it)`,
}));

export const AudioMixNode = defineNode<AudioMixParams>({
  type: "AudioMix",
  category: "effect",
  retunable: true,
  description: "Sums up to four sounds, each by its weight (w1·in1 + … + w4·in4).",
  inputs: SLOTS.map((n) => ({
    name: `in${n}`,
    types: ["audio"] as const,
    optional: true,
    description: `sound ${n}, weighted by w${n}`,
  })),
  outputs: [
    { name: "out", type: "audio", description: "the weighted sum, as many channels as the widest" },
  ],
  params: WEIGHTS,
  create() {
    const ramps = SLOTS.map(() => new FrameRamp());
    return {
      process(inputs, block) {
        const terms: { x: AudioValue; slot: number }[] = [];
        for (const n of SLOTS) {
          const v = inputs[`in${n}`];
          if (v === undefined) continue;
          if (v.type !== "audio") throw new Error(`AudioMix in${n}: expected audio, got ${v.type}`);
          terms.push({ x: v, slot: n - 1 });
        }
        const first = terms[0];
        if (!first) {
          throw new Error("AudioMix: no inputs are connected; connect at least one of in1..in4");
        }
        const hop = block.clock.hopSamples;
        const n = block.frames * hop;
        const width = Math.max(...terms.map((t) => t.x.channels.length));
        const channels = Array.from({ length: width }, () => new Float32Array(n));
        for (let frame = 0; frame < block.frames; frame++) {
          for (const t of terms) ramps[t.slot]!.next(readParam(block, WEIGHTS[t.slot]!, frame));
          for (const t of terms) {
            if (t.x.channels.length === 0) continue;
            const ramp = ramps[t.slot]!;
            for (let c = 0; c < width; c++) {
              const x = t.x.channels[Math.min(c, t.x.channels.length - 1)]!;
              const y = channels[c]!;
              for (let k = 0, i = frame * hop; k < hop && i < n; k++, i++) {
                y[i]! += finiteOr0(x[i] ?? 0) * ramp.at(k, hop);
              }
            }
          }
        }
        return { out: { type: "audio", sampleRate: first.x.sampleRate, channels } };
      },
    };
  },
});
