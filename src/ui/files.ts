/** Patch files: save as a download, open from a picked or dropped file, autosave in IndexedDB. */
import { openDB } from "idb";
import type { Patch } from "../engine/patch/schema";
import { checkPatchTextSize, parsePatch } from "../engine/patch/parse";
import { serializePatch } from "../engine/patch/serialize";
import { nodeRegistry } from "../nodes";
import type { AutosaveStore } from "./model/autosave";
import type { RecentFile, RecentStore } from "./model/recentFiles";
import type { AudioValue } from "../engine/values";
import { encodeWav } from "../dsp/wav";
import { bundleBlob, bundleFileName } from "./bundle/browserBundle";
import type { PackStore } from "./bundle/keptPacks";

/** A file name for `patch`: its name, made safe, + `.patch.json`. */
export function patchFileName(patch: Patch): string {
  const stem = patch.name
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${stem || "patch"}.patch.json`;
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadPatch(patch: Patch): void {
  download(new Blob([serializePatch(patch)], { type: "application/json" }), patchFileName(patch));
}

/** Downloads `patch` as a bundle zip (docs/bundle.md); returns the file's name. */
export function downloadBundle(patch: Patch): string {
  const name = bundleFileName(patchFileName(patch));
  download(bundleBlob(patch), name);
  return name;
}

/** Downloads `audio` as a 16-bit PCM WAV named after the patch. */
export function downloadWav(audio: AudioValue, patch: Patch): void {
  const bytes = encodeWav(audio.channels, audio.sampleRate, "pcm16");
  const name = patchFileName(patch).replace(/\.patch\.json$/, ".wav");
  download(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "audio/wav" }), name);
}

/** True for files the canvas takes as sound rather than as a patch. */
export const isAudioFile = (file: File): boolean =>
  file.type.startsWith("audio/") || /\.wav$/i.test(file.name);

/**
 * Reads a patch file; throws a PatchError naming the JSON path of every problem, or the size
 * limit (judged on File.size, before the file is read).
 */
export async function readPatchFile(file: File): Promise<Patch> {
  checkPatchTextSize(file.size);
  return parsePatch(await file.text(), nodeRegistry);
}

const DB = "latent-patcher";
const STORE = "autosave";
const KEY = "current";
const RECENT_KEY = "recent";

const PACKS = "packs";

// Version 1 had the "autosave" store only (the recent list is one more record in it); version 2
// adds the kept model packs, one record per pack id.
const database = () =>
  openDB(DB, 2, {
    upgrade: (d) => {
      if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
      if (!d.objectStoreNames.contains(PACKS)) d.createObjectStore(PACKS);
    },
  });

/** The custom model packs kept across reloads (see bundle/keptPacks). */
export function indexedDbPackStore(): PackStore {
  const db = database();
  return {
    all: async () => (await db).getAll(PACKS) as Promise<unknown[]>,
    put: async (record) => {
      await (await db).put(PACKS, record, record.id);
    },
    delete: async (id) => {
      await (await db).delete(PACKS, id);
    },
  };
}

/** The recent files list, kept beside the autosave record in IndexedDB. */
export function indexedDbRecentFiles(): RecentStore {
  const db = database();
  return {
    read: async () => ((await (await db).get(STORE, RECENT_KEY)) ?? []) as RecentFile[],
    write: async (list) => {
      await (await db).put(STORE, list, RECENT_KEY);
    },
  };
}

/** The autosave record in IndexedDB. */
export function indexedDbAutosave(): AutosaveStore {
  const db = database();
  return {
    read: async () => {
      const value: unknown = await (await db).get(STORE, KEY);
      return typeof value === "string" ? value : undefined;
    },
    write: async (text) => {
      await (await db).put(STORE, text, KEY);
    },
  };
}
