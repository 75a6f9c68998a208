/** Parameter specs several effects share. */
import type { NumberParam } from "../../engine/nodeDefinition";

/** The wet/dry balance: 0 is the input alone, 1 the effect alone. */
export function mixParam(defaultValue: number): NumberParam {
  return {
    name: "mix",
    kind: "number",
    default: defaultValue,
    min: 0,
    max: 1,
    step: 0.01,
    modulatable: true,
    description: "wet/dry balance: 0 is the input alone, 1 the effect alone",
  };
}

/** The audio input every effect has. */
export const AUDIO_IN = {
  name: "in",
  types: ["audio"],
  description: "the sound to process",
} as const;

/** The audio output every effect has. */
export const AUDIO_OUT = {
  name: "out",
  type: "audio",
  description: "the processed sound, as many channels as the input",
} as const;
