/**
 * One process of `npm run bench:ort-memory` (bench/ortMemory.ts): creates the default pack's
 * encoder and decoder sessions with the options given as JSON in argv[2], runs argv[3] blocks
 * (512 STFT frames into the encoder, 128 latent frames into the decoder) and prints
 * `PROBE <rss after creation MB> <peak rss MB> <ms running>`.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { URL } from "node:url";
import * as ort from "onnxruntime-web";

ort.env.wasm.numThreads = 1;
const options = JSON.parse(process.argv[2] ?? "{}");
const blocks = Number(process.argv[3] ?? 100);
const pack = new URL("../models/neural-spectral/", import.meta.url);
const sessions = [];
for (const name of ["encoder", "decoder"]) {
  const bytes = readFileSync(new URL(`${name}.onnx`, pack));
  sessions.push(
    await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], ...options }),
  );
}
const rss = () => process.memoryUsage().rss / 1048576;
const created = rss();
let peak = created;
const t0 = performance.now();
for (let b = 0; b < blocks; b++) {
  for (const [i, session] of sessions.entries()) {
    const meta = session.inputMetadata[0];
    const dims = meta.shape.map((d, k) =>
      typeof d === "number" && d > 0 ? d : k === 0 ? 1 : i === 0 ? 512 : 128,
    );
    const data = new Float32Array(dims.reduce((a, c) => a * c, 1)).fill(i === 0 ? -3 : 0.1);
    const out = await session.run({ [meta.name]: new ort.Tensor("float32", data, dims) });
    for (const t of Object.values(out)) t.dispose();
  }
  peak = Math.max(peak, rss());
}
console.log(
  `PROBE ${created.toFixed(0)} ${peak.toFixed(0)} ${(performance.now() - t0).toFixed(0)}`,
);
