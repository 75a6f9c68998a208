/** The live path's settings and its latency figure (pure arithmetic, unit-tested). */
import type { LoadInfo } from "../../engine/worker/engineClient";
import type { FileQueueStatus, InputStatus } from "../../engine/worker/hostTypes";
import type { LiveQueueSetting } from "../../engine/worker/liveQueue";

export interface LiveSettings {
  /** Latent frames the worker renders per block (a parameter change waits for the next block). */
  readonly blockFrames: number;
  /**
   * Audio the worker keeps queued ahead of the speakers when playing a file, in seconds, or
   * "buffer": as deep as the Buffer setting says (adaptive by default, like live input's).
   */
  readonly aheadSeconds: number | "buffer";
  /**
   * Live input's output queue beyond the block that waits for its input: "adaptive" starts at a
   * few ms and grows after each underrun; seconds pin it.
   */
  readonly liveQueue: LiveQueueSetting;
  /** Audio queued while a new patch loads and crossfades in (covers the load's stalls). */
  readonly loadAheadSeconds: number;
  /** Ring capacity in seconds. */
  readonly ringSeconds: number;
}

/**
 * One latent frame per block. A parameter change is heard after the output queued ahead of it,
 * up to one block and the crossfade. The worker is woken the moment it can render — by the
 * capture worklet when a block of input is in, by the output worklet when a file's queue has
 * played down to its depth — so the queue only has to cover the render and the audio thread's
 * bursts: it starts at a few ms and grows where the machine needs it (the Buffer setting, for
 * files and live input alike). A fixed 50 ms file queue, polled on a timer, was heard after
 * 55–80 ms.
 */
export const LIVE_SETTINGS: LiveSettings = {
  blockFrames: 1,
  aheadSeconds: "buffer",
  liveQueue: "adaptive",
  loadAheadSeconds: 0.2,
  ringSeconds: 0.25,
};

/**
 * The live settings with the queue a page asks for: `?buffer=MS` (0 to 1000 ms) pins the Buffer
 * (the live queue, and a file's queue: at least 20 ms, see `FilePace`), trading latency for safety
 * like the buffer size of nn~ or a DAW; `?buffer=auto` is the adaptive default. Anything else
 * keeps {@link LIVE_SETTINGS}.
 */
export function liveSettingsFromQuery(search: string): LiveSettings {
  const raw = new URLSearchParams(search).get("buffer");
  const ms = raw === null || raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(ms) || ms < 0 || ms > 1000) return LIVE_SETTINGS;
  const seconds = ms / 1000;
  return {
    ...LIVE_SETTINGS,
    liveQueue: seconds,
    loadAheadSeconds: Math.max(LIVE_SETTINGS.loadAheadSeconds, seconds),
    ringSeconds: Math.max(LIVE_SETTINGS.ringSeconds, 2 * seconds + 0.05),
  };
}

export interface LatencyFigure {
  /** A file playing (the queue, if any, is the file queue) or live input. */
  readonly path: "file" | "live";
  /** The patch's own delay from a source sample to the output (encoder/decoder windows). */
  readonly algorithmicMs: number;
  /** Audio queued in the ring (measured when known, else the target). */
  readonly bufferMs: number;
  /** The context's base latency plus the device's output latency. */
  readonly outputMs: number;
  readonly totalMs: number;
  /** Live input only: the delay the latency probe measured from input to output node. */
  readonly measuredMs?: number;
  /** Live input only: the output queue beyond the block (part of `bufferMs`) and how it is set. */
  readonly queue?: {
    readonly ms: number;
    readonly pinned: boolean;
    readonly growths: number;
    readonly shrinks: number;
  };
}

