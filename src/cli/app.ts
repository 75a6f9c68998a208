/** What the CLI commands share: where the app's files are, and loading models by id. */
import { readdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fsLoader } from "../engine/node/fsLoader";
import { loadModels } from "../engine/models/store";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import type { LoadedModel } from "../engine/models/types";
import { UsageError } from "./main";

export const APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const appLoader = fsLoader(APP_ROOT);

/** Ids of the model packs under `models/` (folders with a model.json). */
export async function availableModelIds(): Promise<string[]> {
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

export async function loadModel(id: string | undefined): Promise<LoadedModel> {
  const wanted = id ?? DEFAULT_MODEL_ID;
  const ids = await availableModelIds();
  if (!ids.includes(wanted))
    throw new UsageError(`unknown model "${wanted}" (available: ${ids.join(", ")})`);
  const store = await loadModels(appLoader, [wanted], { defaultModelId: wanted });
  return store.get(wanted);
}

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : String(err)}`,
    );
  }
}

export function requireString(flags: Record<string, unknown>, name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

export function positiveNumber(flags: Record<string, unknown>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isFinite(n) || n <= 0)
    throw new UsageError(
      `--${name}: expected a positive number, got "${typeof v === "string" ? v : JSON.stringify(v)}"`,
    );
  return n;
}
