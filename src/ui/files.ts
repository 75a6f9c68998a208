/** Patch files: save as a download, open from a picked or dropped file, autosave in IndexedDB. */
import { openDB } from "idb";
import type { Patch } from "../engine/patch/schema";
import { checkPatchTextSize, parsePatch } from "../engine/patch/parse";
import { serializePatch } from "../engine/patch/serialize";
import { nodeRegistry } from "../nodes";
import { mayWrite, revisionOf, type AutosaveStore, type KeptRecord } from "./model/autosave";
import { RecentFiles, type RecentFile, type RecentStore } from "./model/recentFiles";
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

/** Downloads `text` as a file named `fileName` (a kept autosave record, as it was). */
export function downloadText(text: string, fileName: string): void {
  download(new Blob([text], { type: "application/json" }), fileName);
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
const RECOVERED = "recovered";

// Version 1 had the "autosave" store only (the recent list is one more record in it); version 2
// adds the kept model packs, one record per pack id; version 3 the autosave records that failed
// to load, kept aside by id.
const database = () =>
  openDB(DB, 3, {
    upgrade: (d) => {
      if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
      if (!d.objectStoreNames.contains(PACKS)) d.createObjectStore(PACKS);
      if (!d.objectStoreNames.contains(RECOVERED)) d.createObjectStore(RECOVERED);
    },
    // A tab of an older build holds the old version open: the upgrade waits until it closes.
    blocked: () => {
      const app = document.querySelector("#app");
      if (app && !app.hasChildNodes()) {
        app.textContent =
          "Latent Patcher was updated: close its other tabs (their work is autosaved) to open it here.";
      }
    },
    // A newer build wants to upgrade: let it (this tab's next writes fail and say so).
    blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
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

let recentFiles: RecentFiles | undefined;

/** The page's one recent files list (the Recent menu and the autosave both add to it). */
export const appRecentFiles = (): RecentFiles =>
  (recentFiles ??= new RecentFiles(indexedDbRecentFiles()));

/** The autosave record in IndexedDB, and the records kept aside in the "recovered" store. */
export function indexedDbAutosave(): AutosaveStore {
  const db = database();
  return {
    read: async () => (await db).get(STORE, KEY) as Promise<unknown>,
    write: async (record, base) => {
      // Read and write in one transaction, so another tab cannot write in between.
      const tx = (await db).transaction(STORE, "readwrite");
      const stored: unknown = await tx.store.get(KEY);
      if (!mayWrite(stored, base)) {
        await tx.done;
        return { ok: false, revision: revisionOf(stored) };
      }
      await Promise.all([tx.store.put(record, KEY), tx.done]);
      return { ok: true };
    },
    keep: async (kept) => {
      await (await db).add(RECOVERED, kept, kept.id);
    },
    kept: async () => (await (await db).getAll(RECOVERED)) as KeptRecord[],
    discard: async (id) => {
      await (await db).delete(RECOVERED, id);
    },
  };
}
