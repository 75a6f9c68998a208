/**
 * Playing again after the engine worker died: the supervisor (`engineSupervisor.ts`) has ended
 * the old worker; a new one gets the dropped model packs, the user's latest patch, and starts
 * where the old one had written up to (in the loop, when looping), into the same output ring and
 * worklet. A crash loop stops instead.
 */
import { OutputRingWriter, type OutputRingShared } from "../../audio/outputRing";
import type { EngineClient, LoadInfo, StartOptions } from "../../engine/worker/engineClient";
import type { Patch } from "../../engine/patch/schema";
import { EngineDied, type EngineDeath } from "./engineSupervisor";

/** The part of a live session a restart touches. */
export interface RestartSession {
  readonly output: {
    readonly ring: OutputRingShared;
    stats(): { readonly framesPlayed: number };
  };
  readonly capture: { readonly ring: StartOptions["input"] } | undefined;
  /** Frames the worklet had played when the material last started from 0. */
  startFrame: number;
}

/** What the live transport lends a restart. */
export interface RestartHost {
  /** The session playing now (undefined once stopped: the restart gives up quietly). */
  session(): RestartSession | undefined;
  /** The patch the user has now (edits included). */
  patch(): Patch | undefined;
  /** The worker's API (a new worker after the death). */
  engine(): EngineClient;
  /** Hands the new worker the dropped and bundled packs, then loads `patch` there. */
  reload(patch: Patch): Promise<LoadInfo>;
  /** True while playback loops (the new worker loops too: `reload` tells it). */
  looping(): boolean;
  startOptions(): StartOptions;
  stop(): Promise<void>;
  notice(text: string): void;
  error(text: string): void;
}

/**
 * The frame of the material the old worker had written up to: what the worklet has played since
 * the material started, plus what is still queued (it plays out meanwhile).
 */
export function writtenFrame(session: RestartSession): number {
  const writer = new OutputRingWriter(session.output.ring);
  return Math.max(
    0,
    session.output.stats().framesPlayed - session.startFrame + writer.bufferedFrames(),
  );
}

/**
 * The sample where the new worker starts: where the old one had written up to. The new worker
 * starts warm (`EngineHost.seek` renders the frames before it unheard), so its first sample
 * follows the old one's last (wrapped into the loop when looping; a live patch starts at its
 * live input, 0).
 */
export function resumeSample(written: number, info: LoadInfo, looping: boolean): number {
  if (info.live) return 0;
  const from = Math.max(0, Math.round(written));
  return looping && info.loopSamples > 0 ? from % info.loopSamples : from;
}

/** A User Timing mark (`lp-restart:<step>`): where a restart's time goes shows in DevTools. */
function mark(step: string): void {
  globalThis.performance?.mark?.(`lp-restart:${step}`);
}

/** Restarts playback after `death`; resolves when it plays again, or has given up and said why. */
export async function restartAfterDeath(host: RestartHost, death: EngineDeath): Promise<void> {
  const s = host.session();
  if (!s) return; // not playing: the next call starts a fresh worker, nothing else to restore
  if (death.crashLoop) {
    host.error(
      `the engine crashed 3 times in 10 s (last: ${death.reason}); playback stopped — press ▶ Play to try again`,
    );
    return host.stop();
  }
  mark("noticed");
  const written = writtenFrame(s);
  // Nothing is writing any more: what is queued plays out, then silence, not counted as underruns.
  new OutputRingWriter(s.output.ring).setPlaying(false);
  host.notice(`engine restarted after a crash (${death.reason}) — reloading the patch…`);
  const patch = host.patch();
  try {
    if (!patch) throw new Error("no patch to play");
    const info = await host.reload(patch);
    mark("loaded");
    if (host.session() !== s) return;
    const looping = host.looping();
    const from = resumeSample(written, info, looping);
    if (
      !looping &&
      Number.isFinite(info.durationSamples) &&
      from >= info.durationSamples + info.latencySamples
    ) {
      host.notice("engine restarted after a crash — the material had ended");
      return host.stop();
    }
    const engine = host.engine();
    // The stream starts at a whole latent frame, at or before `from`.
    const at = await engine.seek(from);
    await engine.start(s.output.ring, { ...host.startOptions(), input: s.capture?.ring });
    mark("playing");
    if (host.session() !== s) return void (await engine.stop());
    s.startFrame = s.output.stats().framesPlayed - at;
    host.notice("engine restarted after a crash — playing again");
  } catch (err) {
    if (err instanceof EngineDied) return; // died again: that death's restart takes over
    const message = err instanceof Error ? err.message : String(err);
    host.error(`the engine restarted after a crash but could not play again: ${message}`);
    await host.stop();
  }
}
