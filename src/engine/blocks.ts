/**
 * Cutting values into blocks and gluing them back, the BlockContext the engine hands to nodes,
 * and `runBlocks`: the reference runner that streams a node over blocks of given sizes. The
 * engine uses the same functions, so a node that passes its tests under `runBlocks` streams the
 * same way in a patch (DESIGN.md "Streaming").
 */
import type {
  BlockContext,
  Clock,
  Inputs,
  NodeDefinition,
  NodeEnv,
  Outputs,
  Params,
} from "./nodeDefinition";
import type { Value } from "./values";
import { DEFAULT_BPM } from "./patch/schema";
import { constantTempo, type TempoMap } from "./transportClock";

/**
 * The part of `v` covering frames [startFrame, startFrame + frames): latents and curves by
 * frame, audio by `hopSamples` samples per frame, zero-padded outside the value. Vectors and
 * scalars are whole values and pass through.
 */
export function sliceValue(
  v: Value,
  startFrame: number,
  frames: number,
  hopSamples: number,
): Value {
  switch (v.type) {
    case "vector":
    case "scalar":
      return v;
    case "latent":
      return { ...v, frames, data: sliceRows(v.data, v.dims, startFrame, frames) };
    case "curve":
      return { ...v, values: sliceRows(v.values, 1, startFrame, frames) };
    case "audio":
      return {
        ...v,
        channels: v.channels.map((c) => sliceRows(c, hopSamples, startFrame, frames)),
      };
  }
}

/**
 * Rows [start, start + count) of a row-major array of `width`-wide rows, zero-padded; a partial
 * last row (audio not a whole number of hops long) is kept.
 */
function sliceRows(data: Float32Array, width: number, start: number, count: number): Float32Array {
  const out = new Float32Array(count * width);
  const from = Math.max(0, Math.min(start * width, data.length));
  const to = Math.max(from, Math.min((start + count) * width, data.length));
  if (to > from) out.set(data.subarray(from, to), from - start * width);
  return out;
}

/**
 * Joins consecutive blocks of one output. Latents, curves and audio are concatenated; vectors
 * and scalars are whole values, so the first block's is kept. Throws on an empty list, mixed
 * types, or blocks that disagree in model, dims, rate or channels.
 */
export function concatValues(parts: readonly Value[]): Value {
  const first = parts[0];
  if (!first) throw new Error("concatValues: no blocks to join");
  for (const p of parts) {
    if (p.type !== first.type) {
      throw new Error(`concatValues: cannot join a ${first.type} block with a ${p.type} block`);
    }
  }
  switch (first.type) {
    case "scalar":
      return first;
    case "vector": {
      for (const p of parts as (Value & { type: "vector" })[]) {
        if (p.modelId !== first.modelId || p.data.length !== first.data.length) {
          throw new Error(`concatValues: vector blocks from '${first.modelId}' and '${p.modelId}'`);
        }
      }
      return first;
    }
    case "latent": {
      const ps = parts as (typeof first)[];
      for (const p of ps) {
        if (p.modelId !== first.modelId) {
          throw new Error(
            `concatValues: latent blocks from models '${first.modelId}' and '${p.modelId}'`,
          );
        }
        if (p.dims !== first.dims || p.frameRate !== first.frameRate) {
          throw new Error("concatValues: latent blocks disagree in dims or frame rate");
        }
      }
      const frames = ps.reduce((n, p) => n + p.frames, 0);
      return { ...first, frames, data: concatArrays(ps.map((p) => p.data)) };
    }
    case "curve": {
      const ps = parts as (typeof first)[];
      if (ps.some((p) => p.rate !== first.rate)) {
        throw new Error("concatValues: curve blocks disagree in rate");
      }
      return { ...first, values: concatArrays(ps.map((p) => p.values)) };
    }
    case "audio": {
      const ps = parts as (typeof first)[];
      const n = first.channels.length;
      if (ps.some((p) => p.sampleRate !== first.sampleRate || p.channels.length !== n)) {
        throw new Error("concatValues: audio blocks disagree in sample rate or channels");
      }
      const channels = first.channels.map((_, c) => concatArrays(ps.map((p) => p.channels[c]!)));
      return { ...first, channels };
    }
  }
}

