/** Patch files: save as a download, open from a picked or dropped file, autosave in IndexedDB. */
import { openDB } from "idb";
import type { Patch } from "../engine/patch/schema";
import { parsePatch } from "../engine/patch/parse";
import { serializePatch } from "../engine/patch/serialize";
import { nodeRegistry } from "../nodes";
import type { AutosaveStore } from "./model/autosave";

/** A file name for `patch`: its name, made safe, + `.patch.json`. */
export function patchFileName(patch: Patch): string {
  const stem = patch.name
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${stem || "patch"}.patch.json`;
}

export function downloadPatch(patch: Patch): void {
  const url = URL.createObjectURL(new Blob([serializePatch(patch)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = patchFileName(patch);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a patch file; throws a PatchError naming the JSON path of every problem. */
export async function readPatchFile(file: File): Promise<Patch> {
  return parsePatch(await file.text(), nodeRegistry);
}

const DB = "latent-patcher";
const STORE = "autosave";
const KEY = "current";

/** The autosave record in IndexedDB. */
export function indexedDbAutosave(): AutosaveStore {
  const db = openDB(DB, 1, { upgrade: (d) => void d.createObjectStore(STORE) });
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
