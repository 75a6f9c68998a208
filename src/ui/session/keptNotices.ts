/**
 * Notices about the autosave itself: records kept aside because they did not load (download or
 * discard them), and writes that failed (a full disk is said as such, never swallowed).
 */
import type { AutosaveStore, KeptRecord } from "../model/autosave";
import type { Notices } from "../notices/notices";

/** How a kept record reaches the user: as a download of its text. */
export type DownloadText = (text: string, fileName: string) => void;

const isKept = (v: unknown): v is KeptRecord =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as KeptRecord).id === "string" &&
  typeof (v as KeptRecord).text === "string";

/** A new kept record's id: its time first, so the store lists them oldest first. */
export const keptId = (at: number): string =>
  `${new Date(at).toISOString()}-${Math.random().toString(36).slice(2, 8)}`;

/** The file name a kept record downloads as. */
export const keptFileName = (kept: KeptRecord): string =>
  `recovered-autosave-${kept.id.slice(0, 19).replace(/[^0-9T]/g, "")}.json`;

/** Shows one notice per record kept in `store`, each with Download, Discard and Hide. */
export async function showKeptRecords(
  store: AutosaveStore,
  notices: Notices,
  download: DownloadText,
): Promise<void> {
  const kept = (await store.kept()).filter(isKept);
  for (const record of kept) {
    const id = `kept:${record.id}`;
    const when = new Date(record.at).toLocaleString();
    notices.show({
      id,
      tone: "warning",
      text: `An autosaved patch (${when}) did not load — ${record.reason}. It is kept aside, untouched.`,
      actions: [
        {
          label: "Download",
          title: "Download the kept record as it was, to repair it or report it",
          run: () => download(record.text, keptFileName(record)),
        },
        {
          label: "Discard",
          title: "Delete the kept record for good",
          run: async () => {
            await store.discard(record.id);
            notices.dismiss(id);
          },
        },
        { label: "Hide", title: "Hide until the next start", run: () => notices.dismiss(id) },
      ],
    });
  }
}

const isQuota = (err: unknown): boolean =>
  err instanceof Error && (err.name === "QuotaExceededError" || /quota/i.test(err.message));

/** What a failed autosave write says: a full disk by name, anything else with its message. */
export function autosaveErrorText(err: unknown): string {
  if (isQuota(err)) {
    return "Autosave failed: the browser's storage for this site is full (QuotaExceededError). Your latest changes are only in this tab — Save the patch as a file, or free space (Models → Remove).";
  }
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `Autosave failed (${what}). Your latest changes are only in this tab — Save the patch as a file.`;
}

/** The notice of a failed write; the next write that lands takes it away. */
export function showAutosaveError(notices: Notices, err: unknown): void {
  notices.show({ id: "autosave-error", tone: "error", text: autosaveErrorText(err) });
}
