/**
 * The live path's pacing in the engine worker, while the input sets the pace: keeps the delay
 * from input to output at one block plus the live queue ({@link LiveQueue}), starts over after an
 * underrun (growing an adaptive queue), fades the first block after a gap in, and keeps figures
 * of how the worker keeps time.
 *
 * The delay is what the output ring holds plus the input waiting in the feed: each quantum the
 * output worklet plays the frames the capture worklet records, so their sum only changes when
 * the output underruns (its silence adds to it) or the host pads or drops. A delay up to a block
 * too long is cut by dropping rendered output, not input: the codec keeps hearing continuous
 * input (a jump in its input comes out as a burst), and the output resumes from silence faded
 * in. A longer backlog (a stall of the worker) is skipped at the input instead: rendering it all
 * only to drop it would keep a starved worker behind for good.
 */
import { Control, ringStats, type OutputRingWriter } from "../../audio/outputRing";
import { captureStats, type CaptureRingShared } from "../../audio/captureRing";
import type { LiveFeed } from "../stream/liveFeed";
import {
  CALIBRATE_FROM_SECONDS,
  calibrate,
  DipMeter,
  LiveQueue,
  type LiveQueueSetting,
} from "./liveQueue";
import type { CalibrationStatus, InputStatus, LiveTimingStatus, Spread } from "./hostTypes";

/** The fade-in after a gap (a start, an underrun, a deeper queue): no click when sound resumes. */
const FADE_SECONDS = 0.005;
/** Blocks the timing figures are taken over. */
const TIMING_WINDOW = 512;
/**
 * After a (re)start, underruns restart the path without growing the queue for this long: the
 * first seconds of a fresh worker and page are slow for reasons that pass (compiling, thread
 * start-up, the page's own start-up), and a queue grown for them would stay long for good.
 */
export const SETTLE_SECONDS = 3;
/**
 * An adaptive path that starts from silence (▶ Play, not a patch loaded while it plays) keeps
 * this much more in its queue while it settles: the first seconds' slow blocks then play late
 * instead of underrunning again and again (dozens of dropouts in the first second were measured
 * before it). When the settling ends the cushion is spliced out of the sound (see
 * {@link SPLICE_SECONDS}): one inaudible splice instead of the dropouts.
 */
export const START_CUSHION_SECONDS = 0.04;
/**
 * Frames are taken out of the sound by a splice inside a block: its first frames crossfade, over
 * this long, from the sound that continues what was played to the sound that many frames later.
 * A calm adaptive queue gives its steps back the same way, in a pause or in the middle of a note.
 */
const SPLICE_SECONDS = 0.003;

export class LivePath {
  queue: LiveQueue;
  /** Times the path started over after an underrun. */
  resyncs = 0;
  /** Rendered frames dropped to bring the delay back down (after a stall, a shorter queue). */
  droppedFrames = 0;
  readonly timing: LiveTiming;
  private synced = false;
  /** The output's frame count when the path last (re)started; undefined until its first block. */
  private startedAt: number | undefined;
  private underruns = 0;
  private missingFrames = 0;
  /** Rendered frames still to drop to bring a too-long delay down to the queue. */
  private debt = 0;
  /** Frames of the fade-in still to apply to the output. */
  private fadeDone = 0;
  /** The queue may give a step back (it has been calm long enough). */
  private shrinkDue = false;
  /** Frames of start-up cushion kept in the queue now. */
  private cushion = 0;
  /** Frames still to splice out of the sound (a cushion or a step given back). */
  private spliceDue = 0;
  /** How far the queue dipped under its depth as blocks landed, while the cushion is held. */
  private dips = new DipMeter();
  /** What the queue was calibrated from when the cushion went. */
  calibration: CalibrationStatus | undefined;
  private readonly fadeFrames: number;
  private readonly spliceFrames: number;

  constructor(
    setting: LiveQueueSetting,
    readonly sampleRate: number,
    /** The deepest queue the output ring can hold beside a block. */
    private readonly maxFrames: number,
    /** Frames the audio thread renders at a time (see {@link LiveQueue}). */
    private readonly burstFrames = 0,
  ) {
    this.queue = new LiveQueue(setting, sampleRate, maxFrames, burstFrames);
    this.fadeFrames = Math.max(1, Math.round(FADE_SECONDS * sampleRate));
    this.fadeDone = this.fadeFrames;
    this.spliceFrames = Math.max(1, Math.round(SPLICE_SECONDS * sampleRate));
    this.timing = new LiveTiming(sampleRate);
  }

