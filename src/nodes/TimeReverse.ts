/**
 * TimeReverse: plays the sound backwards. Its first output sample is its input's last, so it
 * needs the whole input: it runs in "whole" mode, the engine's notion of a node that cannot
 * stream (engine/stream/chain.ts). An offline render runs it once; a live stream computes it
 * ahead only when its input comes from a file or a fixed source, and refuses, naming it, when a
 * live input (the microphone) feeds it.
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { finiteOr0, readAudio } from "./effects/audioEffect";
import { AUDIO_IN, AUDIO_OUT } from "./effects/params";

export const TimeReverseNode = defineNode<Params>({
  type: "TimeReverse",
  category: "effect",
  description: "Plays the whole sound backwards (offline only: it needs the sound's end first).",
  mode: "whole",
  inputs: [AUDIO_IN],
  outputs: [AUDIO_OUT],
  params: [],
  create() {
    return {
      process(inputs) {
        const input = readAudio("TimeReverse", inputs, "in");
        const channels = input.channels.map((x) => {
          const y = new Float32Array(x.length);
          for (let i = 0; i < x.length; i++) y[i] = finiteOr0(x[x.length - 1 - i]!);
          return y;
        });
        return { out: { type: "audio", sampleRate: input.sampleRate, channels } };
      },
    };
  },
});
