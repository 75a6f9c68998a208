/**
 * What crosses the engine worker's boundary: the options and reports of {@link EngineHost}
 * (`engineHost.ts`), and the clock its pump sleeps on.
 */
import {
  atomicsWaitAsync,
  type AtomicsWaiter,
  type CaptureRingShared,
} from "../../audio/captureRing";
import type { LiveQueueSetting } from "./liveQueue";
import type { TransportStatus } from "./transportStatus";

/** Time for the pump loop; injectable so tests need not wait (STYLE.md "Real-time audio"). */
export interface HostClock {
  sleep(ms: number): Promise<void>;
  /** Waits for the capture worklet's notify on shared memory (`Atomics.waitAsync`). */
  wait: AtomicsWaiter;
}

export const realClock: HostClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  wait: atomicsWaitAsync,
};

export interface StartOptions {
  /** Latent frames rendered per block (default 4). */
  readonly blockFrames?: number;
  /**
   * How far ahead of the speakers to keep the ring filled while a file plays, in seconds (default
   * 0.05), or "buffer": as deep as the Buffer setting (`liveQueue`) says — adaptive, a few ms past
   * the audio thread's burst and grown after underruns (`FilePace`), or the figure it pins.
   */
  readonly aheadSeconds?: number | "buffer";
  /**
   * How far ahead to fill while a new patch loads and until its crossfade ends (default 0.2 s,
   * as much as the ring holds): loading shares the worker's thread and the ONNX queue with the
   * stream, so the queue must outlast the load's longest stall.
   */
  readonly loadAheadSeconds?: number;
  /** The capture ring of the live input (made by the capture node at the AudioContext's rate). */
  readonly input?: CaptureRingShared;
  /**
   * The live path's output queue beyond the block that waits for its input: seconds pin it;
   * "adaptive" (the default) starts at a few milliseconds and grows after each underrun.
   */
  readonly liveQueue?: LiveQueueSetting;
  /**
   * How much the audio thread renders at a time, in seconds (the AudioContext's `baseLatency`);
   * the adaptive live queue starts that much deeper (default 0).
   */
  readonly renderBurstSeconds?: number;
}

/** A figure over the last blocks: its median and its worst (largest, or smallest for slack). */
export interface Spread {
  readonly median: number;
  readonly worst: number;
}

/** How the worker kept time over the last blocks of the live path. */
export interface LiveTimingStatus {
  readonly blocks: number;
  /** From a block's start to its write into the output ring. */
  readonly renderMs: Spread;
  /** Input that had arrived past the block when it started (wake-up delay, audio bursts). */
  readonly wakeLateMs: Spread;
  /** What the output ring still held when the block was written (0: it nearly underran). */
  readonly slackMs: Spread;
}

export interface LoadInfo {
  readonly sampleRate: number;
  readonly latencySamples: number;
  /** Infinity for a live patch (it plays until stopped). */
  readonly durationSamples: number;
  /** True when a source of the patch is live input: it needs the microphone. */
  readonly live: boolean;
  /** The loop length (`StreamingRender.loopFrames`) in samples. */
  readonly loopSamples: number;
}

/** The live input as the host sees it. */
export interface InputStatus {
  /** The capture ring's rate (the AudioContext's); resampled when it is not the patch's. */
  readonly sampleRate: number;
  /** Frames the capture worklet lost to a full ring. */
  readonly droppedFrames: number;
  /**
   * Samples skipped to keep the delay bounded after a stall or for a shorter queue (rendered
   * output dropped: the codec's input stays continuous).
   */
  readonly skippedSamples: number;
  /**
   * Expected delay from input to output while the input sets the pace, in samples at the patch
   * rate: output queue + patch latency + resampler.
   */
  readonly delaySamples: number;
  /** Times the live path was restarted (queue refilled with silence) after an underrun. */
  readonly resyncs: number;
  /** The live queue beyond the block, in samples at the patch rate. */
  readonly queueSamples: number;
  /** True when the queue is pinned; false: adaptive. */
  readonly queuePinned: boolean;
  /** Times the adaptive queue grew after an underrun. */
  readonly queueGrowths: number;
  /** Times it gave a step back after a calm spell. */
  readonly queueShrinks: number;
  /** How the worker kept time, once blocks have been rendered. */
  readonly timing: LiveTimingStatus | undefined;
  /** What the adaptive queue was calibrated from, once the start-up cushion has gone. */
  readonly calibration?: CalibrationStatus;
}

/** The dips under the queue measured during the start-up cushion, and the depth they set. */
export interface CalibrationStatus {
  readonly blocks: number;
  readonly worstDipMs: number;
  readonly secondDipMs: number;
  /** The depth the queue was raised to (or already had), beyond the block. */
  readonly depthMs: number;
}

export interface HostStatus {
  readonly loaded: boolean;
  readonly playing: boolean;
  readonly ended: boolean;
  readonly framePosition: number;
  readonly changing: boolean;
  readonly bufferedFrames: number;
  readonly underruns: number;
  /** Last error of the pump loop (playback stops on an error). */
  readonly error: string | undefined;
  /** The live input, while a capture ring is attached. */
  readonly input: InputStatus | undefined;
  /** The file queue, while playing with `aheadSeconds: "buffer"`. */
  readonly fileQueue?: FileQueueStatus;
  /** The tempo and the beat heard now, once a patch is loaded. */
  readonly transport?: TransportStatus;
}

/** The depth a file's output queue is kept at (`FilePace`). */
export interface FileQueueStatus {
  /** The depth now (with the start-up cushion while it is held), in samples. */
  readonly samples: number;
  readonly pinned: boolean;
  /** Times the adaptive depth grew after an underrun. */
  readonly growths: number;
  /** Times it gave a step back after a calm spell. */
  readonly shrinks: number;
  /** What the adaptive depth was calibrated from, once the start-up cushion has gone. */
  readonly calibration?: CalibrationStatus;
}
