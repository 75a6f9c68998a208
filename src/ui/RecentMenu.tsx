/** The Open menu's recent files: the last patches opened or saved, newest first. */
import type { RecentFile } from "./model/recentFiles";

/** "2026-11-22 03:05" in local time (toLocaleString's first call costs ~30 ms: Intl set-up). */
function when(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function RecentMenu(props: {
  files: readonly RecentFile[];
  onOpen(file: RecentFile): void;
}) {
  return (
    <select
      aria-label="recent files"
      value=""
      disabled={props.files.length === 0}
      onChange={(e) => {
        const file = props.files.find((f) => f.name === e.target.value);
        if (file) props.onOpen(file);
      }}
    >
      <option value="">Recent…</option>
      {props.files.map((f) => (
        <option key={f.name} value={f.name} title={when(f.at)}>
          {f.name}
        </option>
      ))}
    </select>
  );
}
