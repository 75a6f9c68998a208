/**
 * What a dropped or opened zip or folder is, and taking it in: a model pack goes on the app's
 * shelf once validated; a bundle's packs go on the shelf and its patch is returned to be opened.
 * Everything is checked before anything changes. Pure, no DOM: the app passes its shelf and a
 * way to ask whether it ships a model.
 */
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch } from "../../engine/patch/schema";
import { readBundle, type ProgressReport } from "./bundle";
import type { ModelShelf } from "./modelShelf";
import { isModelPack, packCandidate, type PackCandidate } from "./packFiles";
import { FileRefusedError, type FileTree } from "./zipFiles";

export interface ImportDeps {
  readonly shelf: ModelShelf;
  readonly registry: NodeRegistry;
  /** True when the app ships model `id` (`models/<id>/` on its server). */
  readonly appHasModel: (id: string) => Promise<boolean>;
  /** Validates a pack as the engine will load it (`validatePack`). */
  readonly validate: (pack: PackCandidate) => Promise<void>;
  readonly progress?: ProgressReport;
}

export type Imported =
  | { readonly kind: "pack"; readonly id: string; readonly added: boolean }
  | { readonly kind: "bundle"; readonly patch: Patch; readonly packIds: readonly string[] };

/** Refuses a pack whose id is a model the app ships, or a different pack already loaded. */
async function checkId(pack: PackCandidate, deps: ImportDeps): Promise<void> {
  deps.shelf.check(pack);
  if (!deps.shelf.get(pack.id) && (await deps.appHasModel(pack.id))) {
    throw new FileRefusedError(
      `${pack.source}: the app already has a model "${pack.id}"; give this pack another id in its model.json`,
    );
  }
}

/**
 * Takes in `files` read from `source` (a zip's or a dropped folder's contents): a model pack
 * (`model.json` at the top) or a bundle (`patch.json` at the top).
 * @throws FileRefusedError, ModelPackError or AudioFileError naming what is wrong
 */
export async function importFileTree(
  files: FileTree,
  source: string,
  deps: ImportDeps,
): Promise<Imported> {
  const progress = deps.progress ?? (() => undefined);
  if (isModelPack(files)) {
    const pack = packCandidate(files, source);
    await checkId(pack, deps);
    progress(`checking the model "${pack.id}"`, 0.5);
    await deps.validate(pack);
    progress("done", 1);
    return { kind: "pack", id: pack.id, added: deps.shelf.add(pack) };
  }
  const opened = await readBundle(files, source, {
    registry: deps.registry,
    validate: deps.validate,
    hasModel: async (id) => deps.shelf.get(id) !== undefined || deps.appHasModel(id),
    progress,
  });
  for (const pack of opened.packs) await checkId(pack, deps);
  for (const pack of opened.packs) deps.shelf.add(pack);
  return { kind: "bundle", patch: opened.patch, packIds: opened.packs.map((p) => p.id) };
}
