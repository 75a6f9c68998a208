/**
 * `encode`: WAV files to latents, each `z.npy` with its provenance `z.json`. A batch finishes:
 * a file that cannot be read or encoded is reported in one line and skipped, the others are
 * written, and the exit status says that something failed.
 */
import { mkdir } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { WavReader } from "../dsp/wavReader";
import type { LoadedModel } from "../engine/models/types";
import { type Flags } from "./args";
import { checkModelOption, loadModel, positiveNumber, requireString } from "./app";
import { openInput, writeOutput } from "./outputFile";
import { packSha256, provenancePath, toolVersion, type Provenance } from "./provenance";
import { CODEC_BLOCK_FRAMES, encodeFile, resampledLength } from "./streamCodec";
import { EXIT_INPUT, UsageError } from "./usage";

/**
 * Where `--out-dir` puts each input's output (`dir/<name>.npy`, or `extension`); two inputs that would share a
 * file are refused up front, naming both.
 */
export function outDirTargets(
  inputs: readonly string[],
  dir: string,
  extension = ".npy",
  verb = "encode",
): string[] {
  // Keyed without case: x.wav and X.WAV collide on case-insensitive file systems (macOS, Windows).
  const owner = new Map<string, { path: string; target: string }>();
  return inputs.map((path) => {
    const target = join(dir, `${basename(path, extname(path))}${extension}`);
    const first = owner.get(target.toLowerCase());
    if (first !== undefined) {
      const where =
        first.target === target
          ? target
          : `${first.target} and ${target}, one file where case is ignored`;
      throw new UsageError(
        `${first.path} and ${path} would both be written to ${where}: ${verb} them into separate folders`,
      );
    }
    owner.set(target.toLowerCase(), { path, target });
    return target;
  });
}

/** Encodes one opened WAV to `target` and its provenance; returns the frames written. */
async function encodeOne(
  model: LoadedModel,
  reader: WavReader,
  path: string,
  target: string,
  seconds: number | undefined,
): Promise<number> {
  const inputFrames =
    seconds === undefined
      ? reader.frames
      : Math.min(reader.frames, Math.round(seconds * reader.sampleRate));
  const frames = await writeOutput(target, (out) =>
    encodeFile(model, reader, out, CODEC_BLOCK_FRAMES, inputFrames),
  );
  const provenance: Provenance = {
    format: "latent-patcher.latents",
    version: 1,
    model: { id: model.id, packSha256: await packSha256(model) },
    frames,
    dims: model.latentDims,
    frameRate: model.frameRate,
    sampleRate: model.sampleRate,
    hopSamples: model.hopSamples,
    samples: resampledLength(inputFrames, reader.sampleRate, model.sampleRate),
    source: {
      file: resolve(path),
      sampleRate: reader.sampleRate,
      channels: reader.channels,
      samples: reader.frames,
      encodedSamples: inputFrames,
    },
    tool: { name: "latent-patcher", version: await toolVersion() },
  };
  await writeOutput(provenancePath(target), (out) =>
    out.writeFile(`${JSON.stringify(provenance, null, 2)}\n`),
  );
  return frames;
}

export async function encodeCommand(inputs: string[], flags: Flags): Promise<number> {
  if (inputs.length === 0) throw new UsageError("encode needs at least one WAV file");
  const outDir = typeof flags["out-dir"] === "string" ? flags["out-dir"] : undefined;
  if (outDir !== undefined && flags.out !== undefined)
    throw new UsageError("give --out (one input) or --out-dir (any number), not both");
  if (outDir === undefined && inputs.length > 1)
    throw new UsageError("several inputs need --out-dir DIR (one .npy per input)");
  const targets =
    outDir === undefined ? [requireString(flags, "out")] : outDirTargets(inputs, outDir);
  const seconds = positiveNumber(flags, "seconds");
  const modelId = typeof flags.model === "string" ? flags.model : undefined;
  if (modelId !== undefined) await checkModelOption(modelId);
  if (outDir !== undefined) {
    await mkdir(outDir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`${outDir}: cannot make the folder (${err.code ?? err.message})`);
    });
  }
  const failed: string[] = [];
  /** Runs `step` on input `path`; a failure is reported in one line and the input skipped. */
  const attempt = async <T>(path: string, step: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await step();
    } catch (err) {
      console.error(`latent-patcher: ${err instanceof Error ? err.message : String(err)}`);
      failed.push(path);
      return undefined;
    }
  };
  // Loaded once the first input's header is read: a missing or broken file is refused at once.
  let model: LoadedModel | undefined;
  try {
    for (const [i, path] of inputs.entries()) {
      const target = targets[i]!;
      const handle = await attempt(path, () => openInput(path));
      if (!handle) continue;
      try {
        const reader = await attempt(path, () => WavReader.open(handle, path));
        if (!reader) continue;
        if (!model) {
          model = await loadModel(modelId, ["encoder"]);
          // The pack's hash (for z.json) is read and computed while the first file encodes.
          packSha256(model).catch(() => undefined);
        }
        const m = model;
        const frames = await attempt(path, () => encodeOne(m, reader, path, target, seconds));
        if (frames === undefined) continue;
        console.log(
          `wrote ${target}: ${frames} frames × ${m.latentDims} dims (${m.id}, ${m.frameRate.toFixed(2)} frames/s), and ${provenancePath(target)}`,
        );
      } finally {
        await handle.close();
      }
    }
  } finally {
    await model?.dispose();
  }
  if (failed.length === 0) return 0;
  if (inputs.length > 1)
    console.log(
      `encoded ${inputs.length - failed.length} of ${inputs.length} files; failed: ${failed.join(", ")}`,
    );
  return EXIT_INPUT;
}
