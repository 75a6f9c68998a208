/**
 * A comment box on the canvas: its text, drawn from the model. Double-click (or the C shortcut,
 * which adds one) edits it; Ctrl+Enter or a click elsewhere keeps the edit, Escape drops it.
 */
import { useRef, useState, useSyncExternalStore } from "react";
import type { CommentNode } from "./CanvasNode";

/**
 * Two presses this close in time are a double-click. Detected by hand: the area plugin moves a
 * pressed node's element to the front, which stops the browser from ever firing dblclick on it.
 */
export const DOUBLE_PRESS_MS = 450;

function CommentEditor({ node, text }: { node: CommentNode; text: string }) {
  const [typed, setTyped] = useState(text);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const dropped = useRef(false);
  const stop = () => node.state.editingComment.set(undefined);
  const keep = () => {
    if (dropped.current) return; // Escape, then the field's blur as it goes away
    const outcome = node.model.setCommentText(node.commentId, typed);
    if (outcome.ok) stop();
    else setRefusal(outcome.message);
  };
  return (
    <>
      <textarea
        autoFocus
        aria-label="comment text"
        value={typed}
        rows={Math.min(12, Math.max(2, typed.split("\n").length))}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setTyped(e.target.value)}
        onBlur={keep}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            dropped.current = true;
            stop();
          }
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) keep();
        }}
      />
      {refusal && <div className="lp-field-error">{refusal}</div>}
    </>
  );
}

export function CommentCard({ data }: { data: CommentNode }) {
  const { model, state, commentId } = data;
  const patch = useSyncExternalStore(model.subscribe, () => model.patch);
  const editing = useSyncExternalStore(state.editingComment.subscribe, state.editingComment.get);
  const lastPress = useRef(Number.NEGATIVE_INFINITY);
  const comment = patch.comments?.find((c) => c.id === commentId);
  if (!comment) return null;
  return (
    <div
      className={data.selected ? "lp-comment selected" : "lp-comment"}
      data-comment-id={commentId}
      title="Comment — double-click to edit"
      onPointerDown={(e) => {
        // After the press's own focus change, which would otherwise blur the new text field.
        const double = e.timeStamp - lastPress.current < DOUBLE_PRESS_MS;
        if (double) setTimeout(() => state.editingComment.set(commentId), 0);
        lastPress.current = double ? Number.NEGATIVE_INFINITY : e.timeStamp; // a third press starts over
      }}
    >
      {editing === commentId ? (
        <CommentEditor node={data} text={comment.text} />
      ) : (
        <div className="lp-comment-text">{comment.text}</div>
      )}
    </div>
  );
}
