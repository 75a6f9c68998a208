/**
 * `models`: every pack there is (the install's `models/`, `--models DIR`, $LATENT_PATCHER_MODELS),
 * each loaded and checked; a bad one is named on its own line and the others are still listed.
 * `models check PATH`: one pack folder or zip, checked and summed up.
 */
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { loadModelPack } from "../engine/models/loadPack";
import type { LoadedModel } from "../engine/models/types";
import { atMost } from "./args";
import { availableModelIds, loadModel, packLocation } from "./app";
import { packSourceProblems, readExternalPack } from "./modelSources";
import { UsageError, EXIT_INPUT } from "./usage";

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function printTable(rows: readonly string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
}

/** What `models check` prints about a pack, one `key: value` line each. */
export function packSummary(m: LoadedModel, where: string): string[] {
  const fe = m.manifest.frontEnd;
  const frontEnd =
    fe.kind === "spectral"
      ? `spectral (STFT hop ${fe.stftHop}, ${fe.framesPerLatent} frames per latent)`
      : `waveform (ratio ${fe.ratio})`;
  const codebook = m.codebook
    ? `${m.codebook.size} entries of ${m.codebook.dims} dims, with descriptors`
    : "none (QuantizeToCodebook and DescriptorTarget need one)";
  return [
    `ok: ${where}: model "${m.id}"`,
    `front end: ${frontEnd}`,
    `sample rate: ${m.sampleRate} Hz`,
    `hop: ${m.hopSamples} samples`,
    `frame rate: ${m.frameRate.toFixed(4)} frames/s`,
    `latent dims: ${m.latentDims}`,
    `latent floats per second: ${(m.latentDims * m.frameRate).toFixed(1)}`,
    `codebook: ${codebook}`,
  ];
}

async function checkCommand(path: string): Promise<number> {
  const pack = await readExternalPack(path);
  // Read as the folder `path`, so every message names the pack as the user did.
  const loader = {
    read: (file: string) =>
      pack.loader.read(file.startsWith(`${path}/`) ? file.slice(path.length + 1) : file),
  };
  const model = await loadModelPack(loader, path);
  try {
    for (const line of packSummary(model, path)) console.log(line);
  } finally {
    await model.dispose();
  }
  return 0;
}

export async function modelsCommand(positionals: string[]): Promise<number> {
  if (positionals[0] === "check") {
    atMost(positionals, 2, "models check takes one pack folder or zip");
    const path = positionals[1];
    if (!path) throw new UsageError("models check needs a pack folder or zip");
    return checkCommand(path);
  }
  atMost(positionals, 0, "models takes no arguments");
  const bad = [...packSourceProblems()];
  const rows = [["id", "sample rate", "dims", "frame rate", "front end", "from"]];
  for (const id of await availableModelIds()) {
    try {
      const m = await loadModel(id);
      rows.push([
        m.id,
        `${m.sampleRate} Hz`,
        String(m.latentDims),
        `${m.frameRate.toFixed(2)} /s`,
        m.manifest.frontEnd.kind,
        `${packLocation(id)}${id === DEFAULT_MODEL_ID ? " (default)" : ""}`,
      ]);
      await m.dispose();
    } catch (err) {
      bad.push(`${packLocation(id)}: ${message(err)}`);
    }
  }
  printTable(rows);
  for (const line of bad)
    console.error(`latent-patcher: bad pack: ${line.split("\n").join("\n  ")}`);
  return bad.length > 0 ? EXIT_INPUT : 0;
}
