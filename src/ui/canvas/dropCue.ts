/**
 * What a file dragged over the canvas will do once dropped, judged from what a drag shows
 * before the drop: the items' kinds and MIME types (a browser hides names until the drop).
 */

/** One item of a drag, as `DataTransferItem` gives it. */
export interface DraggedItem {
  readonly kind: string;
  readonly type: string;
}

export interface DropCue {
  /** What will happen, in a sentence. */
  readonly text: string;
  /** Whether it lands at the pointer (a sound becomes an AudioIn there). */
  readonly atPointer: boolean;
}

/** The cue for a drag carrying `items`, or undefined when it carries no file (text, a link). */
export function dropCueOf(items: readonly DraggedItem[]): DropCue | undefined {
  const files = items.filter((i) => i.kind === "file");
  const first = files[0];
  if (!first) return undefined;
  const more = files.length > 1 ? " (the first of the dropped files)" : "";
  const type = first.type.toLowerCase();
  if (type.startsWith("audio/"))
    return { text: `Drop: the sound becomes an AudioIn here${more}`, atPointer: true };
  if (type === "application/json" || type.endsWith("+json"))
    return { text: `Drop: the patch opens (Undo brings this one back)${more}`, atPointer: false };
  if (type === "application/zip" || type === "application/x-zip-compressed")
    return {
      text: `Drop: the bundle opens, or the model pack is added${more}`,
      atPointer: false,
    };
  return {
    text: `Drop: a patch or bundle opens, a folder or zip adds a model pack, a WAV becomes an AudioIn here${more}`,
    atPointer: false,
  };
}
