/**
 * The patcher page: restores the kept model packs and the autosaved patch (or opens the demo),
 * then mounts the app.
 */
import { createRoot } from "react-dom/client";
import { nodeRegistry } from "../nodes";
import { parsePatch } from "../engine/patch/parse";
import { PatchModel } from "./model/patchModel";
import { Autosaver, restoreAutosave } from "./model/autosave";
import { indexedDbAutosave, indexedDbPackStore } from "./files";
import { appModels } from "./bundle/modelShelf";
import { keepPacks } from "./bundle/keptPacks";
import { installTestHook } from "./testHook";
import { App } from "./App";
import { DEMO_PATCHES, FIRST_DEMO } from "./demos";

async function start(): Promise<void> {
  // The dropped model packs come back first, so that the restored patch finds its models.
  const kept = await keepPacks(appModels, indexedDbPackStore(), {
    onError: (err) => console.warn("keeping a model pack failed", err),
  }).catch((err: unknown) => {
    console.warn("the kept model packs could not be read", err);
    return undefined;
  });
  for (const problem of kept?.problems ?? []) console.warn(problem);
  const store = indexedDbAutosave();
  const saved = await store.read().catch(() => undefined);
  const patch =
    restoreAutosave(saved, nodeRegistry) ?? parsePatch(DEMO_PATCHES[FIRST_DEMO]!, nodeRegistry);
  const model = new PatchModel(nodeRegistry, patch);
  const saver = new Autosaver(store, (err) => console.warn("autosave failed", err));
  model.subscribe((p) => saver.save(p));
  installTestHook(model, saver, () => kept?.settled() ?? Promise.resolve());
  createRoot(document.querySelector("#app")!).render(<App model={model} />);
}

void start();
