/**
 * The ring part of `npm run bench:learn` (issue 18, part 4): twelve piano notes around the circle
 * of fifths, their time-averaged latents, the ring fitted (src/engine/learn/ring.ts), how well it
 * locks on the fitted notes and on held-out ones, a picture, and what the operation does to the
 * sound. Writes bench/results/ring.{json,md,svg}; returns the operation for the demo patch.
 */
import { writeFile } from "node:fs/promises";
import { decodeClip, encodeClip } from "../../src/engine/codec";
import { multiResolutionStftDistance } from "../../src/dsp/metrics";
import {
  applyOperation,
  fittedRotation,
  operationApplier,
  OPERATION_FORMAT,
  type LatentOperation,
} from "../../src/engine/learn/operation";
import { fitRing, RING_DIMS, type RingFit } from "../../src/engine/learn/ring";
import { applyRotation } from "../../src/engine/latentMath/householder";
import type { LoadedModel } from "../../src/engine/models/types";
import { ROOT, type Source } from "./material";
import { pca2, pitchHz } from "./ringMath";
import { ringSvg } from "./ringPlot";

const NAMES = ["C", "G", "D", "A", "E", "B", "F♯", "C♯", "G♯", "D♯", "A♯", "F"];
const N = 12;

/** A 12 s render's notes: each note's frames (its first 0.9 s) and their time average. */
async function notes(model: LoadedModel, s: Source) {
  const { data, frames } = await encodeClip(model, s.samples);
  const d = model.latentDims;
  const perNote = [];
  const avg = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    const a = Math.round(i * model.frameRate);
    const b = Math.min(frames, Math.round((i + 0.9) * model.frameRate));
    perNote.push({ z: data.slice(a * d, b * d), frames: b - a, from: a * model.hopSamples });
    for (let f = a; f < b; f++)
      for (let k = 0; k < d; k++) avg[i * d + k]! += data[f * d + k]! / (b - a);
  }
  return { perNote, avg, data, frames };
}

function project(fit: RingFit, avg: Float64Array): [number, number][] {
  const d = fit.dims;
  return Array.from({ length: N }, (_, i) => {
    const y: [number, number] = [0, 0];
    for (let j = 0; j < RING_DIMS; j++)
      for (let k = 0; k < d; k++)
        y[j] =
          y[j]! + fit.projection[j * d + k]! * ((avg[i * d + k]! - fit.center[k]!) / fit.scale[k]!);
    return y;
  });
}

function stepT(fit: RingFit, y: readonly [number, number]): [number, number] {
  const out = new Float64Array(2);
  applyRotation(
    fittedRotation(fit.u, fit.v),
    [0, 1].map((j) => fit.gamma[j]! * y[j]! + fit.beta[j]!),
    out,
  );
  return [out[0]!, out[1]!];
}

/** Mean ‖T(yᵢ) − yᵢ₊₁‖, mean spacing ‖yᵢ₊₁ − yᵢ‖, and in how many notes T(yᵢ) is nearest yᵢ₊₁. */
function lockOf(fit: RingFit, y: [number, number][]) {
  let err = 0;
  let spacing = 0;
  let nearest = 0;
  for (let i = 0; i < N; i++) {
    const t = stepT(fit, y[i]!);
    const next = y[(i + 1) % N]!;
    err += Math.hypot(t[0] - next[0], t[1] - next[1]) / N;
    spacing += Math.hypot(y[i]![0] - next[0], y[i]![1] - next[1]) / N;
    const dist = y.map((p) => Math.hypot(t[0] - p[0], t[1] - p[1]));
    if (dist.indexOf(Math.min(...dist)) === (i + 1) % N) nearest++;
  }
  return { meanError: err, meanSpacing: spacing, ratio: err / spacing, nearestIsNext: nearest };
}

const semis = (f: number, ref: number) => 12 * Math.log2(f / ref);
const PCA_COLORS = { piano4: "#1f77b4", piano3: "#ff7f0e", epiano4: "#2ca02c" };