  /** A new queue setting: the path starts over at its depth from the next block. */
  setQueue(setting: LiveQueueSetting): void {
    this.queue = new LiveQueue(setting, this.sampleRate, this.maxFrames, this.burstFrames);
    this.restart();
  }

  /** The path starts over at the next block (a start, a new input, a live patch loaded). */
  restart(): void {
    this.synced = false;
    this.startedAt = undefined;
    // A cushion still held is cut with the rest of a too-long delay when the path syncs again.
    this.cushion = 0;
    this.spliceDue = 0;
  }

  /**
   * Expected delay of the queue, in frames: the block that waits for its input plus the queue
   * (plus the start-up cushion while the path settles).
   */
  delayFrames(block: number): number {
    return block + this.queue.frames + this.cushion;
  }

  /**
   * Before a block: on a (re)start or after an underrun, pads the output with silence, or owes
   * output to drop, so that output queued plus input waiting is one block plus the queue. An
   * underrun grows an adaptive queue, unless `settling` (a load or crossfade in progress) or in
   * the first seconds after a (re)start.
   */
  keepDelay(writer: OutputRingWriter, feed: LiveFeed, block: number, settling: boolean): void {
    const stats = ringStats(writer.shared);
    const rate = this.sampleRate;
    const settledAt = (this.startedAt ?? Infinity) + SETTLE_SECONDS * rate;
    if (this.cushion > 0 && stats.framesPlayed >= settledAt) {
      // Settled: the queue keeps as much of the cushion as the dips measured meanwhile call for,
      // and the rest is spliced out of the sound (write).
      const before = this.queue.frames;
      this.calibration = calibrate(this.queue, this.dips, rate, before + this.cushion);
      this.spliceDue += this.cushion - (this.queue.frames - before);
      this.cushion = 0;
    }
    if (!this.synced || stats.underruns !== this.underruns) {
      const fresh = this.startedAt === undefined;
      this.startedAt ??= stats.framesPlayed;
      if (this.synced) {
        this.resyncs++;
        // Synced, so it started before this call: settledAt is its settling's end.
        const young = stats.framesPlayed < settledAt;
        this.queue.underrun(stats.missingFrames - this.missingFrames, settling || young);
      }
      this.underruns = stats.underruns;
      this.missingFrames = stats.missingFrames;
      const { waiting, queued } = snapshot(writer, feed);
      if (fresh && queued === 0 && !this.queue.pinned) {
        this.cushion = Math.round(START_CUSHION_SECONDS * rate);
        this.dips = new DipMeter();
      }
      const gap = this.delayFrames(block) - waiting - queued;
      const pad = Math.min(gap, writer.writableFrames());
      if (pad > 0) writer.write([new Float32Array(pad)]);
      const excess = Math.max(0, -gap);
      const skipped = excess > block ? feed.skipTo(Math.max(0, waiting - (excess - block))) : 0;
      this.debt = excess - skipped;
      // The sound resumes after a gap or a cut: fade it in.
      this.fadeDone = 0;
      this.synced = true;
      this.shrinkDue = false;
      this.spliceDue = 0; // the resync has brought the delay to the queue's depth already
    }
  }

  /**
   * A block is about to be written with `slack` frames still queued: while the cushion is held
   * (from {@link CALIBRATE_FROM_SECONDS} after the start) and nothing else is settling, how far
   * that is under the queue's depth is kept for the calibration.
   */
  landed(writer: OutputRingWriter, slack: number, settling: boolean): void {
    if (this.cushion === 0 || settling || this.startedAt === undefined) return;
    const since = ringStats(writer.shared).framesPlayed - this.startedAt;
    if (since >= CALIBRATE_FROM_SECONDS * this.sampleRate)
      this.dips.add(this.queue.frames + this.cushion - slack);
  }

  /**
   * Writes a rendered block: the frames still owed are dropped from its start, and the rest is
   * faded in where a fade is due (on copies: the stream's buffers are left alone). Frames to give
   * back (a cushion, a calm queue's step) are spliced out, as many as the block allows.
   */
  write(writer: OutputRingWriter, rendered: readonly Float32Array[]): void {
    let channels = rendered;
    const length = rendered[0]?.length ?? 0;
    this.shrinkDue ||= this.queue.calm(length);
    if (this.shrinkDue && this.debt === 0 && this.spliceDue === 0) {
      this.spliceDue = this.queue.shrink();
      this.shrinkDue = false;
    }
    if (this.spliceDue > 0 && this.debt === 0) {
      const cut = Math.min(this.spliceDue, length - this.spliceFrames);
      if (cut > 0) {
        channels = splice(channels, cut, this.spliceFrames);
        this.spliceDue -= cut;
        this.droppedFrames += cut;
      }
    }
    const n = channels[0]?.length ?? 0;
    const drop = Math.min(this.debt, n);
    this.debt -= drop;
    this.droppedFrames += drop;
    if (drop === n) return;
    if (this.fadeDone >= this.fadeFrames) {
      writer.write(channels, drop);
      return;
    }
    const start = this.fadeDone;
    const faded = channels.map((ch) => {
      const out = ch.slice(drop);
      for (let i = 0; i < out.length && start + i < this.fadeFrames; i++)
        out[i] = out[i]! * ((start + i) / this.fadeFrames);
      return out;
    });
    this.fadeDone = Math.min(this.fadeFrames, start + n - drop);
    writer.write(faded);
  }
}

