/**
 * The Share command: copies a link that carries the open patch (see shareLink.ts). A patch too big
 * for a link (embedded audio) is refused with the reason and the bundle is offered instead; a
 * clipboard that refuses the link gets it shown, selectable, in a notice.
 */
import type { Patch } from "../../engine/patch/schema";
import type { Notices } from "../notices/notices";
import { shareLink, ShareLinkError } from "./shareLink";

export interface ShareDeps {
  readonly patch: () => Patch;
  readonly notices: Notices;
  readonly say: (text: string, error?: boolean) => void;
  /** Downloads the patch as a bundle zip. */
  readonly exportBundle: () => void;
  /** The page's address (the link's base). */
  readonly href: () => string;
  readonly writeClipboard: (text: string) => Promise<void>;
}

export const SHARE_NOTICE = "share";

/** Makes the link of the open patch and puts it on the clipboard, saying what happened. */
export async function sharePatch(deps: ShareDeps): Promise<void> {
  const { notices, say } = deps;
  const close = { label: "Close", run: () => notices.dismiss(SHARE_NOTICE) };
  let link: string;
  try {
    link = shareLink(deps.patch(), deps.href());
  } catch (err) {
    if (!(err instanceof ShareLinkError)) throw err;
    say(err.message, true);
    notices.show({
      id: SHARE_NOTICE,
      tone: "warning",
      text: `${err.message[0]!.toUpperCase()}${err.message.slice(1)}.`,
      actions: [
        {
          label: "Export bundle",
          title: "Download one zip with the patch, its sounds and its custom models",
          run: () => {
            deps.exportBundle();
            notices.dismiss(SHARE_NOTICE);
          },
        },
        close,
      ],
    });
    return;
  }
  try {
    await deps.writeClipboard(link);
    notices.dismiss(SHARE_NOTICE);
    say(`copied a share link to the clipboard (${link.length} characters)`);
  } catch {
    notices.show({
      id: SHARE_NOTICE,
      tone: "info",
      text: "The clipboard refused the share link; copy it from here:",
      copyable: link,
      actions: [close],
    });
  }
}
