/**
 * FiLMR keeps the level (issue 20): the cello through Encode → FiLMRRotate → Decode, the angle
 * held at 0–180°, in the filmr-sweep demo's plane (the second and third principal directions) and
 * in the first two (the first is mostly loudness). `level: "keep"` (the default) against "free",
 * the formula alone; levels are decoded RMS relative to the input recording's.
 *
 * On `neural-spectral`, the pack the correction was built on, keep holds both planes. On the
 * default since 2026-12-07, `neural-spectral-2`, it holds the demo's plane, but turning the first
 * direction away loses up to 20 dB with keep as without it: the linear loudness fit to the
 * codebook does not follow that decoder so far from its codebook (a known gap, printed here).
 */
import { describe, expect, it } from "vitest";
import { makePatch, rms, testEngine } from "../helpers/engine";

const ANGLES = [0, 30, 45, 60, 90, 120, 150, 180];
const db = (x: number) => 20 * Math.log10(x);
const cello = { assets: { cello: { kind: "builtin", name: "cello" } } };

async function renderDb(
  nodes: Parameters<typeof makePatch>[0],
  cables: Parameters<typeof makePatch>[1],
  model: string,
) {
  const engine = testEngine();
  await engine.load(makePatch(nodes, cables, { ...cello, model }));
  const x = [...(await engine.render()).outputs.values()][0]!.channels[0]!;
  engine.dispose();
  return db(rms(x));
}

/** Decoded level relative to the input, in dB, at each angle. */
async function sweep(
  model: string,
  level: string,
  planes: [number, number],
  input: number,
): Promise<number[]> {
  const out: number[] = [];
  for (const angle of ANGLES) {
    const rot = { angle, level, planeA: planes[0], planeB: planes[1] };
    const level_ = await renderDb(
      [
        ["src", "AudioIn", { source: "asset", asset: "cello" }],
        ["enc", "Encode"],
        ["rot", "FiLMRRotate", rot],
        ["dec", "Decode"],
        ["out", "AudioOut"],
      ],
      [
        ["src.audio", "enc.audio"],
        ["enc.latent", "rot.in"],
        ["rot.out", "dec.latent"],
        ["dec.audio", "out.audio"],
      ],
      model,
    );
    out.push(level_ - input);
  }
  return out;
}

const worst = (xs: number[]) => Math.max(...xs.map(Math.abs));

async function inputDb(model: string): Promise<number> {
  return renderDb(
    [
      ["src", "AudioIn", { source: "asset", asset: "cello" }],
      ["out", "AudioOut"],
    ],
    [["src.audio", "out.audio"]],
    model,
  );
}

const f = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");

describe("FiLMRRotate level", () => {
  it("holds the decoded level near the input's across 0–180°, by default (neural-spectral)", async () => {
    const model = "neural-spectral";
    const input = await inputDb(model);
    const demoPlane = await sweep(model, "keep", [1, 2], input);
    const loudPlaneKeep = await sweep(model, "keep", [0, 1], input);
    const loudPlaneFree = await sweep(model, "free", [0, 1], input);
    console.log(
      `${model}, dB against the input at ${ANGLES.join(", ")}°:\n` +
        `  plane 1–2, keep: ${f(demoPlane)}\n  plane 0–1, keep: ${f(loudPlaneKeep)}\n` +
        `  plane 0–1, free: ${f(loudPlaneFree)}`,
    );
    // The demo's plane: within ±3 dB at every angle.
    expect(worst(demoPlane)).toBeLessThanOrEqual(3);
    // Turning the loudness direction itself away: free falls 20–30 dB toward 180°; keep holds
    // it within ±5 dB (a linear loudness fit to 256 codebook entries: not yet ±3 dB there).
    expect(worst(loudPlaneFree)).toBeGreaterThan(20);
    expect(worst(loudPlaneKeep)).toBeLessThanOrEqual(5);
  }, 180_000);

  it("holds it in the demo's plane on the default pack (neural-spectral-2)", async () => {
    const model = "neural-spectral-2";
    const input = await inputDb(model);
    const demoPlane = await sweep(model, "keep", [1, 2], input);
    const loudPlaneKeep = await sweep(model, "keep", [0, 1], input);
    console.log(
      `${model}, dB against the input at ${ANGLES.join(", ")}°:\n` +
        `  plane 1–2, keep: ${f(demoPlane)}\n  plane 0–1, keep: ${f(loudPlaneKeep)} (not held: see above)`,
    );
    expect(worst(demoPlane)).toBeLessThanOrEqual(3);
  }, 180_000);
});
