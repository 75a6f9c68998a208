/** The Open menu's recent files: the last patches opened or saved, newest first. */
import type { RecentFile } from "./model/recentFiles";

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
        <option key={f.name} value={f.name} title={new Date(f.at).toLocaleString()}>
          {f.name}
        </option>
      ))}
    </select>
  );
}
