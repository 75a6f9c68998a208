/**
 * What the toolbar and the canvas do with files: open a patch (picked, dropped or recent), save
 * it, embed a dropped sound as an AudioIn, export the last render, export and open bundles, load
 * a dropped model pack (zip or folder). Errors become status messages; a refused file leaves the
 * patch untouched.
 */
import { useEffect, useMemo, useState } from "react";
import type { PatchModel, Position } from "./model/patchModel";
import type { AudioValue } from "../engine/values";
import { parsePatch } from "../engine/patch/parse";
import { PATCH_FORMAT } from "../engine/patch/schema";
import { CURRENT_VERSION } from "../engine/patch/migrate";
import { serializePatch } from "../engine/patch/serialize";
import { nodeRegistry } from "../nodes";
import type { RecentFile } from "./model/recentFiles";
import { assetIdFor, checkEmbeddable, embedWav, embeddedBase64 } from "./model/audioDrop";
import type { ProgressState } from "./ProgressBar";
import { importFileTree } from "./bundle/importFiles";
import { appModels } from "./bundle/modelShelf";
import { validatePack } from "./bundle/packFiles";
import { appHasModel, isZipFile, readZipFile } from "./bundle/browserBundle";
import { readDroppedFolder, type DroppedDirectory } from "./bundle/droppedFolder";
import type { FileTree } from "./bundle/zipFiles";
import {
  appRecentFiles,
  downloadBundle,
  downloadPatch,
  downloadWav,
  isAudioFile,
  patchFileName,
  readPatchFile,
} from "./files";

export const messageOf = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);

export interface FileActionsDeps {
  readonly model: PatchModel;
  readonly say: (text: string, error?: boolean) => void;
  /** Shows the whole patch after it was replaced. */
  readonly fit: () => Promise<void>;
  /** Shows a new patch at a readable zoom (100 %). */
  readonly readable: () => Promise<void>;
  /** Shows (or, with undefined, hides) the progress of a long task. */
  readonly progress: (state: ProgressState | undefined) => void;
}

export function useFileActions({ model, say, fit, readable, progress }: FileActionsDeps) {
  const recent = useMemo(() => appRecentFiles(), []);
  const [recentList, setRecentList] = useState<readonly RecentFile[]>([]);
  useEffect(() => {
    void recent.all().then(setRecentList);
    return recent.subscribe(setRecentList);
  }, [recent]);
  const remember = (name: string, text: string) => void recent.add(name, text).then(setRecentList);

  const openText = async (name: string, text: string) => {
    try {
      model.open(parsePatch(text, nodeRegistry));
      say(`opened ${name}`);
      remember(name, text);
      await fit();
    } catch (err) {
      say(`${name} was not opened — ${messageOf(err)}`, true);
    }
  };

  const dropAudio = async (file: File, at: Position) => {
    try {
      checkEmbeddable(file.size, embeddedBase64(model.patch.assets), file.name);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const dropped = embedWav(file.name, bytes, embeddedBase64(model.patch.assets));
      const assetId = assetIdFor(file.name, new Set(Object.keys(model.patch.assets ?? {})));
      const id = model.addAudioAsset(assetId, dropped.entry, at);
      say(`added ${file.name} (${dropped.seconds.toFixed(1)} s) as AudioIn "${id}"`);
    } catch (err) {
      say(`${file.name} was not added — ${messageOf(err)}`, true);
    }
  };

  /** Takes in a bundle or a model pack; `read` gets its files (unzip, walk a folder). */
  const importTree = async (source: string, read: () => Promise<FileTree>) => {
    progress({ label: `${source}: reading`, fraction: 0 });
    try {
      const imported = await importFileTree(await read(), source, {
        shelf: appModels,
        registry: nodeRegistry,
        appHasModel,
        validate: (pack) => validatePack(pack),
        progress: (label, fraction) => progress({ label: `${source}: ${label}`, fraction }),
      });
      if (imported.kind === "pack") {
        say(
          imported.added
            ? `loaded the model "${imported.id}" from ${source}: pick it in an Encode or Decode node's model select`
            : `the model "${imported.id}" is already loaded`,
        );
        return;
      }
      model.open(imported.patch);
      const models = imported.packIds.length
        ? ` with the model ${imported.packIds.join(", ")}`
        : "";
      say(`opened the bundle ${source}${models}`);
      remember(source, serializePatch(imported.patch));
      await fit();
    } catch (err) {
      say(`${source} was not opened — ${messageOf(err)}`, true);
    } finally {
      progress(undefined);
    }
  };

  const openFile = async (file: File) => {
    if (await isZipFile(file)) return importTree(file.name, () => readZipFile(file));
    try {
      const patch = await readPatchFile(file);
      model.open(patch);
      say(`opened ${file.name}`);
      remember(file.name, serializePatch(patch));
      await fit();
    } catch (err) {
      say(`${file.name} was not opened — ${messageOf(err)}`, true);
    }
  };

  /**
   * A new, empty, untitled patch at 100 % — one undoable edit, so Undo brings the open one back;
   * a patch with nodes is also kept in Recent.
   */
  const newPatch = async () => {
    const before = model.patch;
    if (before.nodes.length > 0) remember(before.name, serializePatch(before));
    model.update(emptyPatch());
    say(
      "a new, empty patch — double-click the canvas or press N to add a node (Undo brings the last one back)",
    );
    await readable();
  };

  return {
    recentList,
    openFile,
    newPatch,
    openRecent: (f: RecentFile) => openText(f.name, f.text),
    /** A file dropped on the canvas at `at` (patch coordinates): a sound, a patch or a zip. */
    dropFile: (file: File, at: Position) =>
      isAudioFile(file) ? dropAudio(file, at) : openFile(file),
    /** A folder dropped on the canvas: a model pack (or an unzipped bundle). */
    dropFolder: (dir: DroppedDirectory) => importTree(dir.name, () => readDroppedFolder(dir)),
    /** Downloads the open patch as a bundle zip (what Share offers when a link cannot carry it). */
    exportBundle: () => {
      try {
        say(`exported the bundle ${downloadBundle(model.toPatch())}`);
      } catch (err) {
        say(`the bundle was not exported — ${messageOf(err)}`, true);
      }
    },
    save: () => {
      const patch = model.toPatch();
      downloadPatch(patch);
      remember(patchFileName(patch), serializePatch(patch));
    },
    exportWav: (audio: AudioValue | undefined) => {
      if (!audio) return say("render first (▶), then export the output as WAV", true);
      downloadWav(audio, model.toPatch());
      say("exported the last render as WAV (16-bit)");
    },
  };
}

/** An empty, untitled patch of the current format, at the default tempo. */
export const emptyPatch = () =>
  parsePatch(
    {
      format: PATCH_FORMAT,
      version: CURRENT_VERSION,
      name: "untitled",
      transport: { bpm: 120, beatsPerBar: 4 },
      nodes: [],
      connections: [],
    },
    nodeRegistry,
  );
