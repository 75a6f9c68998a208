/**
 * The notices under the toolbar: each says what happened to the user's work, with its actions
 * (Download, Open the other tab's, …). A notice stays until it is resolved or dismissed.
 */
import { useState, useSyncExternalStore } from "react";
import type { Notice, Notices } from "./notices";
import "./notices.css";

function NoticeRow({ notice }: { notice: Notice }) {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => void | Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      console.warn(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      className={`lp-notice ${notice.tone}`}
      role={notice.tone === "info" ? "status" : "alert"}
      data-notice={notice.id}
    >
      <span className="lp-notice-text">{notice.text}</span>
      {notice.copyable !== undefined && (
        <input
          className="lp-notice-copy"
          readOnly
          value={notice.copyable}
          aria-label="text to copy"
          onFocus={(e) => e.target.select()}
        />
      )}
      {notice.actions?.map((a) => (
        <button key={a.label} title={a.title} disabled={busy} onClick={() => void run(a.run)}>
          {a.label}
        </button>
      ))}
    </div>
  );
}

/** Shows the current notices of `notices`. */
export function NoticeBar({ notices }: { notices: Notices }) {
  const list = useSyncExternalStore(notices.subscribe, () => notices.list);
  if (list.length === 0) return null;
  return (
    <div className="lp-notices" data-testid="notices">
      {list.map((n) => (
        <NoticeRow key={n.id} notice={n} />
      ))}
    </div>
  );
}
