/**
 * The patch the UI benchmark opens: `chains` copies of a ten-node effect chain, one chain per row
 * — a test sine encoded, scaled (its factor driven by a curve), rotated twice, scaled again,
 * decoded and played. Valid for parsePatch, so it loads exactly like a file a user opens.
 */
import { PATCH_FORMAT, type Patch, type PatchNode } from "../src/engine/patch/schema";

/** The input and output port each node type of the chain is wired through. */
const PORTS = {
  AudioIn: ["", "audio"],
  Encode: ["audio", "latent"],
  LatentScale: ["in", "out"],
  FiLMRRotate: ["in", "out"],
  Decode: ["latent", "audio"],
  AudioOut: ["audio", "out"],
} as const;

/** Node types of one chain, wired left to right (the curve drives the first scale's factor). */
const CHAIN: readonly (keyof typeof PORTS)[] = [
  "AudioIn",
  "Encode",
  "LatentScale",
  "FiLMRRotate",
  "LatentScale",
  "FiLMRRotate",
  "LatentScale",
  "Decode",
  "AudioOut",
];

export const NODES_PER_CHAIN = CHAIN.length + 1;

/** Column and row pitch of the grid, in patch units (a node card is about 200 × 150). */
const PITCH: readonly [number, number] = [260, 220];

export function benchPatch(chains: number): Patch {
  const nodes: PatchNode[] = [];
  const connections: { from: string; to: string }[] = [];
  for (let row = 0; row < chains; row++) {
    const y = 40 + row * PITCH[1];
    const id = (col: number) => `c${row}n${col}`;
    CHAIN.forEach((type, col) => {
      const params: PatchNode["params"] = type === "AudioIn" ? { frequency: 110 + 20 * row } : {};
      nodes.push({ id: id(col), type, params, position: [40 + (col + 1) * PITCH[0], y] });
      const before = CHAIN[col - 1];
      if (before === undefined) return;
      connections.push({
        from: `${id(col - 1)}.${PORTS[before][1]}`,
        to: `${id(col)}.${PORTS[type][0]}`,
      });
    });
    const curve = `c${row}curve`;
    nodes.push({
      id: curve,
      type: "Curve",
      params: {
        points: [
          [0, 0.5],
          [2, 1.5],
        ],
      },
      position: [40, y + 120],
    });
    connections.push({ from: `${curve}.out`, to: `${id(2)}.factor` });
  }
  return {
    format: PATCH_FORMAT,
    version: 1,
    name: `${chains * NODES_PER_CHAIN} nodes`,
    nodes,
    connections,
  };
}