/** Fits and reports the ring; `sets` are the 12-note renders (the first is fitted). */
export async function ringReport(
  model: LoadedModel,
  sets: readonly Source[],
): Promise<LatentOperation> {
  const d = model.latentDims;
  const encoded = [];
  for (const s of sets) encoded.push({ name: s.name, source: s, ...(await notes(model, s)) });
  const fitted = encoded[0]!;
  const allFrames = new Float64Array(fitted.perNote.flatMap((p) => [...p.z]));
  const t0 = performance.now();
  const fit = fitRing(fitted.avg, N, d, {}, allFrames);
  const seconds = (performance.now() - t0) / 1000;
  const locks = encoded.map((e) => ({ set: e.name, ...lockOf(fit, project(fit, e.avg)) }));
  const op: LatentOperation = {
    format: OPERATION_FORMAT,
    version: 1,
    model: model.id,
    dims: d,
    frameRate: model.frameRate,
    center: fit.center,
    scale: fit.scale,
    params: {
      kind: "ring",
      projection: fit.projection,
      gamma: fit.gamma,
      beta: fit.beta,
      u: fit.u,
      v: fit.v,
    },
    fittedOn: {
      pairs: [
        { name: `${fitted.name}: 12 notes around the circle of fifths`, frames: N, dropped: 0 },
      ],
      frames: N,
      identityError: fit.startLoss,
      fitError: fit.loss,
      seconds,
      steps: fit.steps,
    },
  };
  // What T does to the sound: each fitted note, operated on and decoded, against itself and the next note.
  const applier = operationApplier(op);
  const sound = [];
  for (let i = 0; i < N; i++) {
    const note = fitted.perNote[i]!;
    const next = fitted.perNote[(i + 1) % N]!;
    const hop = model.hopSamples;
    const truth = (p: typeof note) =>
      fitted.source.samples.subarray(p.from, p.from + p.frames * hop);
    const plain = await decodeClip(model, note.z, note.frames);
    const z2 = applyOperation(applier, note.z, note.frames);
    const moved = await decodeClip(model, z2, note.frames);
    let change = 0;
    for (let f = 0; f < note.frames; f++) {
      let sq = 0;
      for (let k = 0; k < d; k++) sq += (z2[f * d + k]! - note.z[f * d + k]!) ** 2;
      change += Math.sqrt(sq) / note.frames;
    }
    let gap = 0;
    const j = (i + 1) % N;
    for (let k = 0; k < d; k++) gap += (fitted.avg[j * d + k]! - fitted.avg[i * d + k]!) ** 2;
    const f = [plain, moved, truth(next)].map((x) => pitchHz(x, model.sampleRate));
    sound.push({
      note: NAMES[i]!,
      next: NAMES[(i + 1) % N]!,
      pitchHz: { decoded: f[0]!, operated: f[1]!, nextNote: f[2]! },
      semitonesMoved: semis(f[1]!, f[0]!),
      latentChangeOverGap: change / Math.sqrt(gap),
      mrstftToNext: {
        decoded: multiResolutionStftDistance(truth(next), plain),
        operated: multiResolutionStftDistance(truth(next), moved),
      },
    });
  }
  const pca = pca2(
    encoded.flatMap((e) => Array.from({ length: N }, (_, i) => e.avg.subarray(i * d, i * d + d))),
    d,
  );
  const color = (name: string) =>
    PCA_COLORS[name.replace("ring-", "") as keyof typeof PCA_COLORS] ?? "#888";
  const svg = ringSvg(
    {
      title: "time-averaged latents, first two principal components",
      series: encoded.map((e) => ({
        label: e.name,
        color: color(e.name),
        ring: true,
        points: Array.from({ length: N }, (_, i) => pca(e.avg.subarray(i * d, i * d + d))),
        ...(e === fitted ? { names: NAMES } : {}),
      })),
    },
    {
      title: "projected by P; dashed: where T takes each note",
      series: encoded.map((e) => {
        const y = project(fit, e.avg);
        return {
          label: e.name,
          color: color(e.name),
          ring: true,
          points: y,
          ...(e === fitted ? { names: NAMES, arrowsTo: y.map((p) => stepT(fit, p)) } : {}),
        };
      }),
    },
  );
  await writeFile(`${ROOT}bench/results/ring.svg`, svg);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = {
    movedSemitonesMean: mean(sound.map((s) => s.semitonesMoved)),
    latentChangeOverGap: mean(sound.map((s) => s.latentChangeOverGap)),
    mrstftToNext: {
      decoded: mean(sound.map((s) => s.mrstftToNext.decoded)),
      operated: mean(sound.map((s) => s.mrstftToNext.operated)),
    },
  };
  await writeFile(
    `${ROOT}bench/results/ring.json`,
    JSON.stringify(
      {
        model: model.id,
        date: new Date().toISOString(),
        seconds,
        locks,
        summary,
        sound,
        operation: op,
      },
      null,
      2,
    ) + "\n",
  );
  const f3 = (x: number) => x.toFixed(3);
  await writeFile(
    `${ROOT}bench/results/ring.md`,
    [
      "# The ring: twelve notes around the circle of fifths (issue 18, part 4)",
      "",
      `Model ${model.id}; \`npm run bench:learn\`, ${new Date().toISOString()}. Twelve 1 s acoustic-grand notes from C4 in circle-of-fifths order ` +
        "(C G D A E B F♯ C♯ G♯ D♯ A♯ F, pitch classes folded into one octave; FluidR3 via bench/learn/render.py), each note's latents averaged over its first 0.9 s. " +
        `\`fitRing\` (src/engine/learn/ring.ts) fits a projection P (${RING_DIMS} × ${d}) and one FiLMR map T jointly: ring loss plus VICReg variance/covariance terms, ${fit.steps} Adam steps in ${seconds.toFixed(2)} s ` +
        `(loss ${f3(fit.startLoss)} at the start, ${f3(fit.loss)} at the end).`,
      "",
      "## How well it locks",
      "",
      "Mean ‖T(P zᵢ) − P zᵢ₊₁‖ (wrapping round) against the mean spacing ‖P zᵢ₊₁ − P zᵢ‖, and in how many of the 12 notes T(P zᵢ) lands nearest P zᵢ₊₁. " +
        "ring-piano4 is fitted; ring-piano3 (the same notes an octave lower) and ring-epiano4 (electric piano, same octave) are held out.",
      "",
      "| notes | mean error | mean spacing | error / spacing | nearest is next |",
      "|---|---|---|---|---|",
      ...locks.map(
        (l) =>
          `| ${l.set}${l === locks[0] ? " (fitted)" : ""} | ${f3(l.meanError)} | ${f3(l.meanSpacing)} | ${f3(l.ratio)} | ${l.nearestIsNext} of 12 |`,
      ),
      "",
      "![the ring](ring.svg)",
      "",
      "## What applying T does to the sound",
      "",
      "Each fitted note's frames through the operation z ↦ z + P⁺(T(P s) − P s) (kind `ring`, amount 1), decoded. Pitch by autocorrelation on the middle of each decoded note; " +
        "MR-STFT distance to the true next note's audio, for the note decoded as it is and after T.",
      "",
      `Mean pitch moved: ${summary.movedSemitonesMean.toFixed(2)} semitones (a step around the circle of fifths is +7 or −5). Mean change of a frame's latent, ‖op(z) − z‖, ${f3(summary.latentChangeOverGap)} × the distance between the two notes' averaged latents. MR-STFT to the next note: ${f3(summary.mrstftToNext.decoded)} untouched, ${f3(summary.mrstftToNext.operated)} after T.`,
      "",
      "| note → next | pitch decoded (Hz) | after T (Hz) | next note (Hz) | moved (semitones) | MR-STFT to next, untouched | after T |",
      "|---|---|---|---|---|---|---|",
      ...sound.map(
        (s) =>
          `| ${s.note} → ${s.next} | ${s.pitchHz.decoded.toFixed(1)} | ${s.pitchHz.operated.toFixed(1)} | ${s.pitchHz.nextNote.toFixed(1)} | ${s.semitonesMoved.toFixed(2)} | ${f3(s.mrstftToNext.decoded)} | ${f3(s.mrstftToNext.operated)} |`,
      ),
      "",
    ].join("\n"),
  );
  console.log(
    `ring: ${locks.map((l) => `${l.set} ${f3(l.ratio)} (${l.nearestIsNext}/12)`).join(", ")}; moved ${summary.movedSemitonesMean.toFixed(2)} semitones`,
  );
  return op;
}
