/**
 * Curve: a breakpoint envelope on the patch clock, linear between points and held before the
 * first and after the last. The value at frame f is taken at time f / frameRate. Two points at
 * the same time make a step (the later one holds from that time on).
 */
import { defineNode, type Params } from "../engine/nodeDefinition";
import { curve } from "../engine/values";

export interface CurveParams extends Params {
  readonly points: readonly (readonly [number, number])[];
}

type Points = CurveParams["points"];

/** The envelope's value at `seconds`. */
export function breakpointValue(points: Points, seconds: number): number {
  const first = points[0];
  if (!first) return 0;
  if (seconds < first[0]) return first[1];
  for (let i = points.length - 1; i >= 0; i--) {
    const [t0, v0] = points[i]!;
    if (seconds < t0) continue;
    const next = points[i + 1];
    if (!next) return v0;
    const [t1, v1] = next;
    return t1 > t0 ? v0 + ((v1 - v0) * (seconds - t0)) / (t1 - t0) : v1;
  }
  return first[1];
}

function validate(p: CurveParams): string | undefined {
  if (p.points.length === 0) return "points needs at least one [seconds, value] pair";
  for (let i = 0; i < p.points.length; i++) {
    const [t, v] = p.points[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(v)) return `points[${i}] is not two finite numbers`;
    if (i > 0 && t < p.points[i - 1]![0]) return `points[${i}] goes back in time (${t} s)`;
  }
  return undefined;
}

export const CurveNode = defineNode<CurveParams>({
  type: "Curve",
  category: "source",
  description: "A breakpoint envelope: [seconds, value] points, linear in between.",
  inputs: [],
  outputs: [{ name: "out", type: "curve", description: "One value per latent frame." }],
  params: [
    {
      name: "points",
      kind: "breakpoints",
      default: [
        [0, 0],
        [4, 1],
      ],
      description: "Breakpoints [seconds, value], times non-decreasing; held after the last.",
    },
  ],
  validate,
  create(params) {
    const problem = validate(params);
    if (problem) throw new Error(`Curve: ${problem}`);
    const points = params.points;
    return {
      process(_inputs, block) {
        const { frameRate } = block.clock;
        const values = new Float32Array(block.frames);
        for (let i = 0; i < block.frames; i++) {
          values[i] = breakpointValue(points, (block.startFrame + i) / frameRate);
        }
        return { out: curve(values, frameRate) };
      },
    };
  },
});
