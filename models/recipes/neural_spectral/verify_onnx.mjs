// Checks an exported spectral pack's ONNX files with onnxruntime-web (WASM, one thread), as
// the engine runs them:  node verify_onnx.mjs <packDir> <ref.json>   (cwd: the repo root)
// ref.json: {x: [513*S], z: [D*S/F], y: [513*S], D, S, F} from torch (F: STFT frames per latent
// frame, 4 when absent). Prints one JSON line:
// shapes, max |onnx - torch|, max |blocked - whole| for encoder and decoder, speed.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import * as ort from "onnxruntime-web";

ort.env.wasm.numThreads = 1;
const [dir, refPath] = process.argv.slice(2);
const ref = JSON.parse(readFileSync(refPath, "utf8"));
const BINS = 513;
const { D, S } = ref;
const F = ref.F ?? 4;
const T = S / F;
// A decoder with context (decoder.context) gets C frames of history before each block: the
// silence latent `initial` before the stream, then the stream's own previous frames.
const C = ref.C ?? 0;
const initial = ref.initial ?? [];

const enc = await ort.InferenceSession.create(readFileSync(`${dir}/encoder.onnx`));
const dec = await ort.InferenceSession.create(readFileSync(`${dir}/decoder.onnx`));

async function run(sess, name, data, dims) {
  const out = await sess.run({ [name]: new ort.Tensor("float32", data, dims) });
  const t = out[sess.outputNames[0]];
  return { data: t.data, dims: t.dims };
}

/** [1, C, N] row-major: columns a..b */
function cols(data, C, N, a, b) {
  const out = new Float32Array(C * (b - a));
  for (let c = 0; c < C; c++) out.set(data.subarray(c * N + a, c * N + b), c * (b - a));
  return out;
}
function joinCols(parts, C) {
  const N = parts.reduce((n, p) => n + p.length / C, 0);
  const out = new Float32Array(C * N);
  let at = 0;
  for (const p of parts) {
    const n = p.length / C;
    for (let c = 0; c < C; c++) out.set(p.subarray(c * n, (c + 1) * n), c * N + at);
    at += n;
  }
  return out;
}
const maxDiff = (a, b) => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

const x = Float32Array.from(ref.x);
const zWhole = await run(enc, "logmag", x, [1, BINS, S]);
const parts = [];
for (const [a, b] of [
  [0, 12],
  [12, 32],
  [32, 36],
  [36, S],
]) {
  parts.push((await run(enc, "logmag", cols(x, BINS, S, a, b), [1, BINS, b - a])).data);
}
const zBlocked = joinCols(parts, D);
/** The decoder's input for latent frames a..b of z ([1, D, N] data): C frames of history first. */
function withContext(z, N, a, b) {
  const n = C + b - a;
  const out = new Float32Array(D * n);
  for (let d = 0; d < D; d++)
    for (let i = 0; i < n; i++) {
      const t = a - C + i;
      out[d * n + i] = t < 0 ? initial[d] : z[d * N + t];
    }
  return out;
}
const yWhole = await run(dec, "z", withContext(zWhole.data, T, 0, T), [1, D, C + T]);
const dparts = [];
for (const [a, b] of [
  [0, 3],
  [3, 8],
  [8, 9],
  [9, T],
]) {
  dparts.push((await run(dec, "z", withContext(zWhole.data, T, a, b), [1, D, C + b - a])).data);
}
const yBlocked = joinCols(dparts, BINS);

// speed: 10 s of audio at 44.1 kHz = 1724 STFT frames (431 latent frames at F = 4)
const Tl = Math.floor((10 * 44100) / (256 * F));
const big = new Float32Array(BINS * Tl * F).map((_, i) => -3 + Math.sin(i * 0.37) * 2);
const zBig = new Float32Array(D * Tl).map((_, i) => Math.sin(i * 0.11));
const times = { enc: [], dec: [] };
for (let r = 0; r < 5; r++) {
  let t0 = performance.now();
  await run(enc, "logmag", big, [1, BINS, Tl * F]);
  times.enc.push(performance.now() - t0);
  t0 = performance.now();
  await run(dec, "z", withContext(zBig, Tl, 0, Tl), [1, D, C + Tl]);
  times.dec.push(performance.now() - t0);
}
const med = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
console.log(
  JSON.stringify({
    encoderDims: zWhole.dims,
    decoderDims: yWhole.dims,
    encoderVsTorch: maxDiff(zWhole.data, Float32Array.from(ref.z)),
    decoderVsTorch: maxDiff(yWhole.data, Float32Array.from(ref.y)),
    encoderBlockedVsWhole: maxDiff(zBlocked, zWhole.data),
    decoderBlockedVsWhole: maxDiff(yBlocked, yWhole.data),
    encodeMsPer10s: +med(times.enc).toFixed(1),
    decodeMsPer10s: +med(times.dec).toFixed(1),
    encodeRealTime: +(10000 / med(times.enc)).toFixed(0),
    decodeRealTime: +(10000 / med(times.dec)).toFixed(0),
  }),
);
