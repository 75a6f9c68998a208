/**
 * The comparison of `npm run bench:learn`: for each effect, the kinds fitted on the fit sources'
 * dry/wet latents and scored on held-out sources, in latent distance (relative to doing nothing)
 * and in multi-resolution STFT distance of the decoded result to the true wet audio.
 */
import { decodeClip, encodeClip } from "../../src/engine/codec";
import { multiResolutionStftDistance } from "../../src/dsp/metrics";
import { fitOperation, frameError, type FitOptions } from "../../src/engine/learn/fit";
import { applyOperation, operationApplier } from "../../src/engine/learn/operation";
import { alignPairs } from "../../src/engine/learn/pairs";
import type { LoadedModel } from "../../src/engine/models/types";
import { latent } from "../../src/engine/values";
import { applyEffect, type EffectSpec, type Source } from "./material";

/**
 * The kinds compared, identity (doing nothing) first; "filmr" and "affine" as the CLI fits them,
 * "filmr-v" and "affine-v" with the shrink towards mean shift chosen by leave-one-source-out
 * validation on the fit sources (`validate: true`). The verdict takes the better of the latter.
 */
export const COMPARED = ["identity", "mean", "filmr", "affine", "filmr-v", "affine-v"] as const;
export type Compared = (typeof COMPARED)[number];
const FITTED = {
  mean: "mean",
  filmr: "filmr",
  affine: "affine",
  "filmr-v": "filmr",
  "affine-v": "affine",
} as const;

/** One kind on one effect: means over the held-out sources. */
export interface KindScore {
  readonly kind: Compared;
  /** Mean squared latent distance per frame to the wet latents, over identity's (1 = nothing). */
  readonly latentRelative: number;
  /** MR-STFT distance of the decoded result to the true wet audio. */
  readonly mrstft: number;
  /** Held-out sources on which it is closer (MR-STFT) than mean shift. */
  readonly beatsMeanOn: number;
  readonly fitSeconds: number;
}

export interface EffectResult {
  readonly effect: string;
  readonly node: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly kinds: readonly KindScore[];
  /** The shrink towards mean shift that validation chose for filmr-v and affine-v. */
  readonly shrinks: Readonly<Record<string, number>>;
  /** MR-STFT of decode(encode(wet)) to the wet audio: the best any latent operation can do. */
  readonly floor: number;
  /** The validated learned kind closest to the wet audio, and the verdict. */
  readonly best: Compared;
  readonly beatsMean: boolean;
  readonly beatsIdentity: boolean;
  /** Per held-out source: MR-STFT per kind and the floor. */
  readonly perSource: readonly { source: string; floor: number; mrstft: Record<string, number> }[];
}

interface Encoded {
  readonly source: Source;
  readonly z: Float32Array;
  readonly frames: number;
  decoded?: Float32Array;
}

/** Encodes and memoises each source's dry latents (and their decoding) across effects. */
export class DryCache {
  private readonly map = new Map<string, Encoded>();
  constructor(private readonly model: LoadedModel) {}

  async get(source: Source): Promise<Encoded> {
    let e = this.map.get(source.name);
    if (!e) {
      const { data, frames } = await encodeClip(this.model, source.samples);
      e = { source, z: data, frames };
      this.map.set(source.name, e);
    }
    return e;
  }

  async decoded(source: Source): Promise<Float32Array> {
    const e = await this.get(source);
    e.decoded ??= await decodeClip(this.model, e.z, e.frames);
    return e.decoded;
  }
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Fits and scores every kind on one effect. */
export async function compareOnEffect(
  model: LoadedModel,
  spec: EffectSpec,
  fit: readonly Source[],
  heldOut: readonly Source[],
  dry: DryCache,
  options: FitOptions = {},
): Promise<EffectResult> {
  const wetOf = async (s: Source) => {
    const wet = await applyEffect(spec, s.samples, model.sampleRate, model.hopSamples);
    const enc = await encodeClip(model, wet);
    return { wet, z: enc.data, frames: enc.frames };
  };
  const lat = (data: Float32Array, frames: number) =>
    latent(data, frames, model.latentDims, model.frameRate, model.id);
  const pairs = [];
  for (const s of fit) {
    const d = await dry.get(s);
    const w = await wetOf(s);
    pairs.push({ name: s.name, dry: lat(d.z, d.frames), wet: lat(w.z, w.frames) });
  }
  const ops = new Map<
    Compared,
    { apply: (z: Float32Array, f: number) => Float32Array; s: number }
  >();
  ops.set("identity", { apply: (z) => z, s: 0 });
  const shrinks: Record<string, number> = {};
  for (const [label, kind] of Object.entries(FITTED)) {
    const validate = label.endsWith("-v");
    const op = fitOperation(kind, alignPairs(pairs, kind), { ...options, validate });
    const applier = operationApplier(op);
    if (validate) shrinks[label] = op.fittedOn.shrink ?? 0;
    ops.set(label as Compared, {
      apply: (z, f) => applyOperation(applier, z, f),
      s: op.fittedOn.seconds,
    });
  }
  const latentRel = new Map<Compared, number[]>(COMPARED.map((k) => [k, []]));
  const perSource: EffectResult["perSource"][number][] = [];
  for (const s of heldOut) {
    const d = await dry.get(s);
    const w = await wetOf(s);
    const base = frameError(d.z, w.z, d.frames);
    const mrstft: Record<string, number> = {};
    for (const kind of COMPARED) {
      const z = ops.get(kind)!.apply(d.z, d.frames);
      latentRel.get(kind)!.push(frameError(z, w.z, d.frames) / base);
      const y = kind === "identity" ? await dry.decoded(s) : await decodeClip(model, z, d.frames);
      mrstft[kind] = multiResolutionStftDistance(w.wet, y);
    }
    const floor = multiResolutionStftDistance(w.wet, await decodeClip(model, w.z, w.frames));
    perSource.push({ source: s.name, floor, mrstft });
  }
  const kinds: KindScore[] = COMPARED.map((kind) => ({
    kind,
    latentRelative: mean(latentRel.get(kind)!),
    mrstft: mean(perSource.map((p) => p.mrstft[kind]!)),
    beatsMeanOn: perSource.filter((p) => p.mrstft[kind]! < p.mrstft.mean!).length,
    fitSeconds: ops.get(kind)!.s,
  }));
  const score = (k: Compared) => kinds.find((x) => x.kind === k)!.mrstft;
  const best = score("filmr-v") <= score("affine-v") ? "filmr-v" : "affine-v";
  return {
    effect: spec.name,
    node: spec.node,
    params: spec.params,
    kinds,
    shrinks,
    floor: mean(perSource.map((p) => p.floor)),
    best,
    beatsMean: score(best) < score("mean"),
    beatsIdentity: score(best) < score("identity"),
    perSource,
  };
}
