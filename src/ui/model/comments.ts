/**
 * Comments: free text boxes on the canvas (Max's and PureData's comment boxes). Pure edits of a
 * patch; the PatchModel commits them. The engine never reads comments.
 */
import { MAX_COMMENT_LENGTH, type Patch, type PatchComment } from "../../engine/patch/schema";
import { freshNodeId, type Position } from "./ids";

/** What a new comment says until it is edited. */
export const NEW_COMMENT_TEXT = "comment";

/** Why `text` cannot be a comment's text, or undefined if it can. */
export function refuseCommentText(text: string): string | undefined {
  return text.length > MAX_COMMENT_LENGTH
    ? `a comment holds at most ${MAX_COMMENT_LENGTH} characters, got ${text.length}`
    : undefined;
}

/** `patch` with a new comment at `position`; the comment's id is fresh among the comments. */
export function withComment(
  patch: Patch,
  text: string,
  position: Position,
): { patch: Patch; id: string } {
  const id = freshNodeId("comment", new Set((patch.comments ?? []).map((c) => c.id)));
  const comment: PatchComment = { id, text, position: [position[0], position[1]] };
  return { patch: { ...patch, comments: [...(patch.comments ?? []), comment] }, id };
}

/** `patch` with comment `id` changed by `change`; the same object when nothing changes. */
export function withCommentChanged(
  patch: Patch,
  id: string,
  change: (c: PatchComment) => PatchComment,
): Patch {
  let changed = false;
  const comments = patch.comments?.map((c) => {
    if (c.id !== id) return c;
    const next = change(c);
    changed ||= next.text !== c.text || next.position.some((v, i) => v !== c.position[i]);
    return next;
  });
  return changed ? { ...patch, comments } : patch;
}

/** `patch` without the comments `ids`; a patch left with none has no `comments` field. */
export function withoutComments(patch: Patch, ids: ReadonlySet<string>): Patch {
  if (!patch.comments?.some((c) => ids.has(c.id))) return patch;
  const kept = patch.comments.filter((c) => !ids.has(c.id));
  const { comments: _gone, ...rest } = patch;
  return kept.length > 0 ? { ...rest, comments: kept } : rest;
}
