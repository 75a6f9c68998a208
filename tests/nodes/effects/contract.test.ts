/** The node contract (../contract.ts) for every audio effect. */
import type { Inputs } from "../../../src/engine/nodeDefinition";
import { curve, scalar } from "../../../src/engine/values";
import { AudioMixNode } from "../../../src/nodes/AudioMix";
import { ChorusNode } from "../../../src/nodes/Chorus";
import { CompressorNode } from "../../../src/nodes/Compressor";
import { DelayNode } from "../../../src/nodes/Delay";
import { DistortionNode } from "../../../src/nodes/Distortion";
import { GainNode } from "../../../src/nodes/Gain";
import { HighpassNode } from "../../../src/nodes/Highpass";
import { LowpassNode } from "../../../src/nodes/Lowpass";
import { PitchShiftNode } from "../../../src/nodes/PitchShift";
import { ReverbNode } from "../../../src/nodes/Reverb";
import { TimeReverseNode } from "../../../src/nodes/TimeReverse";
import { runNodeContract } from "../contract";
import { CLOCK } from "../fakeModel";
import { music } from "./signals";

/** A curve from `from` to `to` over `frames` frames. */
const ramp = (frames: number, from: number, to: number) =>
  curve(
    Float32Array.from({ length: frames }, (_, i) => from + ((to - from) * i) / frames),
    CLOCK.frameRate,
  );

const passThrough = (inputs: Inputs) => ({ out: inputs.in! });

runNodeContract({
  def: GainNode,
  inputs: (n) => ({ in: music(n, 2), gain: ramp(n, -30, 12) }),
  neutral: { inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: AudioMixNode,
  inputs: (n) => ({ in1: music(n, 2), in2: music(n, 1, 9), w1: ramp(n, 0, 1), w3: scalar(2) }),
  neutral: { inputs: (n) => ({ in1: music(n, 2) }), expected: (i) => ({ out: i.in1! }) },
  latentPorts: [],
});

for (const def of [LowpassNode, HighpassNode]) {
  runNodeContract({
    def,
    inputs: (n) => ({ in: music(n, 2), cutoff: ramp(n, 100, 12000), q: ramp(n, 0.5, 8) }),
    latentPorts: [],
  });
}

runNodeContract({
  def: DelayNode,
  params: { sync: "beats", beats: 0.25 },
  inputs: (n) => ({ in: music(n, 2), beats: ramp(n, 0.1, 0.3), feedback: ramp(n, 0, 0.95) }),
  neutral: { params: { mix: 0 }, inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: DistortionNode,
  inputs: (n) => ({ in: music(n, 2), drive: ramp(n, 0, 48), tone: ramp(n, 300, 15000) }),
  neutral: { params: { mix: 0 }, inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: ChorusNode,
  inputs: (n) => ({ in: music(n, 2), rate: ramp(n, 0.1, 8), depth: ramp(n, 0, 10) }),
  neutral: { params: { mix: 0 }, inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: CompressorNode,
  inputs: (n) => ({ in: music(n, 2), threshold: ramp(n, -40, 0), attack: ramp(n, 0.1, 50) }),
  neutral: { params: { ratio: 1 }, inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: ReverbNode,
  inputs: (n) => ({ in: music(n, 2), decay: ramp(n, 0.2, 8), mix: ramp(n, 0, 1) }),
  neutral: { params: { mix: 0 }, inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: PitchShiftNode,
  inputs: (n) => ({ in: music(n, 2), semitones: ramp(n, -12, 12) }),
  neutral: { params: { mix: 0 }, inputs: (n) => ({ in: music(n, 2) }), expected: passThrough },
  latentPorts: [],
});

runNodeContract({
  def: TimeReverseNode,
  inputs: (n) => ({ in: music(n, 2) }),
  latentPorts: [],
});
