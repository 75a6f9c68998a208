/**
 * One parameter control, chosen by the control's kind: slider + number box (double-click resets,
 * Shift+drag is 10× finer), select, checkbox, picker, text, or a compact JSON field for lists.
 */
import { paramLabel } from "../model/paramLabel";
import { useRef, useState, type PointerEvent, type ReactNode } from "react";
import type { ParamValue } from "../../engine/nodeDefinition";
import type { ControlView } from "../model/nodeView";
import { SliderDrag } from "../model/fineDrag";
import { CurveControl, type CurveTempo } from "../curve/CurveControl";

export interface ParamEdit {
  /** Applies a value; `gesture` coalesces a drag into one undo step. Returns a refusal message. */
  set(value: ParamValue, gesture?: string): string | undefined;
  endGesture(): void;
  /** Parses the text of a list parameter and applies it, or returns why not. */
  setText(text: string): string | undefined;
}

const SLIDER_STEPS = 1000;
/** A press this close to the thumb (in px) grabs it where it is rather than jumping. */
const THUMB_GRAB_PX = 8;

function toSlider(c: ControlView & { kind: "number" }, v: number): number {
  const t =
    c.scale === "log"
      ? Math.log(v / c.min) / Math.log(c.max / c.min)
      : (v - c.min) / (c.max - c.min);
  return Math.round(Math.min(1, Math.max(0, t)) * SLIDER_STEPS);
}

function fromSlider(c: ControlView & { kind: "number" }, pos: number): number {
  const t = pos / SLIDER_STEPS;
  const raw = c.scale === "log" ? c.min * Math.pow(c.max / c.min, t) : c.min + t * (c.max - c.min);
  const snapped = Math.round(raw / c.step) * c.step;
  return Number(Math.min(c.max, Math.max(c.min, snapped)).toPrecision(6));
}

/**
 * Pointer handlers that drag the slider themselves instead of the browser, so that Shift makes
 * the drag finer (see SliderDrag). A press on the track jumps there, as a native slider does;
 * a press on the thumb or with Shift held keeps the value until the pointer moves.
 */
function useSliderDrag(c: ControlView & { kind: "number" }, edit: ParamEdit) {
  const drag = useRef<SliderDrag | undefined>(undefined);
  const end = () => {
    if (!drag.current) return;
    drag.current = undefined;
    edit.endGesture();
  };
  return {
    onPointerDown(e: PointerEvent<HTMLInputElement>) {
      if (c.driven || e.button !== 0) return;
      e.preventDefault(); // no native drag: it knows no fine mode
      const el = e.currentTarget;
      const box = el.getBoundingClientRect();
      if (box.width <= 0) return;
      el.setPointerCapture(e.pointerId);
      el.focus();
      const current = toSlider(c, c.value);
      const pressed = ((e.clientX - box.left) / box.width) * SLIDER_STEPS;
      const onThumb = (Math.abs(pressed - current) / SLIDER_STEPS) * box.width <= THUMB_GRAB_PX;
      const start = e.shiftKey || onThumb ? current : pressed;
      drag.current = new SliderDrag(start, e.clientX, box.width, SLIDER_STEPS, e.shiftKey);
      if (start !== current) edit.set(fromSlider(c, start), "drag");
    },
    onPointerMove(e: PointerEvent<HTMLInputElement>) {
      if (drag.current) edit.set(fromSlider(c, drag.current.move(e.clientX, e.shiftKey)), "drag");
    },
    onPointerUp: end,
    onPointerCancel: end,
    onLostPointerCapture: end,
  };
}