export function latencyOf(
  info: Pick<LoadInfo, "latencySamples" | "sampleRate">,
  settings: Pick<LiveSettings, "aheadSeconds">,
  bufferedFrames: number | undefined,
  context: { readonly baseLatency: number; readonly outputLatency: number },
  fileQueue?: FileQueueStatus,
): LatencyFigure {
  const algorithmicMs = (1000 * info.latencySamples) / info.sampleRate;
  const bufferMs =
    bufferedFrames !== undefined && bufferedFrames > 0
      ? (1000 * bufferedFrames) / info.sampleRate
      : settings.aheadSeconds === "buffer"
        ? 0
        : 1000 * settings.aheadSeconds;
  const outputMs = 1000 * ((context.baseLatency || 0) + (context.outputLatency || 0));
  const totalMs = algorithmicMs + bufferMs + outputMs;
  if (!fileQueue) return { path: "file", algorithmicMs, bufferMs, outputMs, totalMs };
  const queue = {
    ms: (1000 * fileQueue.samples) / info.sampleRate,
    pinned: fileQueue.pinned,
    growths: fileQueue.growths,
    shrinks: fileQueue.shrinks,
  };
  return { path: "file", algorithmicMs, bufferMs, outputMs, totalMs, queue };
}

/**
 * The live input's latency: the patch's own delay, the queue of the live path (the output queue,
 * the block that waits for its input, the resampler: `delaySamples` less the patch latency), the
 * output device, and the probe's measurement of the first two when there is one.
 */
export function liveLatencyOf(
  info: Pick<LoadInfo, "latencySamples" | "sampleRate">,
  input: Pick<
    InputStatus,
    "delaySamples" | "queueSamples" | "queuePinned" | "queueGrowths" | "queueShrinks"
  >,
  context: { readonly baseLatency: number; readonly outputLatency: number },
  measuredMs?: number,
): LatencyFigure {
  const algorithmicMs = (1000 * info.latencySamples) / info.sampleRate;
  const bufferMs = (1000 * (input.delaySamples - info.latencySamples)) / info.sampleRate;
  const outputMs = 1000 * ((context.baseLatency || 0) + (context.outputLatency || 0));
  const totalMs = (measuredMs ?? algorithmicMs + bufferMs) + outputMs;
  const queue = {
    ms: (1000 * input.queueSamples) / info.sampleRate,
    pinned: input.queuePinned,
    growths: input.queueGrowths,
    shrinks: input.queueShrinks,
  };
  return { path: "live", algorithmicMs, bufferMs, outputMs, totalMs, measuredMs, queue };
}

/**
 * How a live queue reads in the transport: "adaptive, 7.3 ms", "adaptive, 17.3 ms (grew 2 times
 * after underruns, gave 1 step back)" or "pinned, 20 ms".
 */
export function describeQueue(queue: NonNullable<LatencyFigure["queue"]>): string {
  const ms = `${queue.ms.toFixed(1)} ms`;
  if (queue.pinned) return `pinned, ${ms}`;
  const times = queue.growths === 1 ? "once" : `${queue.growths} times`;
  const back = queue.shrinks === 1 ? "1 step" : `${queue.shrinks} steps`;
  const notes = [
    ...(queue.growths > 0 ? [`grew ${times} after underruns`] : []),
    ...(queue.shrinks > 0 ? [`gave ${back} back`] : []),
  ];
  return notes.length === 0 ? `adaptive, ${ms}` : `adaptive, ${ms} (${notes.join(", ")})`;
}

/** Median of the probe's click delays (frames at `sampleRate`) in ms; undefined if none came back. */
export function medianDelay(delays: readonly number[], sampleRate: number): number | undefined {
  const heard = delays.filter((d) => d >= 0).sort((a, b) => a - b);
  if (heard.length === 0) return undefined;
  const m = heard.length >> 1;
  const mid = heard.length % 2 ? heard[m]! : (heard[m - 1]! + heard[m]!) / 2;
  return (1000 * mid) / sampleRate;
}

/** A latency measurement by the probe. */
export interface MeasuredLatency {
  /** Median delay from a click at the input to its echo at the output node. */
  readonly ms: number;
  /** Every click's delay in ms (NaN: no echo heard). */
  readonly clicksMs: readonly number[];
}
