import { mkdir } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { NpyReader } from "../dsp/npyStream";
import { WavReader } from "../dsp/wavReader";
import type { LoadedModel } from "../engine/models/types";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { availableModelIds, loadModel, requireString } from "./app";
import { withInput, writeOutput } from "./outputFile";
import { decodeFile, encodeFile } from "./streamCodec";
import { UsageError, type Flags } from "./main";

export async function encodeCommand(inputs: string[], flags: Flags): Promise<number> {
  if (inputs.length === 0) throw new UsageError("encode needs at least one WAV file");
  const outDir = typeof flags["out-dir"] === "string" ? flags["out-dir"] : undefined;
  if (!outDir && inputs.length > 1)
    throw new UsageError("several inputs need --out-dir DIR (one .npy per input)");
  const outFile = outDir ? undefined : requireString(flags, "out");
  // Loaded once the first input's header is read: a missing or broken file is refused at once.
  let model: LoadedModel | undefined;
  try {
    if (outDir) await mkdir(outDir, { recursive: true });
    for (const path of inputs) {
      const target = outFile ?? join(outDir!, `${basename(path, extname(path))}.npy`);
      const frames = await withInput(path, async (input) => {
        const reader = await WavReader.open(input, path);
        model ??= await loadModel(typeof flags.model === "string" ? flags.model : undefined);
        const m = model;
        return writeOutput(target, (output) => encodeFile(m, reader, output));
      });
      console.log(
        `wrote ${target}: ${frames} frames × ${model!.latentDims} dims (${model!.id}, ${model!.frameRate.toFixed(2)} frames/s)`,
      );
    }
  } finally {
    await model?.dispose();
  }
  return 0;
}

export async function decodeCommand(inputs: string[], flags: Flags): Promise<number> {
  const path = inputs[0];
  if (!path) throw new UsageError("decode needs a .npy file");
  const out = requireString(flags, "out");
  const written = await withInput(path, async (input) => {
    const latents = await NpyReader.open(input, path);
    const model = await loadModel(typeof flags.model === "string" ? flags.model : undefined);
    try {
      return await writeOutput(out, (output) => decodeFile(model, latents, output));
    } finally {
      await model.dispose();
    }
  });
  const { samples, sampleRate } = written;
  console.log(`wrote ${out}: ${(samples / sampleRate).toFixed(2)} s at ${sampleRate} Hz`);
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
