/**
 * Gapless looping: the loop point is inside the stream, not a restart. The stream's frames keep
 * counting and every streaming node keeps its state (an encoder's windows, a decoder's
 * overlap-add), so the end of the material and its start run through the codec back to back,
 * as one continuous signal. Only what is computed once over the material wraps: the sources
 * (AudioIn from a file or a test signal, Curve) and the nodes precomputed with them (whole-mode
 * nodes such as DescriptorTarget and what feeds them) are read modulo the loop length.
 *
 * The loop length is a whole number of latent frames: the material's length (the longest
 * source), or the patch's `transport.loopBars` bars at its tempo, rounded to the nearest frame.
 *
 * The wrap itself: where the material goes on past the loop point (a loop of bars shorter than
 * the sound, or the last part of a frame cut by the rounding), jumping back to the start would
 * cut a note in the middle, so audio crossfades, as a sampler does, from the material that
 * would have followed to the start over {@link LOOP_CROSSFADE_MS} (equal power: the two are
 * unrelated sounds). Where the material has ended, nothing is cut and the start follows as it
 * is: a sound made to loop stays sample-exact. Latents and curves wrap without a fade (a few ms
 * is less than one of their frames).
 */
import { concatValues, sliceValue } from "../blocks";
import type { Clock, NodeInstance, Outputs } from "../nodeDefinition";
import { patchTransport, type Patch } from "../patch/schema";

/** The equal-power crossfade at a wrap that cuts the material short, in milliseconds. */
export const LOOP_CROSSFADE_MS = 20;

/**
 * The loop length in latent frames: `transport.loopBars` bars of `beatsPerBar` beats at `bpm`
 * when the patch sets it, else `materialSamples`; rounded to the nearest whole frame (so the
 * loop is at most half a frame off the bars), one frame at least.
 */
export function loopLengthFrames(
  patch: Pick<Patch, "transport">,
  clock: Clock,
  materialSamples: number,
): number {
  const t = patchTransport(patch);
  const samples =
    t.loopBars !== undefined
      ? ((t.loopBars * t.beatsPerBar * 60) / t.bpm) * clock.sampleRate
      : materialSamples;
  return Math.max(1, Math.round(samples / clock.hopSamples));
}

/** Consecutive frames of the material inside one block of the stream. */
export interface LoopSegment {
  /** First material frame. */
  readonly from: number;
  readonly frames: number;
  /**
   * In a pass that a wrap began (not the first): the material frame the previous pass stopped at
   * (the loop length, or further when the loop was turned on past it).
   */
  readonly wrappedAt?: number;
  /** The fade at the start of this pass when it is not the loop's (a retrigger's: `retrigger.ts`). */
  readonly fadeMs?: number;
}

/**
 * Where the material is as the stream plays: stream frame − the frame its current pass began,
 * wrapping at the loop length while looping. Turned on past the loop point (in the latency
 * tail, or a shorter loop), it wraps at the next block; turned off, the material plays on to its
 * end.
 */
export class LoopPosition {
  /** The loop length in frames while looping; undefined: the material plays once. */
  length: number | undefined;
  /** The stream frame at which the current pass of the material began. */
  private origin = 0;
  /** The material frame the previous pass stopped at, once a wrap has begun this one. */
  private wrappedAt: number | undefined;
  /** The fade the current pass began with, when a restart (not a wrap) began it. */
  private passFadeMs: number | undefined;
  /** A restart asked for, done at the next block. */
  private restartFadeMs: number | undefined;

  /** A position at the same place as this one, from which it can be moved on its own. */
  copy(shift = 0): LoopPosition {
    const other = new LoopPosition();
    other.length = this.length;
    other.origin = this.origin + shift;
    other.wrappedAt = this.wrappedAt;
    other.passFadeMs = this.passFadeMs;
    return other;
  }

  /**
   * Starts the material again from its first frame at the next block, crossfading over
   * `fadeMs` from the material that would have followed (nothing to fade once it has ended).
   */
  restart(fadeMs: number): void {
    this.restartFadeMs = fadeMs;
  }

  /** The material frame that stream frame `streamFrame` plays (no wrap applied). */
  materialFrame(streamFrame: number): number {
    return streamFrame - this.origin;
  }

  /** The segments of material for the stream's block [start, start + frames); wraps as needed. */
  advance(start: number, frames: number): LoopSegment[] {
    const segments: LoopSegment[] = [];
    if (this.restartFadeMs !== undefined) {
      this.wrappedAt = start - this.origin;
      this.origin = start;
      this.passFadeMs = this.restartFadeMs;
      this.restartFadeMs = undefined;
    }
    let at = start;
    while (at < start + frames) {
      let m = at - this.origin;
      if (this.length !== undefined && m >= this.length) {
        this.origin = at;
        this.wrappedAt = m;
        this.passFadeMs = undefined;
        m = 0;
      }
      const left = start + frames - at;
      const run = this.length === undefined ? left : Math.min(left, this.length - m);
      const { wrappedAt, passFadeMs: fadeMs } = this;
      if (wrappedAt === undefined) segments.push({ from: m, frames: run });
      else
        segments.push(
          fadeMs === undefined
            ? { from: m, frames: run, wrappedAt }
            : { from: m, frames: run, wrappedAt, fadeMs },
        );
      at += run;
    }
    return segments;
  }
}

/**
 * Reads precomputed outputs (sources and what is computed with them) for a block made of
 * `segments` of material. `inst.durationSamples` (a source's own length) decides whether a wrap
 * cuts the material short and gets the crossfade.
 */
export function sliceMaterial(
  whole: Outputs,
  inst: NodeInstance | undefined,
  segments: readonly LoopSegment[],
  clock: Clock,
  crossfadeMs: number,
): Outputs {
  const samplesOf = (ms: number) => Math.round((ms / 1000) * clock.sampleRate);
  const out: Outputs = {};
  for (const [port, v] of Object.entries(whole)) {
    const parts = segments.map((s) => {
      const part = sliceValue(v, s.from, s.frames, clock.hopSamples);
      if (s.wrappedAt !== undefined && part.type === "audio" && v.type === "audio")
        fadeFromContinuation(part.channels, v.channels, s.from * clock.hopSamples, {
          wrap: s.wrappedAt * clock.hopSamples,
          material: inst?.durationSamples ?? 0,
          fade: samplesOf(s.fadeMs ?? crossfadeMs),
        });
      return part;
    });
    out[port] = parts.length === 1 ? parts[0]! : concatValues(parts);
  }
  return out;
}

/**
 * The first `fade` samples of a pass, in place on `part` (which starts `offset` samples into the
 * pass): from the material that continues past the wrap (at sample `wrap`) to the start, equal
 * power. Nothing when the material ends before the fade would (no note is cut; the start plays
 * as it is).
 */
function fadeFromContinuation(
  part: Float32Array[],
  whole: readonly Float32Array[],
  offset: number,
  at: { readonly wrap: number; readonly material: number; readonly fade: number },
): void {
  const { wrap, material, fade } = at;
  if (offset >= fade || material < wrap + fade) return;
  for (let c = 0; c < part.length; c++) {
    const start = part[c]!;
    const source = whole[c]!;
    for (let k = offset; k < fade && k - offset < start.length; k++) {
      const phase = (Math.PI / 2) * (k / fade);
      start[k - offset] =
        Math.sin(phase) * start[k - offset]! + Math.cos(phase) * source[wrap + k]!;
    }
  }
}
