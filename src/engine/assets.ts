/**
 * Audio assets of a patch: builtin recordings shipped with the app, files beside the patch, or
 * WAV data embedded in it. Decoded once, resampled to the patch clock, then served from memory.
 */
import type { Patch } from "./patch/schema";
import type { AssetStore } from "./nodeDefinition";
import type { ResourceLoader } from "./resources";
import type { AudioValue } from "./values";
import { decodeWav } from "../dsp/wav";
import { resample } from "../dsp/resample";

export interface AssetLoaders {
  /** Reads the app's own files; builtin audio lives at `assets/audio/<name>.wav`. */
  readonly app: ResourceLoader;
  /** Reads files that a patch names by relative path (the patch's folder or bundle). */
  readonly patchFiles?: ResourceLoader;
}

type AssetEntry = NonNullable<Patch["assets"]>[string];

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
  switch (entry.kind) {
    case "builtin":
      return loaders.app.read(`assets/audio/${entry.name}.wav`);
    case "file":
      if (!loaders.patchFiles)
        throw new Error(
          `asset "${id}": file "${entry.path}" cannot be read here (no patch folder)`,
        );
      return loaders.patchFiles.read(entry.path);
    case "embedded":
      return base64ToBytes(entry.base64);
  }
}

function assetName(id: string, entry: AssetEntry): string {
  if (entry.kind === "builtin") return `builtin asset "${entry.name}"`;
  if (entry.kind === "file") return entry.path;
  return `embedded asset "${id}"`;
}

/** Loads every asset of `patch` at `sampleRate`. Errors name the asset and what was wrong. */
export async function loadAssets(
  patch: Patch,
  loaders: AssetLoaders,
  sampleRate: number,
  cache = new Map<string, AudioValue>(),
): Promise<AssetStore> {
  const byId = new Map<string, AudioValue>();
  for (const [id, entry] of Object.entries(patch.assets ?? {})) {
    const key = `${JSON.stringify(entry)}@${sampleRate}`;
    let value = cache.get(key);
    if (!value) {
      const bytes = await readAsset(id, entry, loaders);
      const decoded = decodeWav(bytes, assetName(id, entry));
      const channels = decoded.channels.map((c) =>
        decoded.sampleRate === sampleRate ? c : resample(c, decoded.sampleRate, sampleRate),
      );
      value = { type: "audio", sampleRate, channels };
      cache.set(key, value);
    }
    byId.set(id, value);
  }
  return {
    getAudio(assetId) {
      const v = byId.get(assetId);
      if (!v) {
        const known = [...byId.keys()];
        throw new Error(
          `unknown asset "${assetId}"${known.length ? ` (the patch has: ${known.join(", ")})` : " (the patch has no assets)"}`,
        );
      }
      return v;
    },
  };
}
