/**
 * What crosses the engine worker's boundary: the options and reports of {@link EngineHost}
 * (`engineHost.ts`), and the clock its pump sleeps on.
 */
import type { CaptureRingShared } from "../../audio/captureRing";

/** Time for the pump loop; injectable so tests need not wait (STYLE.md "Real-time audio"). */
export interface HostClock {
  sleep(ms: number): Promise<void>;
}

export const realClock: HostClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface StartOptions {
  /** Latent frames rendered per block (default 4). */
  readonly blockFrames?: number;
  /** How far ahead of the speakers to keep the ring filled, in seconds (default 0.05). */
  readonly aheadSeconds?: number;
  /**
   * How far ahead to fill while a new patch loads and until its crossfade ends (default 0.2 s,
   * as much as the ring holds): loading shares the worker's thread and the ONNX queue with the
   * stream, so the queue must outlast the load's longest stall.
   */
  readonly loadAheadSeconds?: number;
  /** The capture ring of the live input (made by the capture node at the AudioContext's rate). */
  readonly input?: CaptureRingShared;
}

export interface LoadInfo {
  readonly sampleRate: number;
  readonly latencySamples: number;
  /** Infinity for a live patch (it plays until stopped). */
  readonly durationSamples: number;
  /** True when a source of the patch is live input: it needs the microphone. */
  readonly live: boolean;
}

/** The live input as the host sees it. */
export interface InputStatus {
  /** The capture ring's rate (the AudioContext's); resampled when it is not the patch's. */
  readonly sampleRate: number;
  /** Frames the capture worklet lost to a full ring. */
  readonly droppedFrames: number;
  /** Samples of input skipped to keep the delay bounded after a stall. */
  readonly skippedSamples: number;
  /**
   * Expected delay from input to output while the input sets the pace, in samples at the patch
   * rate: output queue + patch latency + resampler.
   */
  readonly delaySamples: number;
  /** Times the live path was restarted (queue refilled with silence) after an underrun. */
  readonly resyncs: number;
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
}
