/**
 * Audio assets of a patch: builtin recordings shipped with the app, files beside the patch, or
 * WAV data embedded in it. Decoded once, resampled to the patch clock and served from memory;
 * or, for a render that streams, read from the file as it plays (`assetAudio.ts`).
 */
import type { Patch } from "./patch/schema";
import type { AssetAudio, AssetStore } from "./nodeDefinition";
import type { OpenedFile, ResourceLoader } from "./resources";
import { decodeWav } from "../dsp/wav";
import { resample } from "../dsp/resample";
import { WavReader } from "../dsp/wavReader";
import { fileAssetAudio, memoryAssetAudio } from "./assetAudio";
import { unknownBuiltinSound } from "./builtinSounds";

export interface AssetLoaders {
  /** Reads the app's own files; builtin audio lives at `assets/audio/<name>.wav`. */
  readonly app: ResourceLoader;
  /** Reads files that a patch names by relative path (the patch's folder or bundle). */
  readonly patchFiles?: ResourceLoader;
}

type AssetEntry = NonNullable<Patch["assets"]>[string];
/** A sound kept outside the patch: a builtin recording or a file beside it. */
type FileEntry = Exclude<AssetEntry, { kind: "embedded" }>;

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function readAsset(
  id: string,
  entry: AssetEntry,
  loaders: AssetLoaders,
): Promise<Uint8Array> {
  if (entry.kind === "embedded") return base64ToBytes(entry.base64);
  checkBuiltin(id, entry);
  return loaderOf(id, entry, loaders).read(pathOf(entry));
}

function assetName(id: string, entry: AssetEntry): string {
  if (entry.kind === "builtin") return `builtin asset "${entry.name}"`;
  if (entry.kind === "file") return entry.path;
  return `embedded asset "${id}"`;
}

/**
 * Every asset's problem in one error, one line each, so a patch with several missing sounds
 * is fixed in one go; a single problem is thrown as it is.
 */
function allOf(failures: readonly unknown[]): unknown {
  if (failures.length === 1) return failures[0];
  const lines = failures.map((f) => (f instanceof Error ? f.message : String(f)));
  return new Error(`${failures.length} sounds cannot be used:\n${lines.join("\n")}`);
}

/** Loaded assets; `dispose` closes the files that are read as they play. */
export interface LoadedAssets extends AssetStore {
  dispose(): Promise<void>;
}

export interface LoadAssetsOptions {
  /** Whole decoded sounds by entry and rate, kept across loads (the app's engine). */
  readonly cache?: Map<string, AssetAudio>;
  /** Sound files opened by {@link openAssetFiles}: read as they play; `dispose` closes them. */
  readonly opened?: OpenedAssets;
}

/** The loader that reads a sound kept outside the patch. */
function loaderOf(id: string, entry: FileEntry, loaders: AssetLoaders): ResourceLoader {
  if (entry.kind === "builtin") return loaders.app;
  if (!loaders.patchFiles)
    throw new Error(`asset "${id}": file "${entry.path}" cannot be read here (no patch folder)`);
  return loaders.patchFiles;
}

/** The path `loaderOf`'s loader reads `entry` at. */
/** Refuses a builtin sound the app does not ship, listing those it does. */
function checkBuiltin(id: string, entry: FileEntry): void {
  const unknown = entry.kind === "builtin" ? unknownBuiltinSound(entry.name) : undefined;
  if (unknown) throw new Error(`asset "${id}": ${unknown}`);
}

function pathOf(entry: FileEntry): string {
  return entry.kind === "builtin" ? `assets/audio/${entry.name}.wav` : entry.path;
}

/** Decodes the whole sound and resamples it to `sampleRate`. */
async function wholeAsset(
  id: string,
  entry: AssetEntry,
  loaders: AssetLoaders,
  sampleRate: number,
): Promise<AssetAudio> {
  const bytes = await readAsset(id, entry, loaders);
  const decoded = decodeWav(bytes, assetName(id, entry));
  const channels = decoded.channels.map((c) =>
    decoded.sampleRate === sampleRate ? c : resample(c, decoded.sampleRate, sampleRate),
  );
  return memoryAssetAudio(channels, sampleRate);
}

/** Sound files opened for reading as they play, by asset id. */
export interface OpenedAssets {
  readonly readers: ReadonlyMap<string, WavReader>;
  /** Closes every file (again: nothing). */
  close(): Promise<void>;
}

/**
 * Opens the sound files of `patch` that its loaders can open (a folder on disk: the CLI's
 * render) and checks their headers, before anything else loads, so a missing, truncated or
 * broken file is refused at once, naming it; memory then holds a block of each, whatever its
 * length. On an error the files opened so far are closed.
 */
export async function openAssetFiles(patch: Patch, loaders: AssetLoaders): Promise<OpenedAssets> {
  const readers = new Map<string, WavReader>();
  const files: OpenedFile[] = [];
  const close = async () => {
    await Promise.all(files.splice(0).map((f) => f.close()));
  };
  const failures: unknown[] = [];
  for (const [id, entry] of Object.entries(patch.assets ?? {})) {
    if (entry.kind === "embedded") continue;
    const loader = loaderOf(id, entry, loaders);
    if (!loader.open) continue;
    try {
      checkBuiltin(id, entry);
      const file = await loader.open(pathOf(entry));
      files.push(file);
      readers.set(id, await WavReader.open(file, assetName(id, entry)));
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) {
    await close();
    throw allOf(failures);
  }
  return { readers, close };
}

/**
 * Loads every asset of `patch` at `sampleRate`: those in `options.opened` are read as they
 * play, the others decoded whole. Errors name the asset and what was wrong; on an error, the
 * opened files are closed.
 */
export async function loadAssets(
  patch: Patch,
  loaders: AssetLoaders,
  sampleRate: number,
  options: LoadAssetsOptions = {},
): Promise<LoadedAssets> {
  const byId = new Map<string, AssetAudio>();
  const dispose = async () => {
    await options.opened?.close();
  };
  const failures: unknown[] = [];
  for (const [id, entry] of Object.entries(patch.assets ?? {})) {
    const reader = options.opened?.readers.get(id);
    if (reader) {
      byId.set(id, fileAssetAudio(reader, sampleRate));
      continue;
    }
    const key = `${JSON.stringify(entry)}@${sampleRate}`;
    try {
      let value = options.cache?.get(key);
      if (!value) {
        value = await wholeAsset(id, entry, loaders, sampleRate);
        options.cache?.set(key, value);
      }
      byId.set(id, value);
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) {
    await dispose();
    throw allOf(failures);
  }
  return {
    audio(assetId) {
      const v = byId.get(assetId);
      if (!v) {
        const known = [...byId.keys()];
        throw new Error(
          `unknown asset "${assetId}"${known.length ? ` (the patch has: ${known.join(", ")})` : " (the patch has no assets)"}`,
        );
      }
      return v;
    },
    dispose,
  };
}
