// Runs an exported waveform pack's ONNX files with onnxruntime-web (WASM, one thread), for
// export_rave.py when python has no onnxruntime:  node run_onnx.mjs <packDir> <probe.json>
// (cwd: the repo root). probe.json: {x: [N], z: [D*T], D, T}. Prints one JSON line:
// {z, zDims, audio, audioDims}: encoder(x) and decoder(z).
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-web";

ort.env.wasm.numThreads = 1;
const [dir, refPath] = process.argv.slice(2);
const ref = JSON.parse(readFileSync(refPath, "utf8"));

async function run(file, input, output, data, dims) {
  const sess = await ort.InferenceSession.create(readFileSync(`${dir}/${file}`));
  const out = await sess.run({ [input]: new ort.Tensor("float32", Float32Array.from(data), dims) });
  const t = out[output];
  return { data: Array.from(t.data), dims: t.dims.map(Number) };
}

const z = await run("encoder.onnx", "audio", "z", ref.x, [1, 1, ref.x.length]);
const y = await run("decoder.onnx", "z", "audio", ref.z, [1, ref.D, ref.T]);
process.stdout.write(
  JSON.stringify({ z: z.data, zDims: z.dims, audio: y.data, audioDims: y.dims }) + "\n",
);
