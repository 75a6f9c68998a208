/**
 * The beat readout between the worker's status polls: the last reported beat moved on at the
 * reported tempo for the time since it arrived (at most half a second, so a stalled worker does
 * not run the readout away), shown as bar.beat.
 */
import type { TransportStatus } from "../../engine/worker/transportStatus";

/** The longest the readout runs on from one status, in milliseconds. */
export const MAX_EXTRAPOLATION_MS = 500;

/** The beat heard `ageMs` after `status` was reported. */
export function beatNow(status: TransportStatus, ageMs: number): number {
  const ms = Math.min(Math.max(0, ageMs), MAX_EXTRAPOLATION_MS);
  return status.beat + (status.bpm / 60) * (ms / 1000);
}

/** "bar.beat", both counted from 1: beat 0 is "1.1", beat 5 in 4/4 is "2.2". */
export function formatBarBeat(beat: number, beatsPerBar: number): string {
  if (!(Number.isFinite(beat) && beat >= 0)) return "1.1";
  const whole = Math.floor(beat + 1e-9);
  return `${Math.floor(whole / beatsPerBar) + 1}.${(whole % beatsPerBar) + 1}`;
}
