/**
 * The engine as a worker sees it: load a patch, stream it into an output ring, change parameters
 * while it plays. `engineWorker.ts` exposes one EngineHost with comlink; tests use it directly or
 * through a Node worker. A new patch loaded while playing replaces the old one with a crossfade
 * once it is ready; until then the old one keeps sounding.
 */
import { OutputRingWriter, ringStats, type OutputRingShared } from "../../audio/outputRing";
import type { EngineOptions } from "../engine";
import type { ParamValue } from "../nodeDefinition";
import { parsePatch } from "../patch/parse";
import { loadStreamSetup, type LoadedStreamSetup } from "../stream/loadStream";
import { StreamingRender, type StreamOptions } from "../stream/streamingRender";
import { mixBlock, type Crossfade } from "../stream/crossfade";

/** Time for the pump loop; injectable so tests need not wait (STYLE.md "Real-time audio"). */
export interface HostClock {
  sleep(ms: number): Promise<void>;
}

export const realClock: HostClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface StartOptions {
  /** Latent frames rendered per block (default 4). */
  readonly blockFrames?: number;
  /** How far ahead of the speakers to keep the ring filled, in seconds (default 0.05). */
  readonly aheadSeconds?: number;
  /**
   * How far ahead to fill while a new patch loads and until its crossfade ends (default 0.2 s,
   * as much as the ring holds): loading shares the worker's thread and the ONNX queue with the
   * stream, so the queue must outlast the load's longest stall.
   */
  readonly loadAheadSeconds?: number;
}

export interface LoadInfo {
  readonly sampleRate: number;
  readonly latencySamples: number;
  readonly durationSamples: number;
}

export interface HostStatus {
  readonly loaded: boolean;
  readonly playing: boolean;
  readonly ended: boolean;
  readonly framePosition: number;
  readonly changing: boolean;
  readonly bufferedFrames: number;
  readonly underruns: number;
  /** Last error of the pump loop (playback stops on an error). */
  readonly error: string | undefined;
}

interface Playing {
  readonly writer: OutputRingWriter;
  readonly options: Required<StartOptions>;
  running: boolean;
  /** Loads in progress: the ring is filled `loadAheadSeconds` deep meanwhile. */
  loads: number;
  loop: Promise<void>;
}

export class EngineHost {
  private setup: LoadedStreamSetup | undefined;
  private stream: StreamingRender | undefined;
  private leaving:
    { stream: StreamingRender; setup: LoadedStreamSetup; fade: Crossfade } | undefined;
  private playing: Playing | undefined;
  private error: string | undefined;

  constructor(
    private readonly engine: EngineOptions,
    private readonly streamOptions: StreamOptions = {},
    private readonly clock: HostClock = realClock,
  ) {}

  /**
   * Parses and loads a patch (JSON text). Errors reject and leave the current patch playing.
   * While playing, the ring is first filled deeper so the sound outlasts the load.
   */
  async load(patchText: string): Promise<LoadInfo> {
    const playing = this.playing?.running ? this.playing : undefined;
    if (!playing) return this.loadNow(patchText);
    playing.loads++;
    try {
      await this.cushion(playing);
      return await this.loadNow(patchText);
    } finally {
      playing.loads--;
    }
  }

  private async loadNow(patchText: string): Promise<LoadInfo> {
    const patch = parsePatch(JSON.parse(patchText) as unknown, this.engine.registry);
    const setup = await loadStreamSetup(patch, this.engine);
    let stream: StreamingRender;
    try {
      stream = await StreamingRender.create(setup, this.streamOptions);
    } catch (err) {
      await setup.dispose();
      throw err;
    }
    const old = this.stream && this.setup && { stream: this.stream, setup: this.setup };
    if (old && this.playing && !this.leaving) {
      const length = Math.round(
        ((this.streamOptions.crossfadeMs ?? 20) / 1000) * setup.clock.sampleRate,
      );
      this.leaving = { ...old, fade: { warmup: 0, done: 0, length } };
    } else if (old) {
      old.stream.dispose();
      await old.setup.dispose();
    }
    this.setup = setup;
    this.stream = stream;
    const { latencySamples, durationSamples } = stream;
    return { sampleRate: setup.clock.sampleRate, latencySamples, durationSamples };
  }

  /** Sets a parameter of the playing patch; an invalid value throws and changes nothing. */
  setParam(nodeId: string, name: string, value: ParamValue): void {
    this.loaded().setParam(nodeId, name, value);
  }

  setParams(nodeId: string, values: Readonly<Record<string, ParamValue>>): void {
    this.loaded().setParams(nodeId, values);
  }

