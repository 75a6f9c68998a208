// Consumer thread for the capture wake-up test: waits for each block of `block` frames with
// CaptureRingReader.waitFor (Atomics.waitAsync on the capture ring), reads it, checks the canaries
// (frame n carries the value n) and reports its progress in `progress[0]` (frames read). Each
// wait's outcome is tallied: notified, not-equal (a quantum came between the count's load and the
// wait) or timed out; for a notified wake, how far the capture count had passed the count asked for.
import { parentPort, workerData } from "node:worker_threads";
import {
  CaptureControl,
  CaptureRingReader,
  type AtomicsWaiter,
  type CaptureRingShared,
} from "../../src/audio/captureRing";

interface Data {
  ring: CaptureRingShared;
  progress: SharedArrayBuffer;
  block: number;
  total: number;
}
const { ring, progress, block, total } = (workerData as { data: Data }).data;
const reader = new CaptureRingReader(ring);
const control = new Int32Array(ring.control);
const read = new Int32Array(progress);
const buf = new Float32Array(block);
const outcomes = { ok: 0, "not-equal": 0, "timed-out": 0 };
/** Atomics.waitAsync (not in TypeScript's ES2022 lib), its outcome kept. */
const atomics = Atomics as unknown as {
  waitAsync(
    cell: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
};
const wait: AtomicsWaiter = async (cell, index, value, timeoutMs) => {
  const r = atomics.waitAsync(cell, index, value, timeoutMs);
  const outcome = (r.async ? await r.value : r.value) as keyof typeof outcomes;
  outcomes[outcome]++;
};
// A pending Atomics.waitAsync does not keep a Node thread alive: a timer does, until the end.
const keepAlive = setInterval(() => undefined, 1000);
let expected = 0;
let problems = 0;
/** Frames past the asked-for count when a notify woke this thread (the worst seen). */
let worstPast = 0;
let notifiedWakes = 0;
while (expected < total) {
  const before = outcomes.ok;
  const ready = await reader.waitFor(block, 3000, wait);
  if (outcomes.ok > before) {
    notifiedWakes++;
    const past =
      Atomics.load(control, CaptureControl.framesCaptured) -
      Atomics.load(control, CaptureControl.wakeAt);
    worstPast = Math.max(worstPast, past);
  }
  if (!ready) continue;
  const n = reader.read(buf);
  for (let i = 0; i < n; i++) if (buf[i] !== expected++) problems++;
  Atomics.store(read, 0, expected);
  Atomics.notify(read, 0);
}
clearInterval(keepAlive);
parentPort!.postMessage({ read: expected, problems, outcomes, notifiedWakes, worstPast });
