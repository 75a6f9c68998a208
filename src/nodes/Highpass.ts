/** Highpass: a second-order (12 dB per octave) RBJ highpass filter. */
import { highpassCoefficients } from "../dsp/effects/biquad";
import { filterNode } from "./effects/filterNode";

export const HighpassNode = filterNode(
  "Highpass",
  "Keeps what is above the cutoff and removes what is below, 12 dB per octave (RBJ biquad).",
  highpassCoefficients,
  200,
);