function concatArrays(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** The `[min, max]` of each modulatable number parameter of a definition, worked out once. */
const rangeCache = new WeakMap<NodeDefinition, ReadonlyMap<string, readonly [number, number]>>();

/**
 * The range a cable's value is clamped to on each modulatable parameter of `def`: the same
 * `[min, max]` a typed value must be in, so a curve driving Interpolate's α to 1.5 gives α = 1,
 * as `"alpha": 1` would (`"alpha": 1.5` is refused when the patch loads).
 */
export function modulationRanges(
  def: NodeDefinition,
): ReadonlyMap<string, readonly [number, number]> {
  let ranges = rangeCache.get(def);
  if (!ranges) {
    const m = new Map<string, readonly [number, number]>();
    for (const spec of def.params)
      if (spec.kind === "number" && spec.modulatable) m.set(spec.name, [spec.min, spec.max]);
    rangeCache.set(def, (ranges = m));
  }
  return ranges;
}

/**
 * The BlockContext for one block. `param(name, i)` reads, in order: a scalar cable on the port
 * `name` (its value); a curve cable (`values[i]`, clamped to the last value); the static number
 * parameter. A cable's value is clamped to the parameter's range in `ranges` (see
 * {@link modulationRanges}). Throws when the parameter is missing or not a number. `beat(i)` and
 * `bpm(i)` read `tempo` (default: a constant 120 BPM from frame 0).
 */
export function makeBlockContext(
  clock: Clock,
  startFrame: number,
  frames: number,
  params: Params,
  modInputs: Inputs,
  tempo: TempoMap = constantTempo(clock.frameRate, DEFAULT_BPM),
  ranges?: ReadonlyMap<string, readonly [number, number]>,
): BlockContext {
  const clamp = (name: string, v: number): number => {
    const range = ranges?.get(name);
    return range ? Math.min(range[1], Math.max(range[0], v)) : v;
  };
  return {
    startFrame,
    frames,
    clock,
    beat: (i = 0) => tempo.beatAt(startFrame + i),
    bpm: (i = 0) => tempo.bpmAt(startFrame + i),
    param(name: string, i = 0): number {
      const cable = modInputs[name];
      if (cable?.type === "scalar") return clamp(name, cable.value);
      if (cable?.type === "curve" && cable.values.length > 0) {
        return clamp(name, cable.values[Math.min(Math.max(0, i), cable.values.length - 1)]!);
      }
      const p = params[name];
      if (typeof p !== "number") {
        throw new Error(`parameter '${name}' is ${p === undefined ? "missing" : "not a number"}`);
      }
      return p;
    },
  };
}

/** Every parameter of `def` at its default (implied ones included), overridden by `params`. */
export function withDefaults<P extends Params>(def: NodeDefinition<P>, params: Partial<P>): P {
  const out: Record<string, unknown> = { ...def.impliedDefaults?.(params) };
  for (const spec of def.params) out[spec.name] ??= spec.default;
  return { ...out, ...params } as P;
}

/**
 * The reference runner: creates the node (parameters filled with defaults), feeds it blocks of
 * `blockSizes` frames (a number, or a list used in turn and cycled) until `totalFrames`, awaiting
 * each block before the next, joins the outputs and disposes the node. Whole-mode nodes get one
 * call with the whole inputs. Inputs named like a modulatable parameter drive it. `tempo` is the
 * transport the node's blocks read (default 120 BPM).
 */
export async function runBlocks<P extends Params>(
  def: NodeDefinition<P>,
  params: Partial<P>,
  env: NodeEnv,
  wholeInputs: Inputs,
  blockSizes: number | readonly number[],
  totalFrames: number,
  tempo?: TempoMap,
): Promise<Outputs> {
  const full = withDefaults(def, params);
  const instance = await def.create(full, env);
  try {
    if (def.mode === "whole") {
      const ctx = makeBlockContext(
        env.clock,
        0,
        totalFrames,
        full,
        wholeInputs,
        tempo,
        modulationRanges(def),
      );
      return await instance.process(wholeInputs, ctx);
    }
    const sizes = typeof blockSizes === "number" ? [blockSizes] : blockSizes;
    if (sizes.length === 0 || sizes.some((s) => !(Number.isInteger(s) && s > 0))) {
      throw new Error(`runBlocks: block sizes must be positive integers, got ${String(sizes)}`);
    }
    const collected: Record<string, Value[]> = {};
    for (let start = 0, b = 0; start < totalFrames; b++) {
      const frames = Math.min(sizes[b % sizes.length]!, totalFrames - start);
      const inputs: Record<string, Value | undefined> = {};
      for (const [name, v] of Object.entries(wholeInputs)) {
        inputs[name] = v && sliceValue(v, start, frames, env.clock.hopSamples);
      }
      const ctx = makeBlockContext(
        env.clock,
        start,
        frames,
        full,
        inputs,
        tempo,
        modulationRanges(def),
      );
      const outputs = await instance.process(inputs, ctx);
      for (const [name, v] of Object.entries(outputs)) (collected[name] ??= []).push(v);
      start += frames;
    }
    const joined: Outputs = {};
    for (const [name, parts] of Object.entries(collected)) joined[name] = concatValues(parts);
    return joined;
  } finally {
    instance.dispose?.();
  }
}
