/**
 * The patcher page: restores the autosaved patch (or opens the demo), then mounts the app.
 */
import { createRoot } from "react-dom/client";
import { nodeRegistry } from "../nodes";
import { parsePatch } from "../engine/patch/parse";
import { PatchModel } from "./model/patchModel";
import { Autosaver, restoreAutosave } from "./model/autosave";
import { indexedDbAutosave } from "./files";
import { installTestHook } from "./testHook";
import { App } from "./App";
import { DEMO_PATCHES, FIRST_DEMO } from "./demos";

async function start(): Promise<void> {
  const store = indexedDbAutosave();
  const saved = await store.read().catch(() => undefined);
  const patch =
    restoreAutosave(saved, nodeRegistry) ?? parsePatch(DEMO_PATCHES[FIRST_DEMO]!, nodeRegistry);
  const model = new PatchModel(nodeRegistry, patch);
  const saver = new Autosaver(store, (err) => console.warn("autosave failed", err));
  model.subscribe((p) => saver.save(p));
  installTestHook(model, saver);
  createRoot(document.querySelector("#app")!).render(<App model={model} />);
}

void start();
