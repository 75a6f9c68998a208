/**
 * The patcher page: restores the kept model packs, then opens a share link, the autosaved patch
 * or the demo (session/startSession), then mounts the app.
 */
import { createRoot } from "react-dom/client";
import { nodeRegistry } from "../nodes";
import { parsePatch } from "../engine/patch/parse";
import { appRecentFiles, downloadText, indexedDbAutosave, indexedDbPackStore } from "./files";
import { appModels } from "./bundle/modelShelf";
import { keepPacks } from "./bundle/keptPacks";
import { installTestHook } from "./testHook";
import { App } from "./App";
import { DEMO_PATCHES, FIRST_DEMO } from "./demos";
import { startSession } from "./session/startSession";
import { CHANNEL_NAME } from "./session/tabSync";
import { isShareFragment } from "./share/shareLink";

async function start(): Promise<void> {
  // The dropped model packs come back first, so that the restored patch finds its models.
  const kept = await keepPacks(appModels, indexedDbPackStore(), {
    onError: (err) => console.warn("keeping a model pack failed", err),
  }).catch((err: unknown) => {
    console.warn("the kept model packs could not be read", err);
    return undefined;
  });
  for (const problem of kept?.problems ?? []) console.warn(problem);
  const session = await startSession({
    registry: nodeRegistry,
    store: indexedDbAutosave(),
    recent: appRecentFiles(),
    demo: () => parsePatch(DEMO_PATCHES[FIRST_DEMO]!, nodeRegistry),
    hash: () => window.location.hash,
    clearHash: () => history.replaceState(history.state, "", window.location.href.split("#")[0]),
    download: downloadText,
    channel:
      typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(CHANNEL_NAME),
    // randomUUID exists only in secure contexts (https, localhost); any unique id will do.
    tab: crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  const { model, saver, notices } = session;
  // A link pasted over this tab's address: a reload stops whatever plays (a link never starts
  // sound) and opens it as a fresh start does, once the latest change is stored.
  window.addEventListener("hashchange", () => {
    if (isShareFragment(window.location.hash)) void saver.flushed().then(() => location.reload());
  });
  // Changes this tab holds back (another tab saved since) or could not store: ask before leaving.
  window.addEventListener("beforeunload", (e) => {
    if (saver.unsaved && (saver.conflicted || notices.has("autosave-error"))) e.preventDefault();
  });
  installTestHook(model, saver, () => kept?.settled() ?? Promise.resolve());
  createRoot(document.querySelector("#app")!).render(<App model={model} notices={notices} />);
}

void start();
