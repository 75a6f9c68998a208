/**
 * The 30-node patch of the real-time benchmark: four recordings encoded and bent through every
 * streaming latent operation (scale, FiLMR rotation with a swept angle, principal-direction
 * knobs, interpolation, codebook quantization, algebra, a four-way mix), decoded by three
 * Decode → AudioOut chains. Every node but the sources streams block by block (no whole-mode
 * node), so each block runs 4 encoders and 3 decoders.
 */
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";

type Spec = [id: string, type: string, params?: Record<string, unknown>];

const NODES: Spec[] = [
  ["cello", "AudioIn", { source: "asset", asset: "cello" }],
  ["flute", "AudioIn", { source: "asset", asset: "flute" }],
  ["guitar", "AudioIn", { source: "asset", asset: "guitar" }],
  ["piano", "AudioIn", { source: "asset", asset: "piano" }],
  [
    "sweep",
    "Curve",
    {
      points: [
        [0, 0],
        [4, 90],
      ],
    },
  ],
  ["encCello", "Encode"],
  ["encFlute", "Encode"],
  ["encGuitar", "Encode"],
  ["encPiano", "Encode"],
  ["scaleCello", "LatentScale", { factor: 0.9 }],
  ["rotCello", "FiLMRRotate", { mode: "angle", planeA: 1, planeB: 2 }],
  ["rotFlute", "FiLMRRotate", { mode: "angle", angle: 40, gamma: 1.05 }],
  ["knobsFlute", "PrincipalDirections", { k1: 0.5, k2: -0.3 }],
  ["blend", "Interpolate", { alpha: 0.4 }],
  ["quantGuitar", "QuantizeToCodebook", { mix: 0.6 }],
  ["scaleGuitar", "LatentScale", { factor: 1.1 }],
  ["knobsGuitar", "PrincipalDirections", { k3: 0.4 }],
  ["diffPiano", "LatentSubtract"],
  ["addPiano", "LatentAdd"],
  ["mixAll", "Mix", { w1: 0.4, w2: 0.3, w3: 0.2, w4: 0.1 }],
  ["rotMix", "FiLMRRotate", { mode: "angle", angle: -25, planeA: 2, planeB: 3 }],
  ["quantMix", "QuantizeToCodebook", { mix: 0.3 }],
  ["knobsMix", "PrincipalDirections", { k1: 0.3 }],
  ["scaleMain", "LatentScale", { factor: 0.95 }],
  ["decMain", "Decode"],
  ["outMain", "AudioOut", { gain: -3 }],
  ["decBlend", "Decode"],
  ["outBlend", "AudioOut"],
  ["decGuitar", "Decode"],
  ["outGuitar", "AudioOut"],
];

const CONNECTIONS: [from: string, to: string][] = [
  ["cello.audio", "encCello.audio"],
  ["flute.audio", "encFlute.audio"],
  ["guitar.audio", "encGuitar.audio"],
  ["piano.audio", "encPiano.audio"],
  ["encCello.latent", "scaleCello.in"],
  ["scaleCello.out", "rotCello.in"],
  ["sweep.out", "rotCello.angle"],
  ["encFlute.latent", "rotFlute.in"],
  ["rotFlute.out", "knobsFlute.in"],
  ["rotCello.out", "blend.a"],
  ["knobsFlute.out", "blend.b"],
  ["encGuitar.latent", "quantGuitar.in"],
  ["quantGuitar.out", "scaleGuitar.in"],
  ["scaleGuitar.out", "knobsGuitar.in"],
  ["encPiano.latent", "diffPiano.a"],
  ["encGuitar.latent", "diffPiano.b"],
  ["diffPiano.out", "addPiano.a"],
  ["encCello.latent", "addPiano.b"],
  ["blend.out", "mixAll.in1"],
  ["scaleGuitar.out", "mixAll.in2"],
  ["addPiano.out", "mixAll.in3"],
  ["encFlute.latent", "mixAll.in4"],
  ["mixAll.out", "rotMix.in"],
  ["rotMix.out", "quantMix.in"],
  ["quantMix.out", "knobsMix.in"],
  ["knobsMix.out", "scaleMain.in"],
  ["scaleMain.out", "decMain.latent"],
  ["decMain.audio", "outMain.audio"],
  ["blend.out", "decBlend.latent"],
  ["decBlend.audio", "outBlend.audio"],
  ["knobsGuitar.out", "decGuitar.latent"],
  ["decGuitar.audio", "outGuitar.audio"],
];

/** The patch as a file would hold it, with `model` as its default model. */
export function thirtyNodePatchJson(model: string): Record<string, unknown> {
  return {
    format: "latent-patcher.patch",
    version: 1,
    name: "real-time benchmark (30 nodes)",
    model,
    nodes: NODES.map(([id, type, params], i) => ({
      id,
      type,
      params: params ?? {},
      position: [250 * Math.floor(i / 6), 120 * (i % 6)],
    })),
    connections: CONNECTIONS.map(([from, to]) => ({ from, to })),
    assets: Object.fromEntries(
      ["cello", "flute", "guitar", "piano"].map((name) => [name, { kind: "builtin", name }]),
    ),
  };
}

/** The 30-node patch, parsed and validated against the node registry. */
export function thirtyNodePatch(model: string): Patch {
  const patch = parsePatch(thirtyNodePatchJson(model), nodeRegistry);
  if (patch.nodes.length !== 30)
    throw new Error(`the benchmark patch has ${patch.nodes.length} nodes, expected 30`);
  return patch;
}
