// Consumer thread for the capture ring test: reads `total` frames with a CaptureRingReader and
// checks each is the next canary (frame n carries the value n).
import { parentPort, workerData } from "node:worker_threads";
import { CaptureRingReader, type CaptureRingShared } from "../../src/audio/captureRing";

const { ring, total } = (workerData as { data: { ring: CaptureRingShared; total: number } }).data;
const reader = new CaptureRingReader(ring);
const buf = new Float32Array(333);
let expected = 0;
let problems = 0;
let emptyPolls = 0;
while (expected < total) {
  const n = reader.read(buf);
  if (n === 0) emptyPolls++;
  for (let i = 0; i < n; i++) if (buf[i] !== expected++) problems++;
}
parentPort!.postMessage({ read: expected, problems, emptyPolls });
