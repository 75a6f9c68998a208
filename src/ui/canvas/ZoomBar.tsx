/**
 * The zoom controls in the canvas's bottom-left corner: −, the zoom as a percentage (a click
 * goes to 100 %), +, and Fit — as in Max's and Pd's patcher windows. Keys: − + 0 F.
 */
import { useSyncExternalStore } from "react";
import type { CanvasEditor } from "./canvasEditor";
import { zoomLabel } from "./zoom";

export function ZoomBar({ editor }: { editor: CanvasEditor }) {
  const k = useSyncExternalStore(editor.zoom.subscribe, editor.zoom.get);
  return (
    <div className="lp-zoom" role="toolbar" aria-label="zoom">
      <button onClick={() => void editor.zoomStep(-1)} title="Zoom out (−)" aria-label="zoom out">
        −
      </button>
      <button
        className="lp-zoom-level"
        onClick={() => void editor.zoomTo(1)}
        title="The zoom; click for 100 % (0)"
        aria-label="zoom level"
      >
        {zoomLabel(k)}
      </button>
      <button onClick={() => void editor.zoomStep(1)} title="Zoom in (+)" aria-label="zoom in">
        +
      </button>
      <button onClick={() => void editor.zoomToFit()} title="Fit the whole patch (F)">
        Fit
      </button>
    </div>
  );
}
