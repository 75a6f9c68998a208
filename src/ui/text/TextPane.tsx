/**
 * The text view (live coding): the patch as text beside the canvas. Ctrl-Enter (Alt-Enter)
 * applies it to the playing patch, Ctrl-. (Alt-.) stops.
 */
import { useEffect, useRef, useState } from "react";
import type { PatchModel } from "../model/patchModel";
import { TextSession, type TextStatus } from "./textSession";
import "./text.css";

export interface TextPaneProps {
  readonly model: PatchModel;
  readonly onStop: () => void;
  /** Focus the editor when it opens (default true; the performance view keeps its keys). */
  readonly autoFocus?: boolean;
  /** The region's accessible name (default "text view"). */
  readonly label?: string;
}

export function TextPane({ model, onStop, autoFocus = true, label = "text view" }: TextPaneProps) {
  const host = useRef<HTMLDivElement>(null);
  const session = useRef<TextSession | undefined>(undefined);
  const stop = useRef(onStop);
  stop.current = onStop;
  const [status, setStatus] = useState<TextStatus>({ modified: false, canvasChanged: false });

  useEffect(() => {
    const s = new TextSession(model, host.current!, {
      onStop: () => stop.current(),
      onStatus: setStatus,
    });
    session.current = s;
    if (autoFocus) s.view.focus();
    return () => s.dispose();
  }, [model, autoFocus]);

  const state = status.canvasChanged
    ? "modified — the canvas changed too; Ctrl-Enter applies the text"
    : status.modified
      ? "modified — Ctrl-Enter applies"
      : "in sync";
  return (
    <aside className="lp-text" aria-label={label}>
      <div className="lp-text-head">
        <span className={status.modified ? "lp-text-state modified" : "lp-text-state"}>
          {state}
        </span>
        <button onClick={() => session.current?.evaluate()} title="Apply the text (Ctrl-Enter)">
          Apply
        </button>
      </div>
      <div ref={host} className="lp-text-editor" />
      <div className={status.error ? "lp-text-message error" : "lp-text-message"} role="status">
        {status.error ?? "Ctrl-Enter applies · Ctrl-. stops · # comments"}
      </div>
    </aside>
  );
}
