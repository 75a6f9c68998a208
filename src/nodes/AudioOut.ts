import { defineNode } from "../engine/nodeDefinition";

/** Peak ceiling of the limiter: −1 dBFS. */
const CEILING = 10 ** (-1 / 20);
/** How fast the limiter's gain comes back: 60 dB per second. */
const RELEASE_DB_PER_SECOND = 60;

export const AudioOutNode = defineNode({
  type: "AudioOut",
  category: "output",
  description: "Sends audio to the speakers or the rendered file, limited to −1 dBFS.",
  inputs: [{ name: "audio", types: ["audio"], description: "the sound to play" }],
  outputs: [
    {
      name: "out",
      type: "audio",
      description:
        "what is played: gain applied, NaN silenced, peaks limited, never above full scale",
    },
  ],
  params: [
    {
      name: "gain",
      kind: "number",
      default: 0,
      min: -60,
      max: 12,
      unit: "dB",
      modulatable: true,
      description: "output gain",
    },
    {
      name: "limiter",
      kind: "boolean",
      default: true,
      description: "hold peaks at −1 dBFS, releasing at 60 dB/s (off: a hard clip at full scale)",
    },
  ],
  create(p, env) {
    const limit = p.limiter !== false;
    // The safety stage, written by hand because it is tiny: a peak limiter with instant attack
    // (the gain drops to exactly what keeps the sample at the ceiling) and a release linear in
    // dB, one gain for all channels. The gain carries across blocks, so any block size gives the
    // same output.
    const recover = 10 ** (RELEASE_DB_PER_SECOND / 20 / env.clock.sampleRate);
    let gain = 1;
    return {
      process(inputs, block) {
        const input = inputs.audio;
        if (input?.type !== "audio") throw new Error('input "audio" is not connected');
        const hop = block.clock.hopSamples;
        const n = input.channels[0]?.length ?? 0;
        const channels = input.channels.map(() => new Float32Array(n));
        let g = 1;
        for (let i = 0; i < n; i++) {
          if (i % hop === 0) g = 10 ** (block.param("gain", i / hop) / 20);
          let peak = 0;
          for (const c of input.channels) {
            const x = c[i]! * g;
            if (Number.isFinite(x)) peak = Math.max(peak, Math.abs(x));
          }
          if (limit) {
            gain = Math.min(1, gain * recover);
            if (peak * gain > CEILING) gain = CEILING / peak;
          }
          for (let ch = 0; ch < channels.length; ch++) {
            const x = input.channels[ch]![i]! * g * (limit ? gain : 1);
            channels[ch]![i] = Number.isFinite(x) ? Math.max(-1, Math.min(1, x)) : 0;
          }
        }
        return { out: { type: "audio", sampleRate: input.sampleRate, channels } };
      },
    };
  },
});
