/** Runs the node contract (./contract.ts) on every node type of the latent toolbox. */
import { curve, latent, scalar, vector, type Value } from "../../src/engine/values";
import { CurveNode } from "../../src/nodes/Curve";
import { DescriptorTargetNode } from "../../src/nodes/DescriptorTarget";
import { FiLMRRotateNode } from "../../src/nodes/FiLMRRotate";
import { InterpolateNode } from "../../src/nodes/Interpolate";
import { LFONode } from "../../src/nodes/LFO";
import { StepsNode } from "../../src/nodes/Steps";
import { LatentAddNode } from "../../src/nodes/LatentAdd";
import { LatentScaleNode } from "../../src/nodes/LatentScale";
import { LatentSubtractNode } from "../../src/nodes/LatentSubtract";
import { MixNode } from "../../src/nodes/Mix";
import { PrincipalDirectionsNode } from "../../src/nodes/PrincipalDirections";
import { QuantizeToCodebookNode } from "../../src/nodes/QuantizeToCodebook";
import { TimeAverageNode } from "../../src/nodes/TimeAverage";
import { runNodeContract } from "./contract";
import { CLOCK, DIMS, fixedVector, makeCodebook, randomLatent } from "./fakeModel";

/** A curve from `from` to `to` over `frames` frames. */
export function ramp(frames: number, from: number, to: number): Value {
  const values = Float32Array.from({ length: frames }, (_, i) => from + ((to - from) * i) / frames);
  return curve(values, CLOCK.frameRate);
}

const zeros = (frames: number) =>
  latent(new Float32Array(frames * DIMS), frames, DIMS, CLOCK.frameRate, "fake");

/** A latent whose frame f is codebook entry (f · 5) mod K. */
function entryLatent(frames: number) {
  const book = makeCodebook();
  const data = new Float32Array(frames * DIMS);
  for (let f = 0; f < frames; f++) {
    const k = (f * 5) % book.size;
    data.set(book.entries.subarray(k * DIMS, (k + 1) * DIMS), f * DIMS);
  }
  return { value: latent(data, frames, DIMS, CLOCK.frameRate, "fake"), book };
}

for (const def of [LatentAddNode, LatentSubtractNode]) {
  runNodeContract({
    def,
    inputs: (n) => ({ a: randomLatent(n, 1), b: randomLatent(n, 2) }),
    neutral: {
      inputs: (n) => ({ a: randomLatent(n, 3), b: zeros(n) }),
      expected: (i) => ({ out: i.a! }),
    },
    latentPorts: ["a", "b"],
    sameModelPorts: ["a", "b"],
  });
}

runNodeContract({
  def: LatentScaleNode,
  inputs: (n) => ({ in: randomLatent(n, 1), factor: ramp(n, -2, 2) }),
  neutral: { inputs: (n) => ({ in: randomLatent(n, 4) }), expected: (i) => ({ out: i.in! }) },
  latentPorts: ["in"],
});

runNodeContract({
  def: MixNode,
  params: { w3: 0.5 },
  inputs: (n) => ({
    in1: randomLatent(n, 1),
    in2: randomLatent(n, 2),
    in3: fixedVector([1, 2, 3, 4]),
    w1: ramp(n, 0, 1),
    w2: scalar(-0.25),
  }),
  neutral: { inputs: (n) => ({ in1: randomLatent(n, 5) }), expected: (i) => ({ out: i.in1! }) },
  latentPorts: ["in1", "in2"],
  sameModelPorts: ["in1", "in2"],
});

runNodeContract({
  def: TimeAverageNode,
  inputs: (n) => ({ in: randomLatent(n, 1) }),
  neutral: {
    inputs: (n) => {
      const data = new Float32Array(n * DIMS);
      for (let f = 0; f < n; f++) data.set([0.5, -1, 2, 0.25], f * DIMS);
      return { in: latent(data, n, DIMS, CLOCK.frameRate, "fake") };
    },
    expected: () => ({ out: vector(Float32Array.from([0.5, -1, 2, 0.25]), "fake") }),
  },
  latentPorts: ["in"],
});

