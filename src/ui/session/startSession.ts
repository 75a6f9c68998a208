/**
 * What the page opens on: a share link in the address (`#patch=…`) if there is one, else the
 * autosaved patch, else the demo. Nothing the user had is lost on the way: a record that does not
 * load is kept aside before anything can overwrite it, the autosaved patch a link replaces goes
 * to Recent, and a link that fails to open leaves the autosaved patch open and says why.
 */
import type { NodeRegistry } from "../../engine/patch/registry";
import type { Patch } from "../../engine/patch/schema";
import { serializePatch } from "../../engine/patch/serialize";
import { Autosaver, restoreAutosave, type AutosaveStore } from "../model/autosave";
import { PatchModel } from "../model/patchModel";
import type { RecentFiles } from "../model/recentFiles";
import { Notices } from "../notices/notices";
import { decodeShareFragment, isShareFragment } from "../share/shareLink";
import { keptId, showAutosaveError, showKeptRecords, type DownloadText } from "./keptNotices";
import { tabSync, type Channel } from "./tabSync";

/** What the session reads from and does to the page; injectable so tests run it in Node. */
export interface SessionEnv {
  readonly registry: NodeRegistry;
  readonly store: AutosaveStore;
  readonly recent: RecentFiles;
  /** The patch to open when there is nothing else. */
  readonly demo: () => Patch;
  /** The page address's fragment (`location.hash`). */
  readonly hash: () => string;
  /** Takes the share fragment out of the address without a reload (history.replaceState). */
  readonly clearHash: () => void;
  readonly download: DownloadText;
  readonly channel: Channel | undefined;
  /** This tab's id in the records it writes. */
  readonly tab: string;
  readonly now?: () => number;
}

export interface Session {
  readonly model: PatchModel;
  readonly saver: Autosaver;
  readonly notices: Notices;
  /** Opens the share link in the address, if any (done once at start). */
  openLink(): Promise<void>;
}

export const LINK_NOTICE = "share-link";

const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/** Reads the store and the address, builds the model and its autosaver, shows what needs saying. */
export async function startSession(env: SessionEnv): Promise<Session> {
  const { registry, store, recent } = env;
  const now = env.now ?? Date.now;
  const notices = new Notices();
  let readFailed = false;
  const raw = await store.read().catch((err: unknown) => {
    readFailed = true;
    notices.show({
      id: "autosave-read",
      tone: "error",
      text: `The autosaved patch could not be read (${firstLine(err)}); autosave is off in this tab so that it stays as it is.`,
    });
    return undefined;
  });
  const restored = restoreAutosave(raw, registry);
  let keepFailed = false;
  if (restored.kind === "broken") {
    const at = now();
    await store
      .keep({ id: keptId(at), at, reason: restored.reason, text: restored.text })
      .catch((err: unknown) => {
        keepFailed = true;
        notices.show({
          id: "autosave-keep",
          tone: "error",
          text: `The autosaved patch did not load (${restored.reason}) and could not be kept aside (${firstLine(err)}); autosave is off in this tab so that it stays as it is.`,
        });
      });
  }
  await showKeptRecords(store, notices, env.download).catch((err: unknown) =>
    console.warn("the kept autosave records could not be listed", err),
  );

  const autosaved = restored.kind === "patch" ? restored.patch : undefined;
  const model = new PatchModel(registry, autosaved ?? env.demo());
  const sync = tabSync({ ...env, model, notices }, () => saver);
  const saver: Autosaver = new Autosaver(store, {
    tab: env.tab,
    base: restored.kind === "none" ? 0 : restored.revision,
    loaded: autosaved && serializePatch(autosaved),
    now,
    onSaved: (record) => {
      notices.dismiss("autosave-error");
      sync.saved(record);
    },
    onError: (err) => showAutosaveError(notices, err),
    onConflict: sync.conflict,
  });
  if (readFailed || keepFailed) saver.suspend();
  model.subscribe((p) => saver.save(p));

  const openLink = async () => {
    const hash = env.hash();
    if (!isShareFragment(hash)) return;
    env.clearHash();
    let patch: Patch;
    try {
      patch = decodeShareFragment(hash, registry);
    } catch (err) {
      notices.show({
        id: LINK_NOTICE,
        tone: "error",
        text: `The share link was not opened: ${firstLine(err)}. The patch that was open is still open.`,
        actions: [{ label: "OK", run: () => notices.dismiss(LINK_NOTICE) }],
      });
      return;
    }
    const before = model.toPatch();
    // The patch the link replaces stays one click away, unless it is the untouched demo.
    const keep = autosaved !== undefined || model.opens > 0 || model.canUndo;
    const kept = `${before.name} (before a link, ${new Date(now()).toTimeString().slice(0, 5)})`;
    if (keep) await recent.add(kept, serializePatch(before));
    model.open(patch);
    notices.show({
      id: LINK_NOTICE,
      tone: "info",
      text: `Opened "${patch.name}" from a share link (not playing).${keep ? ` The patch that was open is in Recent as "${kept}".` : ""}`,
      actions: [{ label: "OK", run: () => notices.dismiss(LINK_NOTICE) }],
    });
  };
  await openLink();
  return { model, saver, notices, openLink };
}
