/** The transport as the worker reports it: the tempo and the beat the listener hears now. */
import type { StreamingRender } from "../stream/streamingRender";

export interface TransportStatus {
  /** The tempo now, in beats per minute. */
  readonly bpm: number;
  /**
   * Beats since the start at the sample reaching the output ring's reader: the render position
   * less what is queued and the patch's own latency (never before beat 0).
   */
  readonly beat: number;
}

/** The transport of `stream` with `bufferedSamples` queued ahead of the speakers. */
export function transportStatus(
  stream: StreamingRender | undefined,
  bufferedSamples: number,
): TransportStatus | undefined {
  if (!stream) return undefined;
  const { hopSamples } = stream.clock;
  const heard = stream.framePosition - (bufferedSamples + stream.latencySamples) / hopSamples;
  const frame = Math.max(0, heard);
  return { bpm: stream.tempo.bpmAt(frame), beat: stream.tempo.beatAt(frame) };
}
