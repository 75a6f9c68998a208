/**
 * Model packs from anywhere on disk, beside the install's `models/`: a pack folder or a `.zip`
 * named by `--model PATH`, and folders of packs named by `--models DIR` and by the
 * `LATENT_PATCHER_MODELS` environment variable (folders separated by the path delimiter, `:`
 * on Linux and macOS). Each pack is served to the engine as `models/<id>/…` under the id its
 * manifest gives, so every command loads it as it loads a shipped one.
 */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { delimiter, join, resolve } from "node:path";
import { parseManifest } from "../engine/models/parseManifest";
import type { ResourceLoader } from "../engine/resources";
import { packCandidate } from "../ui/bundle/packFiles";
import { readZip } from "../ui/bundle/zipFiles";
import type { Flags } from "./args";
import { UsageError } from "./usage";

/** The environment variable that names folders of model packs. */
export const MODELS_ENV = "LATENT_PATCHER_MODELS";

/** A pack found outside `models/`: where it is, and its files by name. */
export interface ExternalPack {
  readonly id: string;
  /** The folder or zip, as the user named it. */
  readonly where: string;
  /** Reads `name` (e.g. `model.json`) from the pack. */
  readonly loader: ResourceLoader;
}

const packs = new Map<string, ExternalPack>();
const problems: string[] = [];

/** The packs found outside `models/`, by id. */
export function externalPacks(): ReadonlyMap<string, ExternalPack> {
  return packs;
}

/** Folders or files given as packs that could not be read as one, one line each. */
export function packSourceProblems(): readonly string[] {
  return problems;
}

/** Reads the pack at `path` (a folder with a model.json, or a zip of one); throws naming it. */
export async function readExternalPack(path: string): Promise<ExternalPack> {
  if (!existsSync(path)) throw new Error(`${path}: no such folder or file`);
  if (statSync(path).isDirectory()) {
    const manifestPath = join(path, "model.json");
    let text: string;
    try {
      text = await readFile(manifestPath, "utf8");
    } catch {
      throw new Error(`${path}: no model.json in this folder, so it is not a model pack`);
    }
    const { id } = parseManifest(text, manifestPath);
    // Messages say what is wrong; the pack loader names the file.
    const loader: ResourceLoader = {
      read: (name) =>
        readFile(resolve(path, name)).then(
          (bytes) => new Uint8Array(bytes),
          (err: NodeJS.ErrnoException) => {
            throw new Error(err.code === "ENOENT" ? "no such file" : err.message);
          },
        ),
    };
    return { id, where: path, loader };
  }
  const pack = packCandidate(readZip(new Uint8Array(await readFile(path)), path), path);
  const loader: ResourceLoader = {
    read(name) {
      const bytes = pack.files.get(name);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error("no such file in the zip"));
    },
  };
  return { id: pack.id, where: path, loader };
}

function add(pack: ExternalPack): void {
  const known = packs.get(pack.id);
  if (known && known.where !== pack.where)
    problems.push(`${pack.where}: model "${pack.id}" is also at ${known.where}, which is used`);
  else packs.set(pack.id, pack);
}

/** Adds every pack in the folder `dir` (subfolders with a model.json, and `.zip` files). */
async function addFolder(dir: string, what: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new UsageError(`${what} ${dir}: no such folder`);
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    const zip = e.isFile() && /\.zip$/i.test(e.name);
    if (!zip && !(e.isDirectory() && existsSync(join(path, "model.json")))) continue;
    try {
      add(await readExternalPack(path));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
}

/**
 * True when a `--model` value names a pack on disk rather than an id: it has a `/` (`./my-pack`)
 * or ends in `.zip` (ids have neither).
 */
export function isPackPath(value: string): boolean {
  return /[/\\]/.test(value) || /\.zip$/i.test(value);
}

/**
 * Finds the packs the command line and the environment name, and replaces a `--model PATH`
 * in `flags` by the id of the pack there. Called once per command, before any model is used.
 */
export async function configureModelSources(flags: Flags): Promise<void> {
  packs.clear();
  problems.length = 0;
  for (const dir of (process.env[MODELS_ENV] ?? "").split(delimiter).filter(Boolean))
    await addFolder(dir, MODELS_ENV);
  if (typeof flags.models === "string") await addFolder(flags.models, "--models");
  const model = flags.model;
  if (typeof model === "string" && isPackPath(model)) {
    let pack: ExternalPack;
    try {
      pack = await readExternalPack(model);
    } catch (err) {
      throw new Error(`--model ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    packs.set(pack.id, pack);
    flags.model = pack.id;
  }
}
