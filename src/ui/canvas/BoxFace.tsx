/**
 * The face of a control box (see `BoxFace` in the node definition), drawn on its card from the
 * definition alone: a Number to drag vertically or type, a Message to click (its value is edited
 * in the generated field below it), a Toggle to flip, a Bang to hit. Every gesture is an edit of the node's parameters, so it
 * is saved, undone and streamed to a playing patch like a slider's.
 */
import { useRef, useState, type MouseEvent, type PointerEvent } from "react";
import type { ParamValue } from "../../engine/nodeDefinition";
import type { FaceView } from "../model/nodeView";
import { bangBeatNow, draggedValue, messageText, typedNumber } from "../model/boxFace";
import "./boxes.css";

export interface FaceEdit {
  /** Sets a parameter; `gesture` coalesces a drag into one undo step. Returns a refusal. */
  set(name: string, value: ParamValue, gesture?: string): string | undefined;
  endGesture(): void;
}

/** A press that moves less than this (in px) is a click. */
const CLICK_SLOP_PX = 3;
/** How long a Bang lights after a click, in milliseconds. */
const FLASH_MS = 150;

/**
 * A button's handlers: a press acts at once (a click would wait for the release), and Enter or
 * Space on the focused button acts too (the browser's click from a key has no pointer: detail 0).
 */
function pressed(act: () => void) {
  return {
    onPointerDown: (e: PointerEvent<HTMLButtonElement>) => e.button === 0 && act(),
    onClick: (e: MouseEvent<HTMLButtonElement>) => e.detail === 0 && act(),
  };
}

/** A field that edits one line of text: Enter keeps it, Escape cancels, leaving it keeps it. */
function FaceField({
  initial,
  label,
  keep,
  cancel,
}: {
  initial: string;
  label: string;
  keep: (text: string) => void;
  cancel: () => void;
}) {
  const [text, setText] = useState(initial);
  return (
    <input
      autoFocus
      className="lp-box-field"
      aria-label={label}
      value={text}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => keep(text)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter") keep(text);
        if (e.key === "Escape") cancel();
      }}
    />
  );
}

function NumberFace({ face, edit }: { face: FaceView; edit: FaceEdit }) {
  const { params, spec } = face;
  const [min, max, step] = [params.min, params.max, params.step].map(Number) as [
    number,
    number,
    number,
  ];
  const value = Math.min(max, Math.max(min, Number(params[spec.param])));
  const [typing, setTyping] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const drag = useRef<{ y: number; value: number; moved: boolean } | undefined>(undefined);
  if (face.driven) return <div className="lp-box lp-box-number driven">← cable</div>;
  if (typing) {
    const keep = (text: string) => {
      const typed = typedNumber(text, min, max);
      setError(typed.ok ? edit.set(spec.param, typed.value) : typed.message);
      setTyping(false);
    };
    return (
      <FaceField
        initial={String(value)}
        label={`${spec.param} value`}
        keep={keep}
        cancel={() => setTyping(false)}
      />
    );
  }
  const end = () => {
    const d = drag.current;
    drag.current = undefined;
    if (!d) return;
    if (d.moved) edit.endGesture();
    else setTyping(true);
  };
  return (
    <>
      <div
        className="lp-box lp-box-number"
        role="spinbutton"
        aria-label={spec.param}
        aria-valuenow={value}
        aria-valuemin={min}
        aria-valuemax={max}
        tabIndex={0}
        title={`drag up or down (Shift: finer), or click to type — ${min}…${max}, step ${step}`}
        onKeyDown={(e) => {
          const dy = { ArrowUp: 1, ArrowDown: -1 }[e.key];
          if (dy !== undefined || e.key === "Enter") e.stopPropagation();
          if (dy !== undefined) {
            e.preventDefault();
            setError(edit.set(spec.param, draggedValue(value, dy, step, e.shiftKey, min, max)));
          } else if (e.key === "Enter") setTyping(true);
        }}
        onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { y: e.clientY, value, moved: false };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const dy = d.y - e.clientY;
          if (!d.moved && Math.abs(dy) < CLICK_SLOP_PX) return;
          d.moved = true;
          // Each move goes on from the last, so pressing or releasing Shift mid-drag jumps nowhere.
          d.value = draggedValue(d.value, dy, step, e.shiftKey, min, max);
          d.y = e.clientY;
          setError(edit.set(spec.param, d.value, "drag"));
        }}
        onPointerUp={end}
        onPointerCancel={end}
      >
        {String(value)}
      </div>
      {error && <div className="lp-field-error">{error}</div>}
    </>
  );
}

function MessageFace({ face, edit }: { face: FaceView; edit: FaceEdit }) {
  const [error, setError] = useState<string | undefined>(undefined);
  if (face.spec.kind !== "message") return null;
  const { param, sends } = face.spec;
  const value = face.params[param] as readonly number[];
  const sent = face.params[sends] as readonly number[];
  const isSent = JSON.stringify(sent) === JSON.stringify(value);
  return (
    <>
      <button
        className={`lp-box lp-box-message${isSent ? " sent" : ""}`}
        aria-label="send message"
        title="click: send (edit the message in its value field; a list plays as steps)"
        {...pressed(() => setError(edit.set(sends, [...value])))}
      >
        {messageText(value)}
      </button>
      {error && <div className="lp-field-error">{error}</div>}
    </>
  );
}

function ToggleFace({ face, edit }: { face: FaceView; edit: FaceEdit }) {
  const on = face.params[face.spec.param] === true;
  return (
    <button
      className={`lp-box lp-box-toggle${on ? " on" : ""}`}
      role="switch"
      aria-checked={on}
      aria-label={face.spec.param}
      title="click: on / off"
      {...pressed(() => edit.set(face.spec.param, !on))}
    >
      {on ? "✕" : ""}
    </button>
  );
}

function BangFace({ face, edit }: { face: FaceView; edit: FaceEdit }) {
  const [lit, setLit] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  return (
    <button
      className={`lp-box lp-box-bang${lit ? " lit" : ""}`}
      aria-label="bang"
      title="click: send a pulse (playing: as soon as it can be heard; stopped: at the start)"
      {...pressed(() => {
        edit.set(face.spec.param, bangBeatNow());
        setLit(true);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setLit(false), FLASH_MS);
      })}
    />
  );
}

/** The face of a control box, by its kind. */
export function BoxFaceView({ face, edit }: { face: FaceView; edit: FaceEdit }) {
  const body = () => {
    switch (face.spec.kind) {
      case "number":
        return <NumberFace face={face} edit={edit} />;
      case "message":
        return <MessageFace face={face} edit={edit} />;
      case "toggle":
        return <ToggleFace face={face} edit={edit} />;
      case "bang":
        return <BangFace face={face} edit={edit} />;
    }
  };
  return (
    <div
      className={`lp-box-face kind-${face.spec.kind}`}
      data-face={face.spec.kind}
      onPointerDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      {body()}
    </div>
  );
}
