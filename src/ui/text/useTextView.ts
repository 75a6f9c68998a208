/**
 * Whether the text view is open: toggled by its button or Ctrl+Shift+E, remembered across
 * reloads.
 */
import { useCallback, useEffect, useState } from "react";

const KEY = "latent-patcher.textView";

function remembered(): boolean {
  try {
    return localStorage.getItem(KEY) === "open";
  } catch {
    return false;
  }
}

/** `[open, toggle]`; also listens for Ctrl+Shift+E (Cmd+Shift+E). */
export function useTextView(): readonly [boolean, () => void] {
  const [open, setOpen] = useState(remembered);
  const toggle = useCallback(() => {
    setOpen((was) => {
      try {
        localStorage.setItem(KEY, was ? "closed" : "open");
      } catch {
        // Storage may be refused (private mode); the choice then lasts for this page only.
      }
      return !was;
    });
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === "e") {
        e.preventDefault();
        toggle();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toggle]);
  return [open, toggle];
}
