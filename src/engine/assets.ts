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
  return loaderOf(id, entry, loaders).read(pathOf(entry));
}

function assetName(id: string, entry: AssetEntry): string {
  if (entry.kind === "builtin") return `builtin asset "${entry.name}"`;
  if (entry.kind === "file") return entry.path;
  return `embedded asset "${id}"`;
}

/** Loaded assets; `dispose` closes the files that are read as they play. */
export interface LoadedAssets extends AssetStore {
  dispose(): Promise<void>;
}

export interface LoadAssetsOptions {
  /** Whole decoded sounds by entry and rate, kept across loads (the app's engine). */
  readonly cache?: Map<string, AssetAudio>;
  /**
   * Reads files from loaders that can open them (a folder on disk) as they play instead of
   * whole (the CLI's render): memory stays a block whatever the sound's length. The file's
   * header is checked now, so a broken file is refused before anything plays.
   */
  readonly stream?: boolean;
}

/** The loader that reads a sound kept outside the patch. */
function loaderOf(id: string, entry: FileEntry, loaders: AssetLoaders): ResourceLoader {
  if (entry.kind === "builtin") return loaders.app;
  if (!loaders.patchFiles)
    throw new Error(`asset "${id}": file "${entry.path}" cannot be read here (no patch folder)`);
  return loaders.patchFiles;
}

/** The path `loaderOf`'s loader reads `entry` at. */
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

/**
 * Loads every asset of `patch` at `sampleRate`. Errors name the asset and what was wrong; on an
 * error, the files opened so far are closed.
 */
export async function loadAssets(
  patch: Patch,
  loaders: AssetLoaders,
  sampleRate: number,
  options: LoadAssetsOptions = {},
): Promise<LoadedAssets> {
  const byId = new Map<string, AssetAudio>();
  const opened: OpenedFile[] = [];
  const dispose = async () => {
    await Promise.all(opened.splice(0).map((f) => f.close()));
  };
  try {
    for (const [id, entry] of Object.entries(patch.assets ?? {})) {
      const loader = entry.kind === "embedded" ? undefined : loaderOf(id, entry, loaders);
      if (options.stream && loader?.open && entry.kind !== "embedded") {
        const file = await loader.open(pathOf(entry));
        opened.push(file);
        const reader = await WavReader.open(file, assetName(id, entry));
        byId.set(id, fileAssetAudio(reader, sampleRate));
        continue;
      }
      const key = `${JSON.stringify(entry)}@${sampleRate}`;
      let value = options.cache?.get(key);
      if (!value) {
        value = await wholeAsset(id, entry, loaders, sampleRate);
        options.cache?.set(key, value);
      }
      byId.set(id, value);
    }
  } catch (err) {
    await dispose();
    throw err;
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
