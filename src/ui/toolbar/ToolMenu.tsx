/**
 * A toolbar menu ("File ▾"): a button that opens a column of the less used actions below it,
 * closed again by picking one, a click elsewhere or Escape. A panel (the live engine's readouts
 * and input, watched while playing) stays open until its button or Escape closes it. Closed,
 * its items stay in the page (hidden), each with its own title and label, so it is found by
 * the name it had on the toolbar.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";

export interface ToolMenuProps {
  readonly label: string;
  readonly title: string;
  /** Stays open while the rest of the app is used (default false: a menu). */
  readonly panel?: boolean;
  readonly children: ReactNode;
}

export function ToolMenu({ label, title, panel = false, children }: ToolMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!panel && !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", escape);
    };
  }, [open, panel]);
  return (
    <div className="lp-toolmenu" ref={ref}>
      <button
        className={open ? "lp-toolmenu-button open" : "lp-toolmenu-button"}
        aria-haspopup="menu"
        aria-expanded={open}
        title={title}
        onClick={() => setOpen(!open)}
      >
        {label} ▾
      </button>
      <div
        className="lp-toolmenu-items"
        role="menu"
        aria-label={label}
        hidden={!open}
        onClick={(e) => {
          const picked = (e.target as HTMLElement).closest("button");
          if (!panel && picked) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
