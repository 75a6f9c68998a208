/**
 * The drawn envelope editor of a Curve's points, a panel opened from the node: click adds a
 * point, drag moves it (snapped to the beat at the patch tempo; Alt: free), double-click,
 * right-click or Delete removes it. Each edit goes through the node's parameter path, so it is
 * one undo step and, while playing, heard through the live parameter change; the JSON text
 * below shows the same points and takes typed ones.
 */
import { useEffect, useRef, useState, type PointerEvent, type KeyboardEvent } from "react";
import type { ParamEdit } from "../canvas/ParamControl";
import { paramText } from "../model/paramText";
import {
  addPoint,
  curveFrame,
  deletePoint,
  fromPixels,
  gridBeats,
  movePoint,
  nudgePoint,
  pointAt,
  snapTime,
  PLOT_MARGIN as MARGIN,
  PLOT_SIZE as SIZE,
  type CurveFrame,
  type Nudge,
  type Point,
  type Points,
} from "./curveEdit";
import { CurvePlot } from "./CurvePlot";

/** One key per pointer gesture: a press (adding or grabbing) and its drag are one undo step. */
const GESTURE = "curve-draw";

export interface CurveEditorProps {
  readonly nodeId: string;
  readonly points: Points;
  readonly edit: ParamEdit;
  readonly bpm: number;
  readonly beatsPerBar: number;
  /** Where the panel opens (client px, its top-left corner). */
  readonly at: { readonly x: number; readonly y: number };
  readonly onClose: () => void;
}

const fmt = (x: number) => String(Number(x.toPrecision(4)));

const NUDGES: Readonly<Record<string, Nudge>> = {
  ArrowLeft: { time: -1, value: 0 },
  ArrowRight: { time: 1, value: 0 },
  ArrowUp: { time: 0, value: 1 },
  ArrowDown: { time: 0, value: -1 },
};

