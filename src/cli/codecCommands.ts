import { mkdir, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { encodeClip, decodeClip } from "../engine/codec";
import { encodeNpy, decodeNpy } from "../dsp/npy";
import { encodeWav } from "../dsp/wav";
import { resample } from "../dsp/resample";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { availableModelIds, loadModel, readInputFile, readWav, requireString } from "./app";
import { UsageError, type Flags } from "./main";

function mono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0] ?? new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const c of channels) for (let i = 0; i < out.length; i++) out[i]! += c[i]! / channels.length;
  return out;
}

export async function encodeCommand(inputs: string[], flags: Flags): Promise<number> {
  if (inputs.length === 0) throw new UsageError("encode needs at least one WAV file");
  const outDir = typeof flags["out-dir"] === "string" ? flags["out-dir"] : undefined;
  if (!outDir && inputs.length > 1)
    throw new UsageError("several inputs need --out-dir DIR (one .npy per input)");
  const outFile = outDir ? undefined : requireString(flags, "out");
  const model = await loadModel(typeof flags.model === "string" ? flags.model : undefined);
  if (outDir) await mkdir(outDir, { recursive: true });
  for (const path of inputs) {
    const audio = await readWav(path);
    const samples = resample(mono(audio.channels), audio.sampleRate, model.sampleRate);
    const { data, frames } = await encodeClip(model, samples);
    const target = outFile ?? join(outDir!, `${basename(path, extname(path))}.npy`);
    await writeFile(target, encodeNpy(data, [frames, model.latentDims]));
    console.log(
      `wrote ${target}: ${frames} frames × ${model.latentDims} dims (${model.id}, ${model.frameRate.toFixed(2)} frames/s)`,
    );
  }
  await model.dispose();
  return 0;
}

export async function decodeCommand(inputs: string[], flags: Flags): Promise<number> {
  const path = inputs[0];
  if (!path) throw new UsageError("decode needs a .npy file");
  const out = requireString(flags, "out");
  const { data, shape } = decodeNpy(await readInputFile(path), path);
  const model = await loadModel(typeof flags.model === "string" ? flags.model : undefined);
  if (shape.length !== 2 || shape[1] !== model.latentDims) {
    throw new UsageError(
      `${path}: shape [${shape.join(", ")}], but model "${model.id}" needs [frames, ${model.latentDims}]`,
    );
  }
  const samples = await decodeClip(model, data, shape[0]!);
  await writeFile(out, encodeWav([samples], model.sampleRate, "pcm16"));
  console.log(
    `wrote ${out}: ${(samples.length / model.sampleRate).toFixed(2)} s at ${model.sampleRate} Hz`,
  );
  await model.dispose();
  return 0;
}

export async function modelsCommand(): Promise<number> {
  const rows = [["id", "sample rate", "dims", "frame rate", "front end", ""]];
  for (const id of await availableModelIds()) {
    const m = await loadModel(id);
    rows.push([
      m.id,
      `${m.sampleRate} Hz`,
      String(m.latentDims),
      `${m.frameRate.toFixed(2)} /s`,
      m.manifest.frontEnd.kind,
      id === DEFAULT_MODEL_ID ? "(default)" : "",
    ]);
    await m.dispose();
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
  return 0;
}
