/** `decode`: latents to a WAV, guided by their provenance. */
import { NpyReader } from "../dsp/npyStream";
import type { Flags } from "./args";
import {
  availableModelIds,
  checkModelOption,
  formatName,
  loadModel,
  requireString,
  wavFormat,
} from "./app";
import { withInput, writeOutput } from "./outputFile";
import { checkProvenance, provenancePath, readProvenance } from "./provenance";
import { warnLevels } from "./report";
import { decodeFile } from "./streamCodec";
import { EXIT_INPUT, UsageError } from "./usage";
import { outDirTargets } from "./encodeCommand";
import { mkdir } from "node:fs/promises";
import type { WavSampleFormat } from "../dsp/wavEncoding";

/** The model to decode `path` with: `--model`, else the one its provenance names. */
async function decodeModelId(
  path: string,
  option: string | undefined,
  encodedWith: string | undefined,
): Promise<string> {
  if (option !== undefined) return option;
  if (encodedWith === undefined)
    throw new UsageError(
      `${path}: no ${provenancePath(path)} beside it says which model made these latents: name it with --model ID`,
    );
  const ids = await availableModelIds();
  if (!ids.includes(encodedWith))
    throw new Error(
      `${provenancePath(path)}: encoded with model "${encodedWith}", which is not here (available: ${ids.join(", ")}); name another with --model ID --force`,
    );
  return encodedWith;
}

interface DecodeOptions {
  readonly format: WavSampleFormat;
  readonly force: boolean;
  readonly option: string | undefined;
}

/** Decodes the latents at `path` to `out`, guided by their provenance; prints what it wrote. */
async function decodeOne(path: string, out: string, opts: DecodeOptions): Promise<void> {
  const { format, force, option } = opts;
  const { written, id } = await withInput(path, async (input) => {
    const latents = await NpyReader.open(input, path);
    const provenance = await readProvenance(path);
    if (force && !provenance)
      throw new UsageError(`--force: ${path} has no ${provenancePath(path)} to override`);
    const model = await loadModel(await decodeModelId(path, option, provenance?.model.id), [
      "decoder",
    ]);
    try {
      const check = provenance
        ? await checkProvenance(path, provenance, model, latents.rows, force)
        : { notes: [] };
      for (const note of check.notes) console.error(`latent-patcher: note: ${note}`);
      const written = await writeOutput(out, (output) =>
        decodeFile(model, latents, output, { format, samples: check.trimTo }),
      );
      return { written, id: model.id };
    } finally {
      await model.dispose();
    }
  });
  const { samples, sampleRate, stats } = written;
  console.log(
    `wrote ${out}: ${(samples / sampleRate).toFixed(2)} s (${samples} samples) at ${sampleRate} Hz, ${formatName(format)}, model ${id}`,
  );
  warnLevels(out, stats, format, samples);
}

/**
 * `decode z.npy --out x.wav`, or `decode a.npy b.npy … --out-dir DIR` (DIR/a.wav, …): a batch
 * reports a bad file in one line, decodes the others and exits 1 if any failed.
 */
export async function decodeCommand(inputs: string[], flags: Flags): Promise<number> {
  if (inputs.length === 0) throw new UsageError("decode needs a .npy file");
  const outDir = typeof flags["out-dir"] === "string" ? flags["out-dir"] : undefined;
  if (outDir !== undefined && flags.out !== undefined)
    throw new UsageError("give --out (one input) or --out-dir (any number), not both");
  if (outDir === undefined && inputs.length > 1)
    throw new UsageError("several inputs need --out-dir DIR (one .wav per input)");
  const targets =
    outDir === undefined
      ? [requireString(flags, "out")]
      : outDirTargets(inputs, outDir, ".wav", "decode");
  const format = wavFormat(flags, "float32");
  const option = typeof flags.model === "string" ? flags.model : undefined;
  if (option !== undefined) await checkModelOption(option);
  const opts = { format, force: flags.force === true, option };
  if (outDir === undefined) {
    await decodeOne(inputs[0]!, targets[0]!, opts);
    return 0;
  }
  await mkdir(outDir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${outDir}: cannot make the folder (${err.code ?? err.message})`);
  });
  const failed: string[] = [];
  for (const [i, path] of inputs.entries()) {
    try {
      await decodeOne(path, targets[i]!, opts);
    } catch (err) {
      console.error(`latent-patcher: ${err instanceof Error ? err.message : String(err)}`);
      failed.push(path);
    }
  }
  if (failed.length === 0) return 0;
  console.log(
    `decoded ${inputs.length - failed.length} of ${inputs.length} files; failed: ${failed.join(", ")}`,
  );
  return EXIT_INPUT;
}