export function CurveEditor(props: CurveEditorProps) {
  const { points, edit, bpm, beatsPerBar } = props;
  const beatSeconds = 60 / bpm;
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [frozen, setFrozen] = useState<CurveFrame | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const [free, setFree] = useState(false);
  /** The point being dragged, and the points as last applied (ahead of the next render). */
  const drag = useRef<{ index: number; points: Points } | undefined>(undefined);
  // The header says whether snapping is on as Alt goes down and up, before the pointer moves.
  useEffect(() => {
    const follow = (e: globalThis.KeyboardEvent) => setFree(e.altKey);
    window.addEventListener("keydown", follow);
    window.addEventListener("keyup", follow);
    return () => {
      window.removeEventListener("keydown", follow);
      window.removeEventListener("keyup", follow);
    };
  }, []);
  const frame = frozen ?? curveFrame(points, beatSeconds);
  const step = gridBeats(frame, SIZE, beatSeconds);
  const shown = selected !== undefined && selected < points.length ? selected : undefined;

  const apply = (next: Points, gesture?: string): boolean => {
    const why = edit.set(next, gesture);
    setMessage(why);
    return why === undefined;
  };
  const local = (e: PointerEvent<SVGSVGElement> | { clientX: number; clientY: number }) => {
    const box = svg.current!.getBoundingClientRect();
    return [e.clientX - box.left - MARGIN.left, e.clientY - box.top - MARGIN.top] as const;
  };
  /** The point under pixel (x, y), snapped to the grid unless Alt is held. */
  const pointUnder = (x: number, y: number, altKey: boolean): Point => {
    const p = fromPixels(frame, SIZE, x, y);
    return altKey ? p : [snapTime(p[0], beatSeconds, step), p[1]];
  };
  const remove = (index: number) => {
    const r = deletePoint(points, index);
    if (r.points === points || r.points.length === points.length) {
      setMessage("a Curve keeps at least one point");
      return;
    }
    if (apply(r.points)) setSelected(r.index);
  };

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    panel.current?.focus();
    setFree(e.altKey);
    const [x, y] = local(e);
    const hit = pointAt(points, frame, SIZE, x, y);
    let index = hit;
    let next = points;
    if (hit === undefined) {
      if (x < 0 || y < 0 || x > SIZE.width || y > SIZE.height) return;
      const added = addPoint(points, pointUnder(x, y, e.altKey));
      if (typeof added === "string") return setMessage(added);
      if (!apply(added.points, GESTURE)) return;
      [index, next] = [added.index, added.points];
    }
    setSelected(index);
    setFrozen(frame);
    drag.current = { index: index!, points: next };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    setFree(e.altKey);
    const d = drag.current;
    if (!d) return;
    const [x, y] = local(e);
    const moved = movePoint(d.points, d.index, pointUnder(x, y, e.altKey));
    const same = moved.points[d.index]?.every((v, i) => v === d.points[d.index]?.[i]);
    if (!same && apply(moved.points, GESTURE)) d.points = moved.points;
  };
  const endDrag = () => {
    if (!drag.current) return;
    drag.current = undefined;
    setFrozen(undefined);
    edit.endGesture();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === "Delete" || e.key === "Backspace") {
      // Never the canvas's Delete: that would remove the node being edited.
      if (shown !== undefined) remove(shown);
      e.stopPropagation();
      e.preventDefault();
    } else if (NUDGES[e.key] && shown !== undefined) {
      const grid = { frame, beatSeconds, stepBeats: step };
      const opts = { free: e.altKey, coarse: e.shiftKey };
      const r = nudgePoint(points, shown, NUDGES[e.key]!, grid, opts);
      if (JSON.stringify(r.points) !== JSON.stringify(points)) apply(r.points);
      e.stopPropagation();
      e.preventDefault();
    } else if (e.key === "Escape") {
      e.stopPropagation();
      props.onClose();
    }
  };
  const commitText = () => {
    if (typed === undefined) return;
    const why = edit.setText(typed);
    setMessage(why);
    if (why === undefined) setTyped(undefined);
  };

  const svg = useRef<SVGSVGElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const picked = shown === undefined ? undefined : points[shown];
  const readout = picked
    ? `point ${shown! + 1} of ${points.length}: ${fmt(picked[0])} s (beat ${fmt(picked[0] / beatSeconds + 1)}) → ${fmt(picked[1])}`
    : `${points.length} point${points.length === 1 ? "" : "s"}`;
  return (
    <div
      ref={panel}
      className="lp-curve-editor"
      role="dialog"
      aria-label={`curve editor of ${props.nodeId}`}
      tabIndex={-1}
      style={{ left: props.at.x, top: props.at.y }}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <header>
        <h3>
          Curve <code>{props.nodeId}</code> — value over time
        </h3>
        <span className="lp-curve-tempo">
          {fmt(bpm)} BPM · grid {step === 1 ? "1 beat" : `${step} beats`}
          {free ? " · free (Alt)" : " · snapping"}
        </span>
        <button
          onClick={() => props.onClose()}
          aria-label="close the curve editor"
          title="Close (Esc)"
        >
          ✕
        </button>
      </header>
      <svg
        ref={svg}
        className="lp-curve-svg"
        width={SIZE.width + MARGIN.left + MARGIN.right}
        height={SIZE.height + MARGIN.top + MARGIN.bottom}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onLostPointerCapture={endDrag}
        onDoubleClick={(e) => {
          const hit = pointAt(points, frame, SIZE, ...local(e));
          if (hit !== undefined) remove(hit);
        }}
        onContextMenu={(e) => {
          e.preventDefault();
          e.stopPropagation();
          const hit = pointAt(points, frame, SIZE, ...local(e));
          if (hit !== undefined) remove(hit);
        }}
      >
        <CurvePlot
          points={points}
          frame={frame}
          size={SIZE}
          beatSeconds={beatSeconds}
          beatsPerBar={beatsPerBar}
          stepBeats={step}
          selected={shown}
        />
      </svg>
      <div className="lp-curve-readout" aria-live="polite">
        {readout}
      </div>
      <input
        type="text"
        className={message ? "lp-curve-json invalid" : "lp-curve-json"}
        aria-label="points as JSON"
        value={typed ?? paramText(points)}
        onChange={(e) => setTyped(e.target.value)}
        onBlur={commitText}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") commitText();
          if (e.key === "Escape") setTyped(undefined);
        }}
      />
      {message && <div className="lp-field-error">{message}</div>}
      <p className="lp-curve-hint">
        Click: add a point · drag: move it (snaps to the beat; hold Alt for free) · arrows: nudge
        the selected point (Shift: more) · double-click, right-click or Delete: remove · Ctrl+Z:
        undo. Times in seconds, bars.beats above.
      </p>
    </div>
  );
}
