// Producer thread for the ring test: writes frames 0..total-1 as canaries (channel 0 = n,
// channel 1 = −n − 0.5) in chunks of varying size, as fast as the ring takes them.
import { parentPort, workerData } from "node:worker_threads";
import { OutputRingWriter, type OutputRingShared } from "../../src/audio/outputRing";

const { ring, total } = (workerData as { data: { ring: OutputRingShared; total: number } }).data;
const writer = new OutputRingWriter(ring);
const left = new Float32Array(1000);
const right = new Float32Array(1000);
let next = 0;
let spins = 0;
while (next < total) {
  const size = Math.min(total - next, 1 + ((next * 7919) % 997));
  for (let i = 0; i < size; i++) {
    left[i] = next + i;
    right[i] = -(next + i) - 0.5;
  }
  let written = 0;
  while (written < size) {
    const n = writer.write([left, right], written, size - written);
    if (n === 0) spins++;
    written += n;
  }
  next += size;
}
parentPort!.postMessage({ written: next, spins });