function NumberControl({ c, edit }: { c: ControlView & { kind: "number" }; edit: ParamEdit }) {
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const sliderDrag = useSliderDrag(c, edit);
  const commit = () => {
    if (typed === undefined) return;
    const v = Number(typed);
    if (typed.trim() !== "" && Number.isFinite(v)) edit.set(v);
    setTyped(undefined);
  };
  return (
    <div
      className="lp-number"
      onDoubleClick={() => edit.set(c.default)}
      title={`${c.description} — range ${c.min}…${c.max}${c.unit ? " " + c.unit : ""}, default ${c.default} (Shift+drag: fine, double-click resets)`}
    >
      <input
        type="range"
        aria-label={c.name}
        min={0}
        max={SLIDER_STEPS}
        value={toSlider(c, c.value)}
        disabled={c.driven}
        onChange={(e) => edit.set(fromSlider(c, Number(e.target.value)), "drag")}
        {...sliderDrag}
        onKeyUp={() => edit.endGesture()}
      />
      <input
        type="text"
        inputMode="decimal"
        className="lp-numbox"
        aria-label={`${c.name} value`}
        value={typed ?? String(c.value)}
        disabled={c.driven}
        onChange={(e) => setTyped(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      <span className="lp-unit">{c.unit}</span>
    </div>
  );
}

function ListControl({ c, edit }: { c: ControlView & { kind: "list" }; edit: ParamEdit }) {
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const commit = () => {
    if (typed === undefined) return;
    const why = edit.setText(typed);
    setError(why);
    if (why === undefined) setTyped(undefined);
  };
  return (
    <>
      <input
        type="text"
        className={error ? "lp-list invalid" : "lp-list"}
        aria-label={c.name}
        placeholder={c.placeholder}
        value={typed ?? c.text}
        onChange={(e) => setTyped(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {error && <div className="lp-field-error">{error}</div>}
    </>
  );
}

function TextControl({ value, label, edit }: { value: string; label: string; edit: ParamEdit }) {
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const commit = () => {
    if (typed !== undefined) edit.set(typed);
    setTyped(undefined);
  };
  return (
    <input
      type="text"
      aria-label={label}
      value={typed ?? value}
      onChange={(e) => setTyped(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && commit()}
    />
  );
}

function field(c: ControlView, edit: ParamEdit, curve?: CurveContext): ReactNode {
  switch (c.kind) {
    case "number":
      return <NumberControl c={c} edit={edit} />;
    case "enum":
      return (
        <select aria-label={c.name} value={c.value} onChange={(e) => edit.set(e.target.value)}>
          {c.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
    case "boolean":
      return (
        <input
          type="checkbox"
          aria-label={c.name}
          checked={c.value}
          onChange={(e) => edit.set(e.target.checked)}
        />
      );
    case "choice":
      return (
        <select aria-label={c.name} value={c.value} onChange={(e) => edit.set(e.target.value)}>
          {c.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case "text":
      return <TextControl value={c.value} label={c.name} edit={edit} />;
    case "list":
      return c.points && curve ? (
        <CurveControl nodeId={curve.nodeId} points={c.points} edit={edit} tempo={curve.tempo}>
          <ListControl c={c} edit={edit} />
        </CurveControl>
      ) : (
        <ListControl c={c} edit={edit} />
      );
  }
}

/** What a breakpoints control needs to open the drawn curve editor. */
export interface CurveContext {
  readonly nodeId: string;
  readonly tempo: CurveTempo;
}

export function ParamControl({
  control,
  edit,
  curve,
  browse,
}: {
  control: ControlView;
  edit: ParamEdit;
  curve?: CurveContext;
  /** Opens a browser of the values (the sound browser for an AudioIn's sound). */
  browse?: () => void;
}) {
  return (
    <div
      className={`lp-param kind-${control.kind}${control.driven ? " driven" : ""}`}
      data-param={control.name}
      onPointerDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      <label
        title={
          control.name.includes(".")
            ? `${control.name}: ${control.description}`
            : control.description
        }
      >
        {paramLabel(control.name)}
      </label>
      {control.driven ? <span className="lp-driven">← cable</span> : field(control, edit, curve)}
      {browse && (
        <button
          className="lp-browse"
          onClick={browse}
          title="Browse sounds: builtin and the patch's, with a preview"
        >
          ♪
        </button>
      )}
    </div>
  );
}
