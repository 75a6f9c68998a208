/**
 * Bundles: one zip with a patch, its sounds and the custom model packs it uses (layout in
 * docs/bundle.md). `bundleFiles` lays a patch out as files; `readBundle` checks a bundle whole —
 * patch, packs, sounds, model references — before anything is opened, so a bad bundle changes
 * nothing. Pure, no DOM.
 */
import { decodeWav } from "../../dsp/wav";
import type { MemoryModelPack } from "../../engine/models/memoryPack";
import { parsePatch } from "../../engine/patch/parse";
import { patchRegistry } from "../../engine/patch/subpatch";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch, PatchAsset } from "../../engine/patch/schema";
import { serializePatch } from "../../engine/patch/serialize";
import { bytesToBase64, checkEmbeddable, embeddedBase64 } from "../model/audioDrop";
import { packCandidate, type PackCandidate } from "./packFiles";
import { FileRefusedError, type FileTree } from "./zipFiles";

/** The patch's place in a bundle. */
export const BUNDLE_PATCH = "patch.json";

/** Reports a step of a long task: what it is doing and how far along it is, 0 to 1. */
export type ProgressReport = (label: string, fraction: number) => void;

/**
 * The model ids `patch` names: its default model and every model parameter set to an id, in its
 * nodes, its subpatches' nodes and the overrides of their instances.
 */
export function modelIdsOf(patch: Patch, registry: NodeRegistry): string[] {
  const ids = new Set<string>(patch.model ? [patch.model] : []);
  const defs = patchRegistry(registry, patch.subpatches);
  const inner = (patch.subpatches ?? []).flatMap((s) => s.nodes);
  for (const node of [...patch.nodes, ...inner]) {
    for (const spec of defs.get(node.type)?.params ?? []) {
      const value = node.params[spec.name];
      if (spec.kind === "string" && spec.refers === "model" && typeof value === "string" && value)
        ids.add(value);
    }
  }
  return [...ids].sort();
}

const WAV_MIMES = new Set(["audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave"]);

const assetPath = (id: string, mime: string): string =>
  `audio/${id}.${WAV_MIMES.has(mime) ? "wav" : mime.slice("audio/".length).replace(/\W+/g, "-")}`;

const mimeOf = (path: string): string => {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? "wav";
  return ext === "wav" ? "audio/wav" : `audio/${ext}`;
};

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export interface BundleSources {
  readonly registry: NodeRegistry;
  /** A custom pack the app has loaded; models it does not return ship with the app. */
  readonly customPack: (id: string) => MemoryModelPack | undefined;
}

/**
 * The files of `patch`'s bundle: `patch.json`, each embedded sound as `audio/<asset id>.wav`
 * (the patch then names it as a `file` asset) and each custom pack under `models/<id>/`.
 * @throws FileRefusedError for a `file` asset: a page cannot read files beside a patch
 */
export function bundleFiles(patch: Patch, sources: BundleSources): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const assets: Record<string, PatchAsset> = {};
  for (const [id, asset] of Object.entries(patch.assets ?? {})) {
    if (asset.kind === "file") {
      throw new FileRefusedError(
        `the sound "${id}" is the file ${asset.path} beside the patch, which the page cannot read; drop that file on the canvas to embed it, then export again`,
      );
    }
    if (asset.kind === "builtin") {
      assets[id] = asset;
      continue;
    }
    const path = assetPath(id, asset.mime);
    files.set(path, base64ToBytes(asset.base64));
    assets[id] = { kind: "file", path };
  }
  for (const id of modelIdsOf(patch, sources.registry)) {
    const pack = sources.customPack(id);
    for (const [name, bytes] of pack?.files ?? []) files.set(`models/${id}/${name}`, bytes);
  }
  const bundled: Patch = { ...patch, ...(patch.assets ? { assets } : {}) };
  files.set(BUNDLE_PATCH, new TextEncoder().encode(serializePatch(bundled)));
  return files;
}

export interface BundleReadDeps {
  readonly registry: NodeRegistry;
  /** True when the app can load model `id` without this bundle (shipped, or loaded earlier). */
  readonly hasModel: (id: string) => Promise<boolean>;
  /** Validates a pack as the engine will load it; rejects with loadModelPack's message. */
  readonly validate: (pack: PackCandidate) => Promise<void>;
  readonly progress?: ProgressReport;
}

