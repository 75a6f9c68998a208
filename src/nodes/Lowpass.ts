/** Lowpass: a second-order (12 dB per octave) RBJ lowpass filter. */
import { lowpassCoefficients } from "../dsp/effects/biquad";
import { filterNode } from "./effects/filterNode";

export const LowpassNode = filterNode(
  "Lowpass",
  "Keeps what is below the cutoff and removes what is above, 12 dB per octave (RBJ biquad).",
  lowpassCoefficients,
  1000,
);
