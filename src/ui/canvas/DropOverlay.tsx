/**
 * The cue shown while a file is dragged over the canvas: a frame around the canvas, what the
 * drop will do, and for a sound a marker where its AudioIn will land. Fixed over the canvas
 * (not inside it: rete owns the canvas element's children) and blind to the pointer, so the
 * drag events still reach the canvas.
 */
import type { DropCue } from "./dropCue";

export interface DropOverlayProps {
  readonly cue: DropCue;
  /** The canvas's box and the pointer, in client coordinates. */
  readonly frame: DOMRect;
  readonly x: number;
  readonly y: number;
}

export function DropOverlay({ cue, frame, x, y }: DropOverlayProps) {
  return (
    <div
      className="lp-drop-overlay"
      role="status"
      aria-label="drop cue"
      style={{ left: frame.left, top: frame.top, width: frame.width, height: frame.height }}
    >
      <p className="lp-drop-text">{cue.text}</p>
      {cue.atPointer && (
        <div
          className="lp-drop-marker"
          data-testid="drop-marker"
          style={{ left: x - frame.left, top: y - frame.top }}
        >
          AudioIn
        </div>
      )}
    </div>
  );
}
