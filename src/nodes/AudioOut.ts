import { defineNode } from "../engine/nodeDefinition";

export const AudioOutNode = defineNode({
  type: "AudioOut",
  category: "output",
  description: "Sends audio to the speakers or the rendered file, never above full scale.",
  inputs: [{ name: "audio", types: ["audio"], description: "the sound to play" }],
  outputs: [
    {
      name: "out",
      type: "audio",
      description: "what is played: gain applied, NaN silenced, clipped to ±1",
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
  ],
  create() {
    return {
      process(inputs, block) {
        const input = inputs.audio;
        if (input?.type !== "audio") throw new Error('input "audio" is not connected');
        const hop = block.clock.hopSamples;
        const channels = input.channels.map((c) => {
          const out = new Float32Array(c.length);
          for (let i = 0; i < c.length; i++) {
            const g = 10 ** (block.param("gain", Math.floor(i / hop)) / 20);
            const x = c[i]! * g;
            // The safety stage: nothing that reaches the speakers exceeds full scale.
            out[i] = Number.isFinite(x) ? Math.max(-1, Math.min(1, x)) : 0;
          }
          return out;
        });
        return { out: { type: "audio", sampleRate: input.sampleRate, channels } };
      },
    };
  },
});
