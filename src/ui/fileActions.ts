/**
 * What the toolbar and the canvas do with files: open a patch (picked, dropped or recent), save
 * it, embed a dropped sound as an AudioIn, export the last render. Errors become status messages;
 * a refused file leaves the patch untouched.
 */
import { useEffect, useMemo, useState } from "react";
import type { PatchModel, Position } from "./model/patchModel";
import type { AudioValue } from "../engine/values";
import { parsePatch } from "../engine/patch/parse";
import { serializePatch } from "../engine/patch/serialize";
import { nodeRegistry } from "../nodes";
import { RecentFiles, type RecentFile } from "./model/recentFiles";
import { assetIdFor, embedWav } from "./model/audioDrop";
import {
  downloadPatch,
  downloadWav,
  indexedDbRecentFiles,
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
}

export function useFileActions({ model, say, fit }: FileActionsDeps) {
  const recent = useMemo(() => new RecentFiles(indexedDbRecentFiles()), []);
  const [recentList, setRecentList] = useState<readonly RecentFile[]>([]);
  useEffect(() => void recent.all().then(setRecentList), [recent]);
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
      const dropped = embedWav(file.name, new Uint8Array(await file.arrayBuffer()));
      const assetId = assetIdFor(file.name, new Set(Object.keys(model.patch.assets ?? {})));
      const id = model.addAudioAsset(assetId, dropped.entry, at);
      say(`added ${file.name} (${dropped.seconds.toFixed(1)} s) as AudioIn "${id}"`);
    } catch (err) {
      say(`${file.name} was not added — ${messageOf(err)}`, true);
    }
  };

  const openFile = async (file: File) => {
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

  return {
    recentList,
    openFile,
    openRecent: (f: RecentFile) => openText(f.name, f.text),
    /** A file dropped on the canvas at `at` (patch coordinates): a sound or a patch. */
    dropFile: (file: File, at: Position) =>
      isAudioFile(file) ? dropAudio(file, at) : openFile(file),
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
