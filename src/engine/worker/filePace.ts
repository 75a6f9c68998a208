/**
 * How deep the engine worker keeps the output queue while a file (not live input) plays, when it
 * follows the Buffer setting: the worker sleeps until the output worklet has played the queue down
 * to this depth, then renders the next block. A parameter change is heard once the blocks queued
 * ahead of it have played, so the depth is most of the time an edit takes to be heard.
 *
 * Adaptive, it is the live queue's arithmetic ({@link LiveQueue}): a few ms past the audio
 * thread's burst, grown after each underrun by how late the block came plus a step, a step given
 * back after each calm spell. A start from silence holds {@link START_CUSHION_SECONDS} more while
 * the page and the worker settle, and measures meanwhile how far the queue dips under its depth
 * before each block lands (the audio thread's bursts, the wake-up and the render): when the
 * cushion goes, the depth starts past those dips ({@link DipMeter}). Unlike live input, a file's
 * queue changes depth without touching the sound: the worker only renders sooner or later, so
 * nothing is spliced. Pinned, the depth is the figure chosen, {@link MIN_PINNED_FILE_SECONDS} at
 * least.
 */
import { ringStats, type OutputRingShared } from "../../audio/outputRing";
import {
  CALIBRATE_FROM_SECONDS,
  calibrate,
  DipMeter,
  LiveQueue,
  type LiveQueueSetting,
} from "./liveQueue";
import { SETTLE_SECONDS, START_CUSHION_SECONDS } from "./livePath";
import type { CalibrationStatus, FileQueueStatus } from "./hostTypes";

/**
 * The shallowest pinned file queue: a pinned live buffer may be shorter (its block already waits
 * for input), a file's would underrun at every audio burst.
 */
export const MIN_PINNED_FILE_SECONDS = 0.02;
const START_CUSHION_FRAMES = (rate: number) => Math.round(START_CUSHION_SECONDS * rate);

function fileQueue(
  setting: LiveQueueSetting,
  sampleRate: number,
  maxFrames: number,
  burstFrames: number,
): LiveQueue {
  const pinned = setting === "adaptive" ? setting : Math.max(MIN_PINNED_FILE_SECONDS, setting);
  return new LiveQueue(pinned, sampleRate, maxFrames, burstFrames);
}

export class FilePace {
  queue: LiveQueue;
  /** The output's frame count at the start; the cushion is held until SETTLE_SECONDS past it. */
  private startedAt: number | undefined;
  private underruns = 0;
  private missingFrames = 0;
  private lastPlayed = 0;
  /** Dips measured while the cushion is held (after {@link CALIBRATE_FROM_SECONDS}). */
  private readonly dips = new DipMeter();
  private calibrated = false;
  private calibration: CalibrationStatus | undefined;

  constructor(
    setting: LiveQueueSetting,
    private readonly sampleRate: number,
    /** The deepest queue the ring can hold beside a block. */
    private readonly maxFrames: number,
    /** Frames the audio thread renders at a time (see {@link LiveQueue}). */
    private readonly burstFrames = 0,
  ) {
    this.queue = fileQueue(setting, sampleRate, maxFrames, burstFrames);
  }

  /**
   * A block is about to be written with `buffered` frames still queued: while the cushion is held
   * and nothing else is settling, how far that is under the depth is kept for the calibration.
   */
  landed(ring: OutputRingShared, buffered: number, settling: boolean): void {
    if (this.calibrated || settling || this.startedAt === undefined) return;
    const since = ringStats(ring).framesPlayed - this.startedAt;
    if (since >= CALIBRATE_FROM_SECONDS * this.sampleRate) this.dips.add(this.frames - buffered);
  }

  /** A new setting (the Buffer menu): it applies from the next block; the cushion is kept. */
  setQueue(setting: LiveQueueSetting): void {
    this.queue = fileQueue(setting, this.sampleRate, this.maxFrames, this.burstFrames);
  }

  /** The depth last returned by {@link target}, in frames. */
  frames = 0;

  status(): FileQueueStatus {
    const q = this.queue;
    const c = this.calibration;
    return {
      samples: this.frames,
      pinned: q.pinned,
      growths: q.growths,
      shrinks: q.shrinks,
      ...(c ? { calibration: c } : {}),
    };
  }

  /**
   * Frames to keep queued now, from the ring's counters: an underrun since the last call grows an
   * adaptive queue (not while `settling`, a patch loading or crossfading, nor in the first
   * seconds); a calm spell gives a step back.
   */
  target(ring: OutputRingShared, settling: boolean): number {
    const stats = ringStats(ring);
    this.startedAt ??= stats.framesPlayed;
    const young = stats.framesPlayed - this.startedAt < SETTLE_SECONDS * this.sampleRate;
    if (stats.underruns !== this.underruns) {
      this.queue.underrun(stats.missingFrames - this.missingFrames, settling || young);
      this.underruns = stats.underruns;
      this.missingFrames = stats.missingFrames;
    } else if (this.queue.calm(Math.max(0, stats.framesPlayed - this.lastPlayed))) {
      this.queue.shrink();
    }
    this.lastPlayed = stats.framesPlayed;
    if (!young && !this.calibrated) {
      this.calibrated = true;
      this.calibration = calibrate(this.queue, this.dips, this.sampleRate);
    }
    const cushion = young && !this.queue.pinned ? START_CUSHION_FRAMES(this.sampleRate) : 0;
    this.frames = Math.min(this.maxFrames, this.queue.frames + cushion);
    return this.frames;
  }
}
