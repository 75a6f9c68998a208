/** `decode`: latents to a WAV, guided by their provenance. */
import { NpyReader } from "../dsp/npyStream";
import { atMost, type Flags } from "./args";
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
import { UsageError } from "./usage";

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

export async function decodeCommand(inputs: string[], flags: Flags): Promise<number> {
  atMost(inputs, 1, "decode takes one .npy file");
  const path = inputs[0];
  if (!path) throw new UsageError("decode needs a .npy file");
  const out = requireString(flags, "out");
  const format = wavFormat(flags, "float32");
  const force = flags.force === true;
  const option = typeof flags.model === "string" ? flags.model : undefined;
  if (option !== undefined) await checkModelOption(option);
  const { written, id } = await withInput(path, async (input) => {
    const latents = await NpyReader.open(input, path);
    const provenance = await readProvenance(path);
    if (force && !provenance)
      throw new UsageError(`--force: ${path} has no ${provenancePath(path)} to override`);
    const model = await loadModel(await decodeModelId(path, option, provenance?.model.id));
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
  return 0;
}