/**
 * The live input's report ({@link InputStatus}) for the capture ring `ring`: `live` is the
 * playing path (undefined when stopped), `block` the block in samples, `latencySamples` the
 * patch's own latency.
 */
export function liveInputStatus(
  ring: CaptureRingShared,
  feed: LiveFeed,
  live: LivePath | undefined,
  block: number,
  latencySamples: number,
  queuePinned: boolean,
): InputStatus {
  const queue = live?.delayFrames(block) ?? block;
  return {
    sampleRate: ring.sampleRate,
    droppedFrames: captureStats(ring).droppedFrames,
    skippedSamples: feed.skippedSamples + (live?.droppedFrames ?? 0),
    delaySamples: queue + latencySamples + feed.latencySamples,
    resyncs: live?.resyncs ?? 0,
    queueSamples: queue - block,
    queuePinned,
    queueGrowths: live?.queue.growths ?? 0,
    queueShrinks: live?.queue.shrinks ?? 0,
    timing: live?.timing.summary(),
    ...(live?.calibration ? { calibration: live.calibration } : {}),
  };
}

/**
 * `channels` without `cut` frames: the first `fade` frames crossfade (equal gain) from the block's
 * own start, which continues what was played before it, to the frames `cut` later; the rest is the
 * block from `cut + fade` on. No step where the sound jumps, unlike a plain cut.
 */
export function splice(
  channels: readonly Float32Array[],
  cut: number,
  fade: number,
): Float32Array[] {
  return channels.map((ch) => {
    const out = ch.slice(cut);
    for (let i = 0; i < fade && i < out.length; i++) {
      const w = (i + 0.5) / fade;
      out[i] = (1 - w) * ch[i]! + w * out[i]!;
    }
    return out;
  });
}

/**
 * Input waiting and output queued at one instant of the audio thread: read again while a render
 * quantum (the output's and the capture's counters) moved between the reads, which would count
 * a burst's frames on one side and not the other.
 */
function snapshot(writer: OutputRingWriter, feed: LiveFeed): { waiting: number; queued: number } {
  const played = () => Atomics.load(writer.control, Control.framesPlayed);
  for (let tries = 0; ; tries++) {
    const p = played();
    const c = feed.capturedFrames();
    const waiting = feed.available();
    const queued = writer.bufferedFrames();
    if ((p === played() && c === feed.capturedFrames()) || tries >= 8) return { waiting, queued };
  }
}

/** The last blocks' timing: render time, how late the worker woke, what the output still held. */
export class LiveTiming {
  private readonly renderMs = new Float64Array(TIMING_WINDOW);
  private readonly lateFrames = new Float64Array(TIMING_WINDOW);
  private readonly slackFrames = new Float64Array(TIMING_WINDOW);
  private count = 0;

  constructor(private readonly sampleRate: number) {}

  /**
   * One block: `renderMs` from its start to its write, `lateFrames` of input that had arrived
   * past the block when it started, `slackFrames` the output still held when it was written.
   */
  record(renderMs: number, lateFrames: number, slackFrames: number): void {
    const k = this.count % TIMING_WINDOW;
    this.renderMs[k] = renderMs;
    this.lateFrames[k] = lateFrames;
    this.slackFrames[k] = slackFrames;
    this.count++;
  }

  summary(): LiveTimingStatus | undefined {
    const n = Math.min(this.count, TIMING_WINDOW);
    if (n === 0) return undefined;
    const ms = 1000 / this.sampleRate;
    return {
      blocks: n,
      renderMs: spread(this.renderMs.subarray(0, n), 1, "max"),
      wakeLateMs: spread(this.lateFrames.subarray(0, n), ms, "max"),
      slackMs: spread(this.slackFrames.subarray(0, n), ms, "min"),
    };
  }
}

function spread(values: Float64Array, scale: number, worst: "max" | "min"): Spread {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  const w = worst === "max" ? sorted[sorted.length - 1]! : sorted[0]!;
  return { median: median * scale, worst: w * scale };
}
