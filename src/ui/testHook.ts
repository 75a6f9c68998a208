/**
 * A read-only window into the app for browser tests and debugging: `window.__latentPatcher`.
 * Tests read state through it; every change still goes through the UI.
 */
import { serializePatch } from "../engine/patch/serialize";
import type { PatchModel } from "./model/patchModel";
import type { Autosaver } from "./model/autosave";
import type { LiveTransport } from "./live/liveTransport";
import type { OutputStats } from "../audio/outputNode";
import type { HostStatus } from "../engine/worker/engineClient";

export interface LastRender {
  readonly peak: number;
  readonly rms: number;
  readonly seconds: number;
  /** 1 for the page's first successful render, 2 for the next, … */
  readonly count: number;
}

export interface LatentPatcherHook {
  /** The open patch as Save would write it. */
  patchText(): string;
  /** Resolves when the autosave of the latest change is stored. */
  autosaved(): Promise<void>;
  /** Resolves when the model packs added or removed so far are kept (or forgotten) in storage. */
  packsKept(): Promise<void>;
  /** Levels of the last successful render. */
  readonly lastRender: LastRender | undefined;
  readonly canvasReady: boolean;
  /** The live output node and its context while playing live (for test taps). */
  liveOutput(): { context: AudioContext; node: AudioNode } | undefined;
  /** The live output's shared counters and the worker's last status. */
  liveStats(): { output: OutputStats | undefined; worker: HostStatus | undefined } | undefined;
  /** The beat the transport's bar.beat readout shows, and the tempo, while playing live. */
  liveBeat(): { beat: number; bpm: number } | undefined;
  /** True while a warmed spare engine worker waits to take over after a death. */
  spareReady(): boolean;
}

declare global {
  interface Window {
    __latentPatcher?: LatentPatcherHook;
  }
}

const state: {
  lastRender: LastRender | undefined;
  canvasReady: boolean;
  live: () => LiveTransport | undefined;
} = {
  lastRender: undefined,
  canvasReady: false,
  live: () => undefined,
};

export function installTestHook(
  model: PatchModel,
  saver: Autosaver,
  packsKept: () => Promise<void> = () => Promise.resolve(),
): void {
  window.__latentPatcher = {
    patchText: () => serializePatch(model.patch),
    autosaved: () => saver.flushed(),
    packsKept,
    get lastRender() {
      return state.lastRender;
    },
    get canvasReady() {
      return state.canvasReady;
    },
    liveOutput: () => state.live()?.output(),
    liveStats: () => {
      const live = state.live();
      return live && { output: live.stats(), worker: live.status };
    },
    liveBeat: () => state.live()?.beat(),
    spareReady: () => state.live()?.spareReady ?? false,
  };
}

export const reportRender = (r: Omit<LastRender, "count">): void =>
  void (state.lastRender = { ...r, count: (state.lastRender?.count ?? 0) + 1 });
export const reportCanvasReady = (): void => void (state.canvasReady = true);
export const reportLive = (live: () => LiveTransport | undefined): void => void (state.live = live);
