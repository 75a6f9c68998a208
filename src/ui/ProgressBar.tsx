/**
 * The progress of a long task (loading a model, rendering, importing a bundle), floating above
 * the status line: a determinate bar when the fraction is known, an indeterminate one otherwise.
 */

export interface ProgressState {
  readonly label: string;
  /** 0 to 1; undefined while the task cannot tell how far along it is. */
  readonly fraction: number | undefined;
}

export function ProgressBar({ progress }: { progress: ProgressState | undefined }) {
  if (!progress) return null;
  const { label, fraction } = progress;
  const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
  return (
    <div className="lp-progress" data-testid="progress">
      <progress
        aria-label={label}
        max={1}
        {...(fraction === undefined ? {} : { value: fraction })}
      />
      <span>
        {label}
        {percent === undefined ? "" : ` — ${percent}%`}
      </span>
    </div>
  );
}
