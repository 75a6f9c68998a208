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

export interface LatencyFigure {
  /** The patch's own delay from a source sample to the output (encoder/decoder windows). */
  readonly algorithmicMs: number;
  /** Audio queued in the ring (measured when known, else the target). */
  readonly bufferMs: number;
  /** The context's base latency plus the device's output latency. */
  readonly outputMs: number;
  readonly totalMs: number;
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
