/**
 * LFO: a low-frequency oscillator on the patch clock, one value per latent frame, to drive any
 * modulatable parameter. Its phase is a function of the frame alone — of time in `hz` mode, of
 * the transport's beat in `beats` mode — so blocks of any size, offline and live, give the same
 * curve, and a tempo change while playing bends the phase without a jump (the beat is
 * integrated, see `engine/transportClock.ts`).
 *
 * In `beats` mode `rate` is the length of one cycle in beats (1: a cycle per beat, 4: per bar of
 * 4/4, 0.5: two per beat), as a performer sets a synced LFO to "1 bar" or "1/8".
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";

export interface LFOParams extends Params {
  readonly shape: string;
  readonly sync: string;
  readonly rate: number;
  readonly depth: number;
  readonly offset: number;
  readonly phase: number;
  readonly seed: number;
}

export const LFO_SHAPES = ["sine", "triangle", "saw", "square", "random"] as const;

/** A deterministic value in [-1, 1) for cycle `cycle` under `seed` (a 32-bit integer hash). */
export function randomHold(seed: number, cycle: number): number {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(cycle | 0, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 31 - 1;
}

/**
 * The shape's value in [-1, 1] at `cycles` (cycles since the start, phase included): sine from 0
 * going up; triangle in phase with the sine (0, up to 1 at a quarter, −1 at three quarters); saw
 * rising from −1 to 1 over each cycle; square 1 for the first half, −1 for the second; random a
 * seeded value held for each cycle.
 */
export function lfoShape(shape: string, cycles: number, seed: number): number {
  const p = cycles - Math.floor(cycles);
  switch (shape) {
    case "sine":
      return Math.sin(2 * Math.PI * p);
    case "triangle": {
      const q = p + 0.75 - Math.floor(p + 0.75);
      return 4 * Math.abs(q - 0.5) - 1;
    }
    case "saw":
      return 2 * p - 1;
    case "square":
      return p < 0.5 ? 1 : -1;
    case "random":
      return randomHold(seed, Math.floor(cycles));
    default:
      throw new Error(`LFO: unknown shape "${shape}"; shapes: ${LFO_SHAPES.join(", ")}`);
  }
}

export const LFONode = defineNode<LFOParams>({
  type: "LFO",
  category: "source",
  description: "A low-frequency oscillator, in Hz or locked to the tempo, as a curve for any knob.",
  inputs: [],
  outputs: [
    { name: "out", type: "curve", description: "offset + depth × shape, one value per frame." },
  ],
  followsTempo: true,
  params: [
    {
      name: "shape",
      kind: "enum",
      default: "sine",
      options: LFO_SHAPES,
      description:
        "sine; triangle; saw (rises over each cycle); square; random (a seeded value held for each cycle).",
    },
    {
      name: "sync",
      kind: "enum",
      default: "beats",
      options: ["hz", "beats"],
      description: "hz: rate is cycles per second; beats: rate is a cycle's length in beats.",
    },
    {
      name: "rate",
      kind: "number",
      default: 1,
      min: 0.01,
      max: 64,
      step: 0.01,
      unit: "Hz | beats",
      description: "Cycles per second (hz), or beats per cycle (beats: 1 = each beat, 4 = a bar).",
    },
    {
      name: "depth",
      kind: "number",
      default: 1,
      min: -1000,
      max: 1000,
      step: 0.01,
      modulatable: true,
      description: "How far the curve swings either side of the offset.",
    },
    {
      name: "offset",
      kind: "number",
      default: 0,
      min: -1000,
      max: 1000,
      step: 0.01,
      modulatable: true,
      description: "The value the curve swings around.",
    },
    {
      name: "phase",
      kind: "number",
      default: 0,
      min: 0,
      max: 360,
      step: 1,
      unit: "°",
      description: "Where in its cycle the LFO starts (90° starts a sine at its top).",
    },
    {
      name: "seed",
      kind: "number",
      default: 1,
      min: 0,
      max: 2 ** 31 - 1,
      integer: true,
      description: "Random shape: the seed of its values (same seed, same sequence).",
    },
  ],
  create(params) {
    const { shape, sync, rate, seed } = params;
    lfoShape(shape, 0, seed); // refuses an unknown shape when the node is made
    const start = params.phase / 360;
    return {
      process(_inputs, block) {
        const { frameRate } = block.clock;
        const values = new Float32Array(block.frames);
        for (let i = 0; i < block.frames; i++) {
          const cycles =
            sync === "beats" ? block.beat(i) / rate : ((block.startFrame + i) * rate) / frameRate;
          const depth = block.param("depth", i);
          values[i] = block.param("offset", i) + depth * lfoShape(shape, cycles + start, seed);
        }
        return { out: curve(values, frameRate) };
      },
    };
  },
});
