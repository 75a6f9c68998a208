/**
 * How deep the live path keeps its output queue beyond the block that waits for its input. A
 * performer's tool starts low and gives way only where the machine needs it: adaptive, the queue
 * starts a few milliseconds past the block and grows after each underrun by how late the block
 * came plus a step, up to a ceiling, and gives a step back after a calm spell (a busy moment
 * must not cost latency for good; a depth that underran again soon after a step back becomes
 * its floor); pinned, it stays at the figure the user chose (`?buffer=MS` or the transport's
 * Buffer menu). Pure arithmetic on frames, unit-tested.
 */

import type { CalibrationStatus } from "./hostTypes";

/** The queue a start asks for: a figure in seconds pins it, "adaptive" lets it grow. */
export type LiveQueueSetting = number | "adaptive";

/**
 * Where the adaptive queue starts beyond the block, on top of the audio thread's burst: enough
 * for a quiet machine's render.
 */
export const ADAPTIVE_START_SECONDS = 0.005;
/** Web Audio's render quantum, in frames. */
const RENDER_QUANTUM = 128;
/** Added after an underrun, on top of the frames it left silent. */
export const ADAPTIVE_STEP_SECONDS = 0.005;
/** The most an underrun's silence adds at once: one long stall must not settle the queue deep. */
export const ADAPTIVE_LATE_MAX_SECONDS = 0.02;
/** The adaptive queue's ceiling (the old fixed queue was 50 ms; a pinned one may go deeper). */
export const ADAPTIVE_MAX_SECONDS = 0.2;
/** After this long without an underrun, an adaptive queue above its floor gives back a step. */
export const ADAPTIVE_CALM_SECONDS = 15;
/**
 * Each growth after the first doubles the calm spell a step back waits for, up to this: a machine
 * that keeps stalling is not probed again and again (each probe that is too shallow underruns).
 */
export const ADAPTIVE_CALM_MAX_SECONDS = 120;

export class LiveQueue {
  /** Frames queued beyond the block. */
  private current: number;
  private readonly ceiling: number;
  /** Frames added after an underrun on top of its silence, and given back after a calm spell. */
  readonly step: number;
  private readonly lateMax: number;
  /** Times the queue grew after an underrun. */
  growths = 0;
  /** Times it gave a step back after a calm spell. */
  shrinks = 0;
  /** The adaptive queue gives steps back down to here: its start, or a depth found needed. */
  private floor: number;
  /** The calm spell a step back waits for, in frames (doubles with each growth after the first). */
  private calmAfter: number;
  private readonly calmBase: number;
  private readonly calmMax: number;
  /** Frames played since the last underrun or step back. */
  private calmFrames = 0;
  /** Frames played since the last step back (Infinity: none yet), and its size. */
  private sinceShrink = Infinity;
  private lastShrink = 0;

  /**
   * `setting` at `sampleRate`; `maxFrames` bounds any figure (what the output ring can hold
   * beside a block). `burstFrames`: the audio thread renders this many frames at a time (the
   * context's base latency); the quanta of a burst after the one that completes a block play
   * before the worker can answer, so an adaptive queue starts that much deeper.
   */
  constructor(
    readonly setting: LiveQueueSetting,
    sampleRate: number,
    maxFrames = Infinity,
    burstFrames = 0,
  ) {
    if (!(Number.isFinite(sampleRate) && sampleRate > 0))
      throw new Error(`live queue: sampleRate must be a positive number of Hz, got ${sampleRate}`);
    if (setting !== "adaptive" && !(Number.isFinite(setting) && setting >= 0))
      throw new Error(
        `live queue: expected "adaptive" or a number of seconds >= 0, got ${String(setting)}`,
      );
    const seconds = setting === "adaptive" ? ADAPTIVE_START_SECONDS : setting;
    this.ceiling = Math.max(
      0,
      Math.min(
        maxFrames,
        Math.ceil((setting === "adaptive" ? ADAPTIVE_MAX_SECONDS : setting) * sampleRate),
      ),
    );
    const burst = setting === "adaptive" ? Math.max(0, burstFrames - RENDER_QUANTUM) : 0;
    this.current = Math.min(this.ceiling, Math.ceil(seconds * sampleRate) + burst);
    this.step = Math.ceil(ADAPTIVE_STEP_SECONDS * sampleRate);
    this.lateMax = Math.ceil(ADAPTIVE_LATE_MAX_SECONDS * sampleRate);
    this.floor = this.current;
    this.calmBase = this.calmAfter = Math.ceil(ADAPTIVE_CALM_SECONDS * sampleRate);
    this.calmMax = Math.ceil(ADAPTIVE_CALM_MAX_SECONDS * sampleRate);
  }

