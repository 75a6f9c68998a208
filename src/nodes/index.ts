/** Every node type, in palette order. Adding a node means adding its definition file here. */
import type { NodeDefinition } from "../engine/nodeDefinition";
import { createRegistry } from "../engine/patch/registry";
import { AudioInNode } from "./AudioIn";
import { CurveNode } from "./Curve";
import { LFONode } from "./LFO";
import { StepsNode } from "./Steps";
import { NumberNode } from "./Number";
import { MessageNode } from "./Message";
import { ToggleNode } from "./Toggle";
import { BangNode } from "./Bang";
import { EncodeNode } from "./Encode";
import { DecodeNode } from "./Decode";
import { LatentAddNode } from "./LatentAdd";
import { LatentSubtractNode } from "./LatentSubtract";
import { LatentScaleNode } from "./LatentScale";
import { MixNode } from "./Mix";
import { TimeAverageNode } from "./TimeAverage";
import { InterpolateNode } from "./Interpolate";
import { FiLMRRotateNode } from "./FiLMRRotate";
import { LearnedOpNode } from "./LearnedOp";
import { PrincipalDirectionsNode } from "./PrincipalDirections";
import { QuantizeToCodebookNode } from "./QuantizeToCodebook";
import { DescriptorTargetNode } from "./DescriptorTarget";
import { AudioOutNode } from "./AudioOut";
// Audio effects (issue 18, part 1).
import { GainNode } from "./Gain";
import { AudioMixNode } from "./AudioMix";
import { LowpassNode } from "./Lowpass";
import { HighpassNode } from "./Highpass";
import { DelayNode } from "./Delay";
import { DistortionNode } from "./Distortion";
import { ChorusNode } from "./Chorus";
import { CompressorNode } from "./Compressor";
import { ReverbNode } from "./Reverb";
import { PitchShiftNode } from "./PitchShift";
import { TimeReverseNode } from "./TimeReverse";

export const allNodes: readonly NodeDefinition[] = [
  AudioInNode,
  CurveNode,
  LFONode,
  StepsNode,
  NumberNode,
  MessageNode,
  ToggleNode,
  BangNode,
  EncodeNode,
  DecodeNode,
  LatentAddNode,
  LatentSubtractNode,
  LatentScaleNode,
  MixNode,
  TimeAverageNode,
  InterpolateNode,
  FiLMRRotateNode,
  LearnedOpNode,
  PrincipalDirectionsNode,
  QuantizeToCodebookNode,
  DescriptorTargetNode,
  // Audio effects (issue 18, part 1).
  GainNode,
  AudioMixNode,
  LowpassNode,
  HighpassNode,
  DelayNode,
  DistortionNode,
  ChorusNode,
  CompressorNode,
  ReverbNode,
  PitchShiftNode,
  TimeReverseNode,
  AudioOutNode,
];

export const nodeRegistry = createRegistry(allNodes);
