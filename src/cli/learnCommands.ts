/**
 * `learn` fits a latent operation (docs/learn.md) from dry/wet WAV pairs and writes it as JSON;
 * `apply` encodes a WAV, applies an operation file to its latents and decodes them. The latents
 * stay in memory (16 floats a frame); the audio streams from and to its files as `encode` and
 * `decode` do.
 */
import { basename } from "node:path";
import { encodeNpy } from "../dsp/npy";
import { NpyReader } from "../dsp/npyStream";
import { MemoryFile } from "../dsp/memoryFile";
import { WavReader } from "../dsp/wavReader";
import { decodeNpy } from "../dsp/npy";
import { fitOperation } from "../engine/learn/fit";
import {
  applyOperation,
  operationApplier,
  OPERATION_KINDS,
  type OperationKind,
} from "../engine/learn/operation";
import { parseOperation } from "../engine/learn/operationFile";
import { alignPairs, type LatentPair } from "../engine/learn/pairs";
import type { LoadedModel } from "../engine/models/types";
import { latent, type LatentValue } from "../engine/values";
import {
  formatName,
  loadModel,
  positiveInteger,
  readInputFile,
  requireString,
  wavFormat,
} from "./app";
import { atMost, listOf, type Flags } from "./args";
import { withInput, writeOutput } from "./outputFile";
import { warnLevels } from "./report";
import { CODEC_BLOCK_FRAMES, decodeFile, encodeFile, resampledLength } from "./streamCodec";
import { UsageError } from "./usage";

/** Encodes the WAV at `path` with `model` into latents held in memory, and its length. */
async function encodeWav(
  model: LoadedModel,
  path: string,
): Promise<{ z: LatentValue; samples: number }> {
  return withInput(path, async (handle) => {
    const reader = await WavReader.open(handle, path);
    const memory = new MemoryFile();
    const frames = await encodeFile(model, reader, memory, CODEC_BLOCK_FRAMES);
    const { data } = decodeNpy(memory.bytes(), path);
    const samples = resampledLength(reader.frames, reader.sampleRate, model.sampleRate);
    return { z: latent(data, frames, model.latentDims, model.frameRate, model.id), samples };
  });
}

