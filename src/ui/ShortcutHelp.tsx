/** The `?` screen: every keyboard shortcut and mouse gesture, from the table that handles them. */
import { GESTURES, SHORTCUTS, keysText, type Shortcut } from "./shortcuts";

/** Shortcuts of one action on one row ("Ctrl+Shift+Z or Ctrl+Y  Redo"). */
function rows(list: readonly Shortcut[]): [string, string][] {
  const byAction = new Map<string, [string, string]>();
  for (const s of list) {
    const row = byAction.get(s.action);
    if (row) row[0] += ` or ${keysText(s)}`;
    else byAction.set(s.action, [keysText(s), s.label]);
  }
  return [...byAction.values()];
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="lp-help-backdrop" onPointerDown={onClose}>
      <div
        className="lp-help"
        role="dialog"
        aria-label="keyboard shortcuts"
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "?") onClose();
          e.stopPropagation();
        }}
      >
        <header>
          <h2>Keyboard shortcuts</h2>
          <button autoFocus onClick={onClose} aria-label="close the shortcuts">
            ✕
          </button>
        </header>
        <table>
          <tbody>
            {rows(SHORTCUTS).map(([keys, label]) => (
              <tr key={label}>
                <th>{keys}</th>
                <td>{label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Mouse</h3>
        <table>
          <tbody>
            {GESTURES.map(([gesture, label]) => (
              <tr key={gesture}>
                <th>{gesture}</th>
                <td>{label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="lp-help-foot">
          In a right-click menu: ↑ ↓ move, → or Enter opens a submenu, ← goes back, Enter runs the
          entry, Esc closes it. Shortcuts are ignored while typing in a field. Esc closes this list.
        </p>
      </div>
    </div>
  );
}
