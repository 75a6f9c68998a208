/**
 * The progress of a long task (loading a model, rendering, importing a bundle), floating above
 * the status line: a determinate bar when the fraction is known, an indeterminate one otherwise,
 * and a Cancel button (Esc too) when the task can be cancelled.
 */
import { useEffect } from "react";

export interface ProgressState {
  readonly label: string;
  /** 0 to 1; undefined while the task cannot tell how far along it is. */
  readonly fraction: number | undefined;
  /** Cancels the task (a render); the bar shows a Cancel button and Esc calls it. */
  readonly cancel?: () => void;
}

/**
 * The bar; `inline` draws it in place (on a node card) instead of floating above the status line,
 * and `cancelTitle` says what Cancel stops.
 */
export function ProgressBar({
  progress,
  inline = false,
  cancelTitle = "Stop this render (Esc)",
}: {
  progress: ProgressState | undefined;
  inline?: boolean;
  cancelTitle?: string;
}) {
  const cancel = progress?.cancel;
  useEffect(() => {
    if (!cancel) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      cancel();
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [cancel]);
  if (!progress) return null;
  const { label, fraction } = progress;
  const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
  return (
    <div className={inline ? "lp-progress inline" : "lp-progress"} data-testid="progress">
      <progress
        aria-label={label}
        max={1}
        {...(fraction === undefined ? {} : { value: fraction })}
      />
      <span>
        {label}
        {percent === undefined ? "" : ` — ${percent}%`}
      </span>
      {cancel && (
        <button onClick={cancel} title={cancelTitle}>
          Cancel
        </button>
      )}
    </div>
  );
}
