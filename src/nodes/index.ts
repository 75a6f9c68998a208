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
import { PrincipalDirectionsNode } from "./PrincipalDirections";
import { QuantizeToCodebookNode } from "./QuantizeToCodebook";
import { DescriptorTargetNode } from "./DescriptorTarget";
import { AudioOutNode } from "./AudioOut";

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
  PrincipalDirectionsNode,
  QuantizeToCodebookNode,
  DescriptorTargetNode,
  AudioOutNode,
];

export const nodeRegistry = createRegistry(allNodes);
