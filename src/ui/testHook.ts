/**
 * A read-only window into the app for browser tests and debugging: `window.__latentPatcher`.
 * Tests read state through it; every change still goes through the UI.
 */
import { serializePatch } from "../engine/patch/serialize";
import type { PatchModel } from "./model/patchModel";
import type { Autosaver } from "./model/autosave";

export interface LastRender {
  readonly peak: number;
  readonly rms: number;
  readonly seconds: number;
}

export interface LatentPatcherHook {
  /** The open patch as Save would write it. */
  patchText(): string;
  /** Resolves when the autosave of the latest change is stored. */
  autosaved(): Promise<void>;
  /** Levels of the last successful render. */
  readonly lastRender: LastRender | undefined;
  readonly canvasReady: boolean;
}

declare global {
  interface Window {
    __latentPatcher?: LatentPatcherHook;
  }
}

const state: { lastRender: LastRender | undefined; canvasReady: boolean } = {
  lastRender: undefined,
  canvasReady: false,
};

export function installTestHook(model: PatchModel, saver: Autosaver): void {
  window.__latentPatcher = {
    patchText: () => serializePatch(model.patch),
    autosaved: () => saver.flushed(),
    get lastRender() {
      return state.lastRender;
    },
    get canvasReady() {
      return state.canvasReady;
    },
  };
}

export const reportRender = (r: LastRender): void => void (state.lastRender = r);
export const reportCanvasReady = (): void => void (state.canvasReady = true);
