/** Audio values on the fake model's clock (16 kHz, 160 samples per frame) for the effect tests. */
import { audio, type AudioValue } from "../../../src/engine/values";
import { CLOCK } from "../fakeModel";
import { noise } from "../../dsp/signals";

export const SR = CLOCK.sampleRate;
export const HOP = CLOCK.hopSamples;

/** `frames` frames of `f(i)` on `channels` channels (the second a little different). */
export function signal(frames: number, f: (i: number) => number, channels = 1): AudioValue {
  return audio(
    SR,
    Array.from({ length: channels }, (_, c) =>
      Float32Array.from({ length: frames * HOP }, (_, i) => f(i) * (c === 0 ? 1 : 0.5)),
    ),
  );
}

/** A test sound with some of everything: a 220 Hz tone, noise bursts, and silence. */
export function music(frames: number, channels = 1, seed = 3): AudioValue {
  const hiss = noise(frames * HOP, seed, 0.3);
  return signal(
    frames,
    (i) => {
      const t = i / SR;
      const tone = 0.4 * Math.sin(2 * Math.PI * 220 * t) * (t % 0.5 < 0.3 ? 1 : 0);
      return tone + (t % 0.7 < 0.05 ? hiss[i]! : 0);
    },
    channels,
  );
}

/** A sine at `freq` Hz with peak `amplitude`. */
export function sineAudio(frames: number, freq: number, amplitude: number): AudioValue {
  return signal(frames, (i) => amplitude * Math.sin((2 * Math.PI * freq * i) / SR));
}

/** The first channel of an output. */
export function first(v: unknown): Float32Array {
  const a = v as AudioValue;
  if (a?.type !== "audio") throw new Error("not audio");
  return a.channels[0]!;
}