runNodeContract({
  def: InterpolateNode,
  inputs: (n) => ({ a: randomLatent(n, 1), b: randomLatent(n, 2), alpha: ramp(n, 0, 1) }),
  neutral: {
    params: { alpha: 0 },
    inputs: (n) => ({ a: randomLatent(n, 1), b: randomLatent(n, 2) }),
    expected: (i) => ({ out: i.a! }),
  },
  latentPorts: ["a", "b"],
  sameModelPorts: ["a", "b"],
});

runNodeContract({
  def: FiLMRRotateNode,
  params: { planeA: 2, planeB: 0 },
  inputs: (n) => ({
    in: randomLatent(n, 1),
    gamma: ramp(n, 0.5, 1.5),
    beta: scalar(0.1),
    angle: ramp(n, -120, 150),
  }),
  neutral: { inputs: (n) => ({ in: randomLatent(n, 6) }), expected: (i) => ({ out: i.in! }) },
  latentPorts: ["in"],
});

runNodeContract({
  def: PrincipalDirectionsNode,
  params: { k2: 0.5, k4: -1 },
  inputs: (n) => ({ in: randomLatent(n, 1), k1: ramp(n, -3, 3) }),
  neutral: { inputs: (n) => ({ in: randomLatent(n, 7) }), expected: (i) => ({ out: i.in! }) },
  latentPorts: ["in"],
});

runNodeContract({
  def: QuantizeToCodebookNode,
  inputs: (n) => ({ in: randomLatent(n, 1), mix: ramp(n, 0, 1) }),
  neutral: {
    inputs: (n) => ({ in: entryLatent(n).value }),
    expected: (i) => {
      const n = (i.in as { frames: number }).frames;
      const indices = Float32Array.from({ length: n }, (_, f) => (f * 5) % makeCodebook().size);
      return { out: i.in!, indices: curve(indices, CLOCK.frameRate) };
    },
  },
  latentPorts: ["in"],
});

runNodeContract({
  def: DescriptorTargetNode,
  params: { smoothness: 0.5 },
  inputs: (n) => ({ target: ramp(n, 300, 3000), in: randomLatent(n, 1) }),
  neutral: {
    // Targets exactly on entries' centroids, no smoothing: the entries themselves come back.
    params: { smoothness: 0 },
    inputs: (n) => {
      const { centroid } = makeCodebook().descriptors;
      const ks = Float32Array.from({ length: n }, (_, f) => (f * 5) % centroid.length);
      return {
        target: curve(
          ks.map((k) => centroid[k]!),
          CLOCK.frameRate,
        ),
      };
    },
    expected: () => {
      const { value } = entryLatent(100);
      const ks = Float32Array.from({ length: 100 }, (_, f) => (f * 5) % makeCodebook().size);
      return { out: value, indices: curve(ks, CLOCK.frameRate) };
    },
  },
  latentPorts: ["in"],
});

runNodeContract({
  def: CurveNode,
  inputs: () => ({}),
  params: {
    points: [
      [0, 1],
      [0.3, -1],
      [0.3, 2],
      [0.7, 0],
    ],
  },
  neutral: {
    params: { points: [[0, 0.25]] },
    inputs: () => ({}),
    expected: () => ({ out: curve(new Float32Array(100).fill(0.25), CLOCK.frameRate) }),
  },
  latentPorts: [],
});

const constant = (v: number) => () => ({
  out: curve(new Float32Array(100).fill(v), CLOCK.frameRate),
});

for (const shape of ["sine", "random"]) {
  runNodeContract({
    def: LFONode,
    inputs: (n) => ({ depth: ramp(n, 0, 2) }),
    params: { shape, sync: "beats", rate: 0.75, phase: 30 },
    neutral: { params: { depth: 0, offset: 0.25 }, inputs: () => ({}), expected: constant(0.25) },
    latentPorts: [],
  });
}

runNodeContract({
  def: StepsNode,
  inputs: () => ({}),
  params: { values: [1, -2, 0.5], stepBeats: 0.5, glide: 0.3 },
  neutral: { params: { values: [0.25] }, inputs: () => ({}), expected: constant(0.25) },
  latentPorts: [],
});
