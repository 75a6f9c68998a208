/** The live path's settings and its latency figure (pure arithmetic, unit-tested). */
import type { LoadInfo } from "../../engine/worker/engineClient";

export interface LiveSettings {
  /** Latent frames the worker renders per block (a parameter change waits for the next block). */
  readonly blockFrames: number;
  /** Audio the worker keeps queued ahead of the speakers, in seconds. */
  readonly aheadSeconds: number;
  /** Audio queued while a new patch loads and crossfades in (covers the load's stalls). */
  readonly loadAheadSeconds: number;
  /** Ring capacity in seconds. */
  readonly ringSeconds: number;
}

/**
 * One latent frame per block and 50 ms queued: a parameter change is heard after the queue, up
 * to one block and the crossfade (~50 + 23 + 20 ms with the default model; measured ~80 ms in
 * Chromium). A 30 ms queue is heard in ~55 ms but underran on a busy two-core machine.
 */
export const LIVE_SETTINGS: LiveSettings = {
  blockFrames: 1,
  aheadSeconds: 0.05,
  loadAheadSeconds: 0.2,
  ringSeconds: 0.25,
};

/**
 * The live settings with the queue a page asks for: `?buffer=MS` (20 to 1000 ms) trades
 * latency for safety on a busy machine, like the buffer size of nn~ or a DAW. Anything else
 * keeps {@link LIVE_SETTINGS}.
 */
export function liveSettingsFromQuery(search: string): LiveSettings {
  const raw = new URLSearchParams(search).get("buffer");
  const ms = raw === null ? NaN : Number(raw);
  if (!Number.isFinite(ms) || ms < 20 || ms > 1000) return LIVE_SETTINGS;
  const aheadSeconds = ms / 1000;
  return {
    ...LIVE_SETTINGS,
    aheadSeconds,
    loadAheadSeconds: Math.max(LIVE_SETTINGS.loadAheadSeconds, aheadSeconds),
    ringSeconds: Math.max(LIVE_SETTINGS.ringSeconds, 2 * aheadSeconds + 0.05),
  };
}

export interface LatencyFigure {
  /** The patch's own delay from a source sample to the output (encoder/decoder windows). */
  readonly algorithmicMs: number;
  /** Audio queued in the ring (measured when known, else the target). */
  readonly bufferMs: number;
  /** The context's base latency plus the device's output latency. */
  readonly outputMs: number;
  readonly totalMs: number;
  /** Live input only: the delay the latency probe measured from input to output node. */
  readonly measuredMs?: number;
}

export function latencyOf(
  info: Pick<LoadInfo, "latencySamples" | "sampleRate">,
  settings: Pick<LiveSettings, "aheadSeconds">,
  bufferedFrames: number | undefined,
  context: { readonly baseLatency: number; readonly outputLatency: number },
): LatencyFigure {
  const algorithmicMs = (1000 * info.latencySamples) / info.sampleRate;
  const bufferMs =
    bufferedFrames !== undefined && bufferedFrames > 0
      ? (1000 * bufferedFrames) / info.sampleRate
      : 1000 * settings.aheadSeconds;
  const outputMs = 1000 * ((context.baseLatency || 0) + (context.outputLatency || 0));
  return { algorithmicMs, bufferMs, outputMs, totalMs: algorithmicMs + bufferMs + outputMs };
}

/**
 * The live input's latency: the patch's own delay, the queue of the live path (the output queue,
 * the block that waits for its input, the resampler: `delaySamples` less the patch latency), the
 * output device, and the probe's measurement of the first two when there is one.
 */
export function liveLatencyOf(
  info: Pick<LoadInfo, "latencySamples" | "sampleRate">,
  delaySamples: number,
  context: { readonly baseLatency: number; readonly outputLatency: number },
  measuredMs?: number,
): LatencyFigure {
  const algorithmicMs = (1000 * info.latencySamples) / info.sampleRate;
  const bufferMs = (1000 * (delaySamples - info.latencySamples)) / info.sampleRate;
  const outputMs = 1000 * ((context.baseLatency || 0) + (context.outputLatency || 0));
  const totalMs = (measuredMs ?? algorithmicMs + bufferMs) + outputMs;
  return { algorithmicMs, bufferMs, outputMs, totalMs, measuredMs };
}

/** Median of the probe's click delays (frames at `sampleRate`) in ms; undefined if none came back. */
export function medianDelay(delays: readonly number[], sampleRate: number): number | undefined {
  const heard = delays.filter((d) => d >= 0).sort((a, b) => a - b);
  if (heard.length === 0) return undefined;
  const m = heard.length >> 1;
  const mid = heard.length % 2 ? heard[m]! : (heard[m - 1]! + heard[m]!) / 2;
  return (1000 * mid) / sampleRate;
}
