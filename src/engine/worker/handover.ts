/**
 * How a patch loaded while another plays takes over from it (`EngineHost.load`): the old one
 * plays on alone while the new one warms up (its latency), then a crossfade. An edit of the
 * playing patch (same clock, neither live) continues at the old one's position, and starts warm:
 * the frames before that position are rendered unheard first (`prerollFrames`).
 */
import type { LoadedStreamSetup } from "../stream/loadStream";
import { mixBlock, fadeInGain, type Crossfade } from "../stream/crossfade";
import type { StreamingRender } from "../stream/streamingRender";
import type { AudioValue } from "../values";

/** A stream with the setup (models, files) it owns. */
export interface Playable {
  readonly stream: StreamingRender;
  readonly setup: LoadedStreamSetup;
}

/** The patch playing out while the next one fades in. */
export interface Leaving extends Playable {
  readonly fade: Crossfade;
  /** The next one is an edit of it and continues at its position (aligned by `align`). */
  follow: boolean;
}

/**
 * The latent frames a stream starting at frame `at` of its material renders unheard first, so
 * that it starts with the state continuous playing has: started cold, its windows would hold
 * silence before `at` and its first frames would burst (12–17× the level of a steady tone on the
 * spectral fixture; a dip to a third on the default pack). Its latency, and 2 frames more (which
 * took the burst away); none for a live stream or past the material's end.
 */
export function prerollFrames(stream: StreamingRender, at: number): number {
  if (stream.live || at >= stream.totalFrames) return 0;
  return Math.min(at, Math.ceil(stream.latencySamples / stream.clock.hopSamples) + 2);
}

/**
 * The hand-over to `next` from `current`, while `fading` (if any) still fades out into `current`:
 * the one heard most leaves, the other stops (a step of its share of the mix; none while the fade
 * has not begun). Returns the new {@link Leaving} and the playables to dispose.
 */
export function handOver(
  current: Playable,
  fading: Leaving | undefined,
  next: StreamingRender,
  crossfadeMs: number,
): { leaving: Leaving; stopped: Playable[] } {
  let from: Playable = current;
  const stopped: Playable[] = [];
  if (fading) {
    const { warmup, done, length } = fading.fade;
    const heardNew = warmup > 0 ? 0 : fadeInGain(done, length);
    if (heardNew <= 0.5) from = fading;
    stopped.push(heardNew <= 0.5 ? current : fading);
  }
  const was = from.stream;
  const follow =
    was.clock.sampleRate === next.clock.sampleRate &&
    was.clock.hopSamples === next.clock.hopSamples &&
    !was.live &&
    !next.live;
  const length = Math.round((crossfadeMs / 1000) * next.clock.sampleRate);
  // A fresh chain is silent for its latency, from its start or from where it follows the old
  // one: the old one plays on alone until the new one speaks, then fades.
  const fade = { warmup: next.latencySamples, done: 0, length };
  return { leaving: { stream: from.stream, setup: from.setup, fade, follow }, stopped };
}

/**
 * Moves `stream` (fresh, not played yet) to where `leaving` is, warm, if it follows it: called
 * between blocks, when the old stream is not halfway through one.
 */
export async function align(stream: StreamingRender, leaving: Leaving): Promise<void> {
  if (!leaving.follow) return;
  leaving.follow = false;
  const at = leaving.stream.materialPosition;
  if (stream.framePosition !== 0 || at >= stream.totalFrames) return;
  const pre = prerollFrames(stream, at);
  stream.seek(at - pre, leaving.stream.tempo);
  stream.adoptRestarts(leaving.stream);
  if (pre > 0) await stream.next(pre);
}

/**
 * Mixes the next block of `leaving` into `block` (the new stream's), advancing the fade. Returns
 * the mixed block, and whether the fade has finished (the leaving one can be disposed).
 */
export async function mixLeaving(
  leaving: Leaving,
  block: AudioValue,
  blockFrames: number,
): Promise<{ block: AudioValue; finished: boolean }> {
  const old = await leaving.stream.next(blockFrames);
  return mixBlock(old, block, leaving.fade);
}
