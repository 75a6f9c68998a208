/**
 * A Curve's points on its node: the JSON text field, and under it a preview of the envelope
 * that opens the drawn editor (a panel over the page, so the canvas's zoom leaves it legible).
 */
import { useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import type { ParamEdit } from "../canvas/ParamControl";
import { curveFrame, type Points } from "./curveEdit";
import { envelopePath } from "./CurvePlot";
import { CURVE_PREVIEW_PX } from "../canvas/levelOfDetail";
import { CurveEditor } from "./CurveEditor";
import "./curve.css";

/** The patch tempo the editor's beat grid follows. */
export interface CurveTempo {
  readonly bpm: number;
  readonly beatsPerBar: number;
}

const PREVIEW = { width: 120, height: CURVE_PREVIEW_PX } as const;
/** The editor panel's size, to keep it on screen (px). */
const PANEL = { width: 640, height: 400 } as const;

/** Where the panel opens: under the preview, or above it where the window ends, on screen. */
function panelAt(box: DOMRect): { x: number; y: number } {
  const x = Math.max(8, Math.min(box.left, innerWidth - PANEL.width - 8));
  const below = box.bottom + 8;
  const y = below + PANEL.height <= innerHeight ? below : box.top - PANEL.height - 8;
  return { x, y: Math.max(8, y) };
}

export function CurveControl(props: {
  nodeId: string;
  points: Points;
  edit: ParamEdit;
  tempo: CurveTempo;
  children: ReactNode;
}) {
  const [at, setAt] = useState<{ x: number; y: number } | undefined>(undefined);
  const frame = curveFrame(props.points, 60 / props.tempo.bpm);
  return (
    <div className="lp-curve-field">
      {props.children}
      <button
        className="lp-curve-preview"
        aria-label="draw the curve"
        aria-expanded={at !== undefined}
        title="Draw the curve: click adds a point, drag moves it (snapped to the beat), double-click removes it"
        onClick={(e) => setAt(at ? undefined : panelAt(e.currentTarget.getBoundingClientRect()))}
      >
        <svg width={PREVIEW.width} height={PREVIEW.height}>
          <polyline points={envelopePath(props.points, frame, PREVIEW)} />
        </svg>
        <span>✎</span>
      </button>
      {at &&
        createPortal(
          <CurveEditor
            nodeId={props.nodeId}
            points={props.points}
            edit={props.edit}
            bpm={props.tempo.bpm}
            beatsPerBar={props.tempo.beatsPerBar}
            at={at}
            onClose={() => setAt(undefined)}
          />,
          document.body,
        )}
    </div>
  );
}