function kindOf(flags: Flags): OperationKind {
  const kind = requireString(flags, "kind");
  if (!(OPERATION_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--kind ${kind}: expected one of ${OPERATION_KINDS.join(", ")}`);
  return kind as OperationKind;
}

/**
 * `--shrink auto|S`: how far affine and FiLMR fits are pulled towards mean shift — `auto` chooses
 * by leave-one-pair-out validation on the examples, a number in [0, 1] is used as given.
 */
function shrinkOf(flags: Flags, kind: OperationKind): { shrink?: number; validate?: boolean } {
  const given = flags.shrink;
  if (given === undefined) return {};
  if (kind === "mean")
    throw new UsageError("--shrink applies to --kind affine or filmr (mean shift is its target)");
  if (given === "auto") return { validate: true };
  const shrink = Number(given);
  if (!(typeof given === "string" && given.trim() !== "" && shrink >= 0 && shrink <= 1))
    throw new UsageError(`--shrink ${String(given)}: expected auto or a number from 0 to 1`);
  return { shrink };
}

/**
 * `learn --kind K --dry d1.wav … --wet w1.wav … --out op.json [--model ID] [--steps N]
 * [--shrink auto|S]`.
 */
export async function learnCommand(positionals: string[], flags: Flags): Promise<number> {
  atMost(positionals, 0, "learn takes its examples with --dry and --wet");
  const kind = kindOf(flags);
  const dry = listOf(flags, "dry");
  const wet = listOf(flags, "wet");
  if (dry.length === 0 || wet.length === 0)
    throw new UsageError("learn needs --dry FILE … and --wet FILE …, one wet file per dry one");
  if (dry.length !== wet.length)
    throw new UsageError(
      `--dry names ${dry.length} files but --wet ${wet.length}; give them in pairs`,
    );
  const out = requireString(flags, "out");
  const steps = positiveInteger(flags, "steps");
  if (steps !== undefined && kind !== "filmr")
    throw new UsageError(`--steps applies to --kind filmr only (${kind} is fitted in closed form)`);
  const shrink = shrinkOf(flags, kind);
  if (shrink.validate && dry.length < 2)
    throw new UsageError("--shrink auto validates on the pairs left out: give at least two pairs");
  const model = await loadModel(typeof flags.model === "string" ? flags.model : undefined);
  try {
    const pairs: LatentPair[] = [];
    for (const [i, d] of dry.entries()) {
      const w = wet[i]!;
      pairs.push({
        name: `${basename(d)} → ${basename(w)}`,
        dry: (await encodeWav(model, d)).z,
        wet: (await encodeWav(model, w)).z,
      });
    }
    let shown = -1;
    const op = fitOperation(kind, alignPairs(pairs, kind), {
      ...(steps !== undefined ? { steps } : {}),
      ...shrink,
      progress: (p) => {
        const pct = Math.floor(p * 10) * 10;
        if (kind === "filmr" && pct > shown && process.stderr.isTTY) {
          shown = pct;
          process.stderr.write(`\rfitting ${pct} %`);
        }
      },
    });
    if (shown >= 0) process.stderr.write("\n");
    await writeOutput(out, (file) => file.writeFile(`${JSON.stringify(op, null, 2)}\n`));
    const f = op.fittedOn;
    console.log(
      `wrote ${out}: ${kind} on ${f.pairs.length} pair${f.pairs.length > 1 ? "s" : ""} (${f.frames} frames) of model ${op.model} in ${f.seconds.toFixed(2)} s; mean squared distance to the wet latents per frame ${f.identityError.toPrecision(4)} untouched, ${f.fitError.toPrecision(4)} with the fit (on the examples themselves)${f.shrink ? `; pulled ${f.shrink} of the way towards mean shift` : ""}`,
    );
    return 0;
  } finally {
    await model.dispose();
  }
}

/** `apply op.json in.wav --out out.wav [--amount A] [--format f32|s24|s16]`. */
export async function applyCommand(positionals: string[], flags: Flags): Promise<number> {
  atMost(positionals, 2, "apply takes an operation file and one WAV");
  const [opPath, input] = positionals;
  if (!opPath || !input)
    throw new UsageError(
      "apply needs an operation file and a WAV: apply op.json in.wav --out out.wav",
    );
  const out = requireString(flags, "out");
  const amount = flags.amount === undefined ? 1 : Number(flags.amount);
  if (typeof flags.amount === "string" && !(Number.isFinite(amount) && amount >= 0 && amount <= 2))
    throw new UsageError(`--amount ${flags.amount}: expected a number from 0 to 2`);
  const format = wavFormat(flags, "float32");
  let op;
  try {
    op = parseOperation(new TextDecoder().decode(await readInputFile(opPath)));
  } catch (err) {
    throw new Error(`${opPath}: ${(err as Error).message.split("\n").join("; ")}`, { cause: err });
  }
  const model = await loadModel(op.model);
  try {
    if (model.latentDims !== op.dims)
      throw new Error(
        `${opPath}: the operation has ${op.dims} dims but model ${model.id} has ${model.latentDims}`,
      );
    const { z, samples } = await encodeWav(model, input);
    const applied = applyOperation(operationApplier(op), z.data, z.frames, () => amount);
    const memory = new MemoryFile();
    const bytes = encodeNpy(applied, [z.frames, z.dims]);
    await memory.write(bytes, 0, bytes.length, 0);
    const reader = await NpyReader.open(memory, `${basename(input)} with ${basename(opPath)}`);
    const written = await writeOutput(out, (file) =>
      decodeFile(model, reader, file, { format, samples }),
    );
    console.log(
      `wrote ${out}: ${(written.samples / written.sampleRate).toFixed(2)} s at ${written.sampleRate} Hz, ${formatName(format)}, ${op.params.kind} × ${amount} on model ${model.id}`,
    );
    warnLevels(out, written.stats, format, written.samples);
    return 0;
  } finally {
    await model.dispose();
  }
}
