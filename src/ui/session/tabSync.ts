/**
 * Two tabs on one autosave: each write is announced on a BroadcastChannel, and a tab that hears
 * of (or runs into) another tab's newer revision holds its own changes and asks what to do —
 * open the other tab's patch, or keep its own. Either way the version set aside goes to Recent,
 * so neither tab's work is lost.
 */
import type { NodeRegistry } from "../../engine/patch/registry";
import { serializePatch } from "../../engine/patch/serialize";
import {
  restoreAutosave,
  type Autosaver,
  type AutosaveRecord,
  type AutosaveStore,
} from "../model/autosave";
import type { PatchModel } from "../model/patchModel";
import type { RecentFiles } from "../model/recentFiles";
import type { Notices } from "../notices/notices";
import { keptId } from "./keptNotices";

/** The part of a BroadcastChannel this uses. */
export type Channel = Pick<BroadcastChannel, "postMessage" | "onmessage">;

/** The channel's name: one per app origin, shared by its tabs. */
export const CHANNEL_NAME = "latent-patcher-autosave";

export interface TabSyncDeps {
  readonly tab: string;
  readonly store: AutosaveStore;
  readonly model: PatchModel;
  readonly notices: Notices;
  readonly recent: RecentFiles;
  readonly registry: NodeRegistry;
  readonly channel: Channel | undefined;
  readonly now?: () => number;
}

export const CONFLICT_NOTICE = "autosave-conflict";

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 8);

/** Wires `saver` to the other tabs; returns what the Autosaver's callbacks should call. */
export function tabSync(deps: TabSyncDeps, saver: () => Autosaver) {
  const { tab, store, model, notices, recent, registry, channel } = deps;
  const now = deps.now ?? Date.now;
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent) => {
      const m = data as Partial<AutosaveRecord> | null;
      if (m && typeof m.revision === "number" && m.tab !== tab) saver().heard(m.revision);
    };
  }

  /** Opens the stored patch here; this tab's own goes to Recent first. */
  const openTheirs = async () => {
    const raw = await store.read();
    const stored = restoreAutosave(raw, registry);
    if (stored.kind !== "patch") return keepMine(stored.kind === "broken" ? stored : undefined);
    // Without changes of its own, this tab's patch is what the other tab built on: nothing to keep.
    const mine = model.toPatch();
    const name = `${mine.name} (this tab, ${clock(now())})`;
    const keep = saver().unsaved;
    if (keep) await recent.add(name, serializePatch(mine));
    saver().adopt(stored.revision, serializePatch(stored.patch));
    model.open(stored.patch);
    notices.show({
      id: CONFLICT_NOTICE,
      tone: "info",
      text: `Opened the other tab's patch.${keep ? ` This tab's is in Recent as "${name}".` : ""}`,
      actions: [{ label: "OK", run: () => notices.dismiss(CONFLICT_NOTICE) }],
    });
  };

  /** Writes this tab's patch over the stored one, which goes to Recent (or aside) first. */
  const keepMine = async (broken?: { reason: string; text: string }) => {
    const raw = await store.read();
    const stored = restoreAutosave(raw, registry);
    const revision = stored.kind === "none" ? 0 : stored.revision;
    let where = "";
    if (stored.kind === "patch") {
      const name = `${stored.patch.name} (other tab, ${clock(now())})`;
      await recent.add(name, serializePatch(stored.patch));
      where = ` The other tab's is in Recent as "${name}".`;
    } else if (stored.kind === "broken" || broken) {
      const { reason, text } = stored.kind === "broken" ? stored : broken!;
      await store.keep({ id: keptId(now()), at: now(), reason, text });
      where = " The other tab's record did not load; it is kept aside.";
    }
    saver().takeOver(revision);
    notices.show({
      id: CONFLICT_NOTICE,
      tone: "info",
      text: `Kept this tab's patch as the autosave.${where}`,
      actions: [{ label: "OK", run: () => notices.dismiss(CONFLICT_NOTICE) }],
    });
  };

  return {
    /** A write landed: tell the other tabs. */
    saved: (record: AutosaveRecord) =>
      channel?.postMessage({ tab: record.tab, revision: record.revision }),
    /** Another tab wrote `revision`: ask this tab's user what to do. */
    conflict: (revision: number) =>
      notices.show({
        id: CONFLICT_NOTICE,
        tone: "warning",
        text: `Another tab saved a newer version of the patch (revision ${revision}). This tab's changes are held, not autosaved, until you choose.`,
        actions: [
          {
            label: "Open the other tab's",
            title: "Open the patch the other tab saved; this tab's goes to Recent",
            run: openTheirs,
          },
          {
            label: "Keep this tab's",
            title: "Autosave this tab's patch; the other tab's goes to Recent",
            run: () => keepMine(),
          },
        ],
      }),
  };
}
