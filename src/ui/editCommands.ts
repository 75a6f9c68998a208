/**
 * What the canvas does with the selection: copy, cut, paste, duplicate, group into a subpatch
 * and ungroup, add a comment, arrange. Each edit goes through the PatchModel (so it can be
 * undone) and reports what it did, or why it did nothing, as a status message.
 */
import type { RefObject } from "react";
import type { PatchModel } from "./model/patchModel";
import type { CanvasEditor } from "./canvas/canvasEditor";
import { serializePatch } from "../engine/patch/serialize";
import { subpatchIdOf } from "../engine/patch/subpatch";
import { nodeRegistry } from "../nodes";
import { readClipboard, writeClipboard } from "./clipboardIO";
import { clipboardPatch } from "./model/clipboard";
import { NEW_COMMENT_TEXT } from "./model/comments";

export interface EditCommandsDeps {
  readonly model: PatchModel;
  readonly editor: RefObject<CanvasEditor | undefined>;
  /** Whether the pointer is over the canvas (a paste then lands under it). */
  readonly pointerOnCanvas: RefObject<boolean>;
  readonly say: (text: string, error?: boolean) => void;
  /** Shows the whole patch. */
  readonly fit: () => Promise<void>;
}

export function useEditCommands({ model, editor, pointerOnCanvas, say, fit }: EditCommandsDeps) {
  const plural = (n: number) => `${n} node${n === 1 ? "" : "s"}`;
  /** Copies the selected nodes and comments to the clipboard as patch JSON; what was copied. */
  const copy = async (verb = "copied") => {
    const picked = editor.current?.selection() ?? {};
    const ids = picked.nodes ?? [];
    const comments = picked.comments ?? [];
    const clip = model.copy(ids, comments);
    if (!clip) {
      say("select nodes first (click, Ctrl+click for more)");
      return undefined;
    }
    await writeClipboard(serializePatch(clip));
    const n = clip.comments?.length ?? 0;
    say(`${verb} ${plural(clip.nodes.length)}${n ? ` and ${n} comment${n === 1 ? "" : "s"}` : ""}`);
    return { nodes: ids, comments };
  };
  const cut = async () => {
    const copied = await copy("cut");
    if (copied) model.remove(copied);
  };
  const paste = async (where?: readonly [number, number]) => {
    const clip = clipboardPatch(await readClipboard(), nodeRegistry);
    if (!clip.ok) return say(`cannot paste: ${clip.message}`, true);
    const at = where ?? (pointerOnCanvas.current ? editor.current?.pointer() : undefined);
    const ids = model.paste(clip.patch, at);
    const n = clip.patch.comments?.length ?? 0;
    say(`pasted ${plural(ids.length)}${n ? ` and ${n} comment${n === 1 ? "" : "s"}` : ""}`);
    await editor.current?.select(ids);
  };
  const duplicate = async () => {
    const ids = model.duplicate(editor.current?.selectedIds() ?? []);
    if (ids.length === 0) return say("select nodes first (click, Ctrl+click for more)");
    say(`duplicated ${plural(ids.length)}`);
    await editor.current?.select(ids);
  };

  const group = async () => {
    const result = model.group(editor.current?.selectedIds() ?? []);
    if (!result.ok) return say(result.message);
    const sub = model.patch.subpatches?.find((s) => s.id === result.subpatchId);
    const ports = `${sub?.inputs.length ?? 0} in, ${sub?.outputs.length ?? 0} out`;
    say(
      `grouped into the subpatch "${sub?.name}" (${ports}); double-click its title to open it, F2 renames it, Ctrl+Shift+G ungroups`,
    );
    await editor.current?.select([result.instanceId]);
  };
  const ungroup = async () => {
    const ids = (editor.current?.selectedIds() ?? []).filter(
      (id) => subpatchIdOf(model.node(id)?.type ?? "") !== undefined,
    );
    const result = model.ungroup(ids);
    if (!result.ok) return say(result.message);
    say(`ungrouped into ${plural(result.ids.length)}`);
    await editor.current?.select(result.ids);
  };

  const addComment = async (at?: readonly [number, number]) => {
    const id = model.addComment(at ?? editor.current?.pointer() ?? [0, 0], NEW_COMMENT_TEXT);
    say("added a comment; type its text, Ctrl+Enter or click away to keep it");
    await editor.current?.editComment(id);
  };
  const arrange = async () => {
    const sizes = editor.current?.nodeSizes();
    if (!sizes || model.patch.nodes.length === 0) return say("nothing to arrange");
    model.arrange(sizes);
    say("arranged the nodes by depth (undo puts them back)");
    await fit();
  };
  return { copy, cut, paste, duplicate, group, ungroup, addComment, arrange };
}