  get pinned(): boolean {
    return this.setting !== "adaptive";
  }

  /** Frames to keep queued beyond the block. */
  get frames(): number {
    return this.current;
  }

  /**
   * An underrun left `missingFrames` of silence. Adaptive and not `settling` (a patch loading or
   * crossfading stalls the worker for reasons of its own), the queue grows by those frames (at
   * most {@link ADAPTIVE_LATE_MAX_SECONDS}) plus a step, up to the ceiling. Returns true if it
   * grew.
   */
  underrun(missingFrames: number, settling = false): boolean {
    this.calmFrames = 0;
    if (this.pinned || settling) return false;
    // The step given back was needed after all: do not give it back again.
    if (this.sinceShrink < this.calmAfter)
      this.floor = Math.max(this.floor, this.current + this.lastShrink);
    if (this.current >= this.ceiling) return false;
    const late = Math.min(this.lateMax, Math.max(0, Math.ceil(missingFrames)));
    this.current = Math.min(this.ceiling, this.current + late + this.step);
    this.growths++;
    this.calmAfter = Math.min(this.calmMax, this.calmBase * 2 ** (this.growths - 1));
    return true;
  }

  /**
   * `frames` played without an underrun. True when an adaptive queue above its floor has been
   * calm for {@link ADAPTIVE_CALM_SECONDS} (doubled for each growth after the first, at most
   * {@link ADAPTIVE_CALM_MAX_SECONDS}): a step may be given back ({@link shrink}).
   */
  calm(frames: number): boolean {
    this.calmFrames += frames;
    this.sinceShrink += frames;
    return !this.pinned && this.current > this.floor && this.calmFrames >= this.calmAfter;
  }

  /**
   * Raises an adaptive queue, and the floor its give-backs stop at, to `frames`: a depth measured
   * as needed (see `FilePace`). Returns true if it rose.
   */
  raise(frames: number): boolean {
    const to = Math.min(this.ceiling, Math.ceil(frames));
    if (this.pinned || to <= this.current) return false;
    this.current = to;
    this.floor = Math.max(this.floor, to);
    return true;
  }

  /** Gives back a step, down to the floor at most; the frames the delay must lose. */
  shrink(): number {
    const by = this.pinned ? 0 : Math.min(this.step, Math.max(0, this.current - this.floor));
    if (by === 0) return 0;
    this.current -= by;
    this.calmFrames = 0;
    this.sinceShrink = 0;
    this.lastShrink = by;
    this.shrinks++;
    return by;
  }
}

/** The first second's blocks are left out of a calibration: the page is still starting up. */
export const CALIBRATE_FROM_SECONDS = 1;
/** Fewer dips than this (a short file, a restart) calibrate nothing. */
const MIN_DIPS = 16;

export interface DipSummary {
  readonly blocks: number;
  readonly worst: number;
  readonly second: number;
  /** The depth these dips call for, given the step. */
  depth(step: number): number;
}

/**
 * How far the queue dipped under its depth by the time each block landed (the audio thread's
 * bursts, the worker's wake-up and its render), measured while a start-up cushion keeps those
 * dips from underrunning. When the cushion goes, an adaptive queue starts past the second-worst
 * dip plus a step (one stray stall does not set the depth for good), so it does not have to learn
 * the machine's pace from underruns.
 */
export class DipMeter {
  private readonly dips: number[] = [];

  add(frames: number): void {
    this.dips.push(frames);
  }

  /** The blocks measured, the worst and second-worst dip (frames), or undefined with too few. */
  summary(): DipSummary | undefined {
    if (this.dips.length < MIN_DIPS) return undefined;
    const sorted = [...this.dips].sort((a, b) => b - a);
    const second = Math.max(0, sorted[1]!);
    return {
      blocks: sorted.length,
      worst: sorted[0]!,
      second,
      depth: (step) => second + step,
    };
  }
}

/**
 * Raises an adaptive `queue` to the depth its start-up dips call for (at most `most` frames) and
 * returns what it was calibrated from, in ms; undefined when too few dips were measured.
 */
export function calibrate(
  queue: LiveQueue,
  dips: DipMeter,
  sampleRate: number,
  most = Infinity,
): CalibrationStatus | undefined {
  const s = dips.summary();
  if (!s) return undefined;
  queue.raise(Math.min(most, s.depth(queue.step)));
  const ms = (frames: number) => (1000 * frames) / sampleRate;
  return {
    blocks: s.blocks,
    worstDipMs: ms(s.worst),
    secondDipMs: ms(s.second),
    depthMs: ms(queue.frames),
  };
}