export interface OpenedBundle {
  /** The patch with every sound of the bundle embedded, ready to open. */
  readonly patch: Patch;
  /** The validated packs under `models/`. */
  readonly packs: readonly PackCandidate[];
}

/** The files under `prefix`, with the prefix taken off their paths. */
function subtree(files: FileTree, prefix: string): FileTree {
  const out = new Map<string, Uint8Array>();
  for (const [p, b] of files) if (p.startsWith(prefix)) out.set(p.slice(prefix.length), b);
  return out;
}

function patchEntry(files: FileTree, source: string): string {
  if (files.has(BUNDLE_PATCH)) return BUNDLE_PATCH;
  const patches = [...files.keys()].filter((p) => !p.includes("/") && p.endsWith(".patch.json"));
  if (patches.length === 1 && patches[0]) return patches[0];
  const has = [...files.keys()].slice(0, 8).join(", ") || "no files";
  throw new FileRefusedError(
    `${source}: no ${BUNDLE_PATCH} at the top of the zip, so it is not a bundle (it has: ${has})`,
  );
}

function readPatch(files: FileTree, entry: string, source: string, registry: NodeRegistry) {
  try {
    return parsePatch(new TextDecoder().decode(files.get(entry)), registry);
  } catch (err) {
    throw new FileRefusedError(
      `${source}/${entry}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function bundledPacks(files: FileTree, source: string): PackCandidate[] {
  const dirs = new Set(
    [...files.keys()].flatMap((p) => /^models\/([^/]+)\//.exec(p)?.slice(1, 2) ?? []),
  );
  return [...dirs].sort().map((dir) => {
    const pack = packCandidate(subtree(files, `models/${dir}/`), `${source}/models/${dir}`);
    if (pack.id !== dir) {
      throw new FileRefusedError(
        `${source}/models/${dir}/model.json: id: expected "${dir}" (its folder's name), got "${pack.id}"`,
      );
    }
    return pack;
  });
}

function embedAssets(patch: Patch, files: FileTree, source: string, entry: string) {
  const assets: Record<string, PatchAsset> = {};
  let embedded = embeddedBase64(patch.assets);
  for (const [id, asset] of Object.entries(patch.assets ?? {})) {
    if (asset.kind !== "file") {
      assets[id] = asset;
      continue;
    }
    const bytes = files.get(asset.path);
    if (!bytes) {
      throw new FileRefusedError(
        `${source}/${entry}: assets.${id}: the sound ${asset.path} is not in the bundle`,
      );
    }
    checkEmbeddable(bytes.length, embedded, `${source}/${asset.path}`);
    decodeWav(bytes, `${source}/${asset.path}`);
    const base64 = bytesToBase64(bytes);
    embedded += base64.length;
    assets[id] = { kind: "embedded", mime: mimeOf(asset.path), base64 };
  }
  return patch.assets ? { ...patch, assets } : patch;
}

/**
 * Checks the bundle `files` (read from `source`) whole and returns what to open. Every model
 * the patch names must be in the bundle or already in the app.
 * @throws FileRefusedError, ModelPackError or AudioFileError naming the file and the problem
 */
export async function readBundle(
  files: FileTree,
  source: string,
  deps: BundleReadDeps,
): Promise<OpenedBundle> {
  const progress = deps.progress ?? (() => undefined);
  progress("reading the patch", 0);
  const entry = patchEntry(files, source);
  const patch = readPatch(files, entry, source, deps.registry);
  const packs = bundledPacks(files, source);
  const inBundle = new Set(packs.map((p) => p.id));
  for (const id of modelIdsOf(patch, deps.registry)) {
    if (inBundle.has(id) || (await deps.hasModel(id))) continue;
    throw new FileRefusedError(
      `${source}: the patch uses the model "${id}", which is neither in the bundle (models/${id}/) nor loaded in this app`,
    );
  }
  const steps = packs.length + 2;
  for (const [i, pack] of packs.entries()) {
    progress(`checking the model "${pack.id}"`, (i + 1) / steps);
    await deps.validate(pack);
  }
  progress("reading the sounds", (steps - 1) / steps);
  const opened = embedAssets(patch, files, source, entry);
  progress("done", 1);
  return { patch: opened, packs };
}
