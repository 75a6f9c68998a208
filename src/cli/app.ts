/** What the CLI commands share: where the app's files are, and loading models by id. */
import { readdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fsLoader } from "../engine/node/fsLoader";
import type { ResourceLoader } from "../engine/resources";
import { externalPacks, type ExternalPack } from "./modelSources";
import { loadModels } from "../engine/models/store";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import type { LoadedModel } from "../engine/models/types";
import type { PackRole } from "../engine/models/loadPack";
import type { WavSampleFormat } from "../dsp/wavEncoding";
import type { Flags } from "./args";
import { UsageError } from "./usage";

export const APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const installLoader = fsLoader(APP_ROOT);

/** The pack outside `models/` that `models/<id>/<name>` stands for, if any. */
function external(path: string): { pack: ExternalPack; name: string } | undefined {
  const match = /^models\/([^/]+)\/(.+)$/.exec(path);
  const pack = match ? externalPacks().get(match[1]!) : undefined;
  return pack && { pack, name: match![2]! };
}

/**
 * The app's files: the install's folder, with the packs named on the command line or in the
 * environment (modelSources.ts) served as `models/<id>/…`, in place of a shipped one of that id.
 */
export const appLoader: ResourceLoader = {
  read(path) {
    const found = external(path);
    return found ? found.pack.loader.read(found.name) : installLoader.read(path);
  },
  open(path) {
    const found = external(path);
    if (found) return Promise.reject(new Error(`${path}: not a file to stream`));
    return installLoader.open!(path);
  },
};

/** Where the pack `id` comes from, for messages: its folder or zip. */
export function packLocation(id: string): string {
  return externalPacks().get(id)?.where ?? `models/${id}`;
}

/** Ids of the model packs there are: under `models/` (folders with a model.json) and outside. */
export async function availableModelIds(): Promise<string[]> {
  return [...new Set([...(await installedModelIds()), ...externalPacks().keys()])].sort();
}

async function installedModelIds(): Promise<string[]> {
  const entries = await readdir(resolve(APP_ROOT, "models"), { withFileTypes: true });
  const ids: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    try {
      await readFile(resolve(APP_ROOT, "models", e.name, "model.json"));
      ids.push(e.name);
    } catch {
      // a folder without a manifest (e.g. recipes) is not a pack
    }
  }
  return ids.sort();
}

/**
 * Refuses a `--model` that names no pack among `models/` (or `extra`, a bundle's packs) with a
 * {@link UsageError} listing those there are.
 */
export async function checkModelOption(id: string, extra: readonly string[] = []): Promise<void> {
  const ids = [...new Set([...(await availableModelIds()), ...extra])].sort();
  if (!ids.includes(id))
    throw new UsageError(`--model: unknown model "${id}" (available: ${ids.join(", ")})`);
}

/**
 * Loads the pack `id` (default: the default pack); an unknown id is a {@link UsageError}.
 * `roles` opens only the encoder or only the decoder, for a command that needs one.
 */
export async function loadModel(
  id: string | undefined,
  roles?: readonly PackRole[],
): Promise<LoadedModel> {
  const wanted = id ?? DEFAULT_MODEL_ID;
  await checkModelOption(wanted);
  const store = await loadModels(appLoader, [wanted], {
    defaultModelId: wanted,
    ...(roles ? { roles } : {}),
  });
  return store.get(wanted);
}

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : String(err)}`,
    );
  }
}

export function requireString(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

/** The `--name` option's value as a positive number, or undefined when not given. */
export function positiveNumber(flags: Flags, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name}: expected a positive number, got "${String(v)}"`);
  return n;
}

/** The `--name` option's value as a positive whole number, or undefined when not given. */
export function positiveInteger(flags: Flags, name: string): number | undefined {
  const n = positiveNumber(flags, name);
  if (n !== undefined && !Number.isInteger(n))
    throw new UsageError(`--${name}: expected a whole number, got "${String(flags[name])}"`);
  return n;
}

/** `--format`'s names for the WAV sample formats. */
const FORMATS: Record<string, WavSampleFormat> = { f32: "float32", s24: "pcm24", s16: "pcm16" };

/** The `--format` option's sample format, `fallback` when not given. */
export function wavFormat(flags: Flags, fallback: WavSampleFormat): WavSampleFormat {
  const v = flags.format;
  if (v === undefined) return fallback;
  const format = typeof v === "string" ? FORMATS[v] : undefined;
  if (!format) throw new UsageError(`--format: expected f32, s24 or s16, got "${String(v)}"`);
  return format;
}

/** The `--format` name of a sample format. */
export function formatName(format: WavSampleFormat): string {
  return Object.keys(FORMATS).find((k) => FORMATS[k] === format) ?? format;
}