  /**
   * Starts streaming into `ring` (made by the output node at the AudioContext's rate). Resolves
   * once the ring holds `aheadSeconds` of audio and the underrun counter is armed.
   */
  async start(ring: OutputRingShared, options: StartOptions = {}): Promise<void> {
    const stream = this.loaded();
    if (ring.sampleRate !== stream.clock.sampleRate) {
      throw new Error(
        `the audio output runs at ${ring.sampleRate} Hz but the patch plays at ${stream.clock.sampleRate} Hz; create the AudioContext with { sampleRate: ${stream.clock.sampleRate} } (resampling is not done yet)`,
      );
    }
    await this.stop();
    const opts: Required<StartOptions> = {
      blockFrames: options.blockFrames ?? 4,
      aheadSeconds: options.aheadSeconds ?? 0.05,
      loadAheadSeconds: options.loadAheadSeconds ?? 0.2,
    };
    const writer = new OutputRingWriter(ring);
    const playing: Playing = {
      writer,
      options: opts,
      running: true,
      loads: 0,
      loop: Promise.resolve(),
    };
    this.playing = playing;
    this.error = undefined;
    await this.fill(playing);
    writer.setPlaying(true);
    playing.loop = this.pump(playing);
  }

  /** Stops streaming; what is in the ring still plays out, and no underrun is counted after. */
  async stop(): Promise<void> {
    const playing = this.playing;
    if (!playing) return;
    playing.running = false;
    playing.writer.setPlaying(false);
    await playing.loop;
    this.playing = undefined;
  }

  status(): HostStatus {
    const p = this.playing;
    return {
      loaded: this.stream !== undefined,
      playing: p?.running ?? false,
      ended: this.stream?.ended ?? false,
      framePosition: this.stream?.framePosition ?? 0,
      changing: this.stream?.changing ?? false,
      bufferedFrames: p?.writer.bufferedFrames() ?? 0,
      underruns: p ? ringStats(p.writer.shared).underruns : 0,
      error: this.error,
    };
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.stream?.dispose();
    await this.setup?.dispose();
    this.stream = undefined;
    this.setup = undefined;
  }

  private loaded(): StreamingRender {
    if (!this.stream) throw new Error("no patch loaded");
    return this.stream;
  }

  private async pump(playing: Playing): Promise<void> {
    const hop = this.loaded().clock.hopSamples;
    const blockMs = ((playing.options.blockFrames * hop) / this.loaded().clock.sampleRate) * 1000;
    try {
      while (playing.running) {
        await this.fill(playing);
        if (this.loaded().ended && !this.leaving) {
          playing.writer.setPlaying(false); // the tail plays out; an empty ring is not an underrun
          playing.running = false;
          break;
        }
        await this.clock.sleep(blockMs / 2);
      }
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      playing.writer.setPlaying(false);
      playing.running = false;
    }
  }

  /** Frames to keep queued: deeper while a patch loads or the crossfade to it runs. */
  private aheadFrames(playing: Playing): number {
    const { aheadSeconds, loadAheadSeconds } = playing.options;
    const deep = playing.loads > 0 || this.leaving !== undefined;
    const seconds = deep ? Math.max(aheadSeconds, loadAheadSeconds) : aheadSeconds;
    return Math.ceil(seconds * this.loaded().clock.sampleRate);
  }

  /** Lets the pump fill the ring to the load depth (or as full as it gets) before a load. */
  private async cushion(playing: Playing): Promise<void> {
    const { hopSamples, sampleRate } = this.loaded().clock;
    const block = playing.options.blockFrames * hopSamples;
    const w = playing.writer;
    // Bounded: a stalled pump must not hold the load back for more than ~the depth itself.
    const waitMs = Math.max(1, ((block / sampleRate) * 1000) / 2);
    const tries = Math.ceil((playing.options.loadAheadSeconds * 1000) / waitMs) + 2;
    for (let i = 0; i < tries && playing.running; i++) {
      if (w.bufferedFrames() >= this.aheadFrames(playing) || w.writableFrames() < block) return;
      await this.clock.sleep(waitMs);
    }
  }

  /** Renders blocks while the ring has room and holds less than the target depth. */
  private async fill(playing: Playing): Promise<void> {
    const { blockFrames } = playing.options;
    const stream = this.loaded();
    const { hopSamples, sampleRate } = stream.clock;
    const block = blockFrames * hopSamples;
    const w = playing.writer;
    while (
      playing.running &&
      w.bufferedFrames() < this.aheadFrames(playing) &&
      w.writableFrames() >= block
    ) {
      if (this.stream !== stream) return; // a new patch arrived: the next fill plays it
      const leaving = this.leaving;
      let out = (await stream.next(blockFrames)).channels;
      if (leaving) {
        const old = await leaving.stream.next(blockFrames);
        const mixed = mixBlock(old, { type: "audio", sampleRate, channels: out }, leaving.fade);
        out = mixed.block.channels;
        if (mixed.finished) {
          this.leaving = undefined;
          leaving.stream.dispose();
          await leaving.setup.dispose();
        }
      }
      w.write(out);
    }
  }
}
