/**
 * The engine as a worker sees it: load a patch, stream it into an output ring, change parameters
 * while it plays. `engineWorker.ts` exposes one EngineHost with comlink; tests use it directly or
 * through a Node worker. A new patch loaded while playing replaces the old one with a crossfade
 * once it is ready; until then the old one keeps sounding.
 *
 * With a capture ring attached and a live source in the patch (AudioIn's live mode), the input
 * sets the pace: the pump sleeps on the capture ring (`Atomics.waitAsync`) and the capture worklet
 * wakes it in the quantum that completes a block, which is rendered at once. The output is queued
 * one block plus the live queue deep (silence first), so the delay from input to output is that
 * queue plus the patch's own latency, whatever the timing of the worker; the live queue is
 * adaptive (a few ms, grown after each underrun) or pinned (`StartOptions.liveQueue`).
 *
 * Without live input the output sets the pace: the pump sleeps on the output ring
 * (`OutputRingWriter.waitBelow`) and the output worklet wakes it in the quantum that plays the
 * queue down to its depth — `aheadSeconds`, or with `aheadSeconds: "buffer"` the same Buffer
 * setting as live input's (`FilePace`).
 */
import { OutputRingWriter, ringStats, type OutputRingShared } from "../../audio/outputRing";
import type { EngineOptions } from "../engine";
import type { ParamValue } from "../nodeDefinition";
import { parsePatch } from "../patch/parse";
import { loadStreamSetup, type LoadedStreamSetup } from "../stream/loadStream";
import {
  DEFAULT_CROSSFADE_MS,
  StreamingRender,
  type StreamOptions,
} from "../stream/streamingRender";
import { LiveFeed } from "../stream/liveFeed";
import { PackCache } from "../models/packCache";
import type { CaptureRingShared } from "../../audio/captureRing";
import { LivePath, liveInputStatus } from "./livePath";
import {
  align,
  handOver,
  mixLeaving,
  prerollFrames,
  type Leaving,
  type Playable,
} from "./handover";
import { warmUpModels } from "./warmUp";
import { FilePace } from "./filePace";
import { transportStatus } from "./transportStatus";
import type { LiveQueueSetting } from "./liveQueue";
import {
  realClock,
  type HostClock,
  type HostStatus,
  type InputStatus,
  type LoadInfo,
  type StartOptions,
} from "./hostTypes";

export { prerollFrames } from "./handover";
export {
  realClock,
  type HostClock,
  type HostStatus,
  type InputStatus,
  type LoadInfo,
  type StartOptions,
} from "./hostTypes";

type PumpOptions = Required<Omit<StartOptions, "input" | "liveQueue" | "renderBurstSeconds">>;

interface Playing {
  readonly writer: OutputRingWriter;
  readonly options: PumpOptions;
  /** The live path's pacing (used while the input sets the pace). */
  readonly live: LivePath;
  /** The file queue's depth when it follows the Buffer setting (`aheadSeconds: "buffer"`). */
  readonly file: FilePace;
  running: boolean;
  /** Loads in progress: the ring is filled `loadAheadSeconds` deep meanwhile. */
  loads: number;
  loop: Promise<void>;
}

export class EngineHost {
  private setup: LoadedStreamSetup | undefined;
  private stream: StreamingRender | undefined;
  /**
   * The patch playing out while the next one fades in. `follow`: the next one is an edit of it
   * and continues at its position (set when the next fill starts the fade).
   */
  private leaving: Leaving | undefined;
  private playing: Playing | undefined;
  /** Frames the loaded stream renders unheard when it starts (see {@link seek}). */
  private preroll = 0;
  /** The block the pump is rendering, if it is inside one (see {@link fill}). */
  private rendering: Promise<void> | undefined;
  private error: string | undefined;
  /** The live input every stream's live sources read. */
  private readonly feed = new LiveFeed();
  private input: CaptureRingShared | undefined;
  /** The live queue the next start uses (kept across starts; see {@link setLiveQueue}). */
  private liveQueue: LiveQueueSetting = "adaptive";
  /** Whether streams loop (kept across loads; see {@link setLoop}). */
  private looping = false;

  /** The engine options, with a pack cache: a reload while playing reuses the open sessions. */
  private readonly engine: EngineOptions;

  constructor(
    engine: EngineOptions,
    private readonly streamOptions: StreamOptions = {},
    private readonly clock: HostClock = realClock,
  ) {
    this.engine = engine.packCache ? engine : { ...engine, packCache: new PackCache() };
  }

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
    const patch = parsePatch(patchText, this.engine.registry);
    const setup = await loadStreamSetup(patch, this.engine);
    if (this.feed.clockRate !== setup.clock.sampleRate)
      this.feed.attach(this.input, setup.clock.sampleRate);
    let stream: StreamingRender;
    try {
      const options = {
        holdForNotes: true,
        ...this.streamOptions,
        live: this.feed,
        loop: this.looping,
      };
      stream = await StreamingRender.create(setup, options);
    } catch (err) {
      await setup.dispose();
      throw err;
    }
    // Streams change between blocks, never while the pump is inside one of them.
    while (this.rendering) await this.rendering.catch(() => undefined);
    const old = this.stream && this.setup && { stream: this.stream, setup: this.setup };
    let stopped: Playable[] = [];
    if (old && this.playing) {
      const crossfadeMs = this.streamOptions.crossfadeMs ?? DEFAULT_CROSSFADE_MS;
      const next = handOver(old, this.leaving, stream, crossfadeMs);
      this.leaving = next.leaving;
      stopped = next.stopped;
    } else if (old) stopped.push(old);
    const wasLive = this.stream?.live === true;
    this.setup = setup;
    this.stream = stream;
    this.preroll = 0;
    if (stream.live && !wasLive) this.playing?.live.restart();
    for (const gone of stopped) {
      gone.stream.dispose();
      await gone.setup.dispose();
    }
    const { latencySamples, durationSamples, live } = stream;
    const loopSamples = stream.loopFrames * setup.clock.hopSamples;
    return {
      sampleRate: setup.clock.sampleRate,
      latencySamples,
      durationSamples,
      live,
      loopSamples,
    };
  }

  /**
   * Loops the playing patch, and those loaded after it, gaplessly (the sources wrap, every node
   * keeps its state: `StreamingRender.setLoop`); off, the material plays on to its end.
   */
  setLoop(on: boolean): void {
    this.looping = on;
    this.stream?.setLoop(on);
    this.leaving?.stream.setLoop(on);
  }

  /** Sets a parameter of the playing patch; an invalid value throws and changes nothing. */
  setParam(nodeId: string, name: string, value: ParamValue): void {
    this.loaded().setParam(nodeId, name, value);
  }

  setParams(nodeId: string, values: Readonly<Record<string, ParamValue>>): void {
    this.loaded().setParams(nodeId, values);
  }

  /**
   * Starts source `nodeId` of the playing patch (an AudioIn playing a file or a test signal) again
   * from its start at the next block, with a 5 ms crossfade at the cut; the rest plays on.
   */
  retrigger(nodeId: string): void {
    this.loaded().retrigger(nodeId);
  }

  /** Plays at `bpm` from the next block, without a restart: the beat goes on from where it is. */
  setTempo(bpm: number): void {
    this.loaded().setTempo(bpm);
    this.leaving?.stream.setTempo(bpm);
  }

  /**
   * Moves the loaded patch, before it plays, to the latent frame at or before `sample` (its
   * sources start there): a restarted worker resumes where the one before it stopped. Returns the
   * sample it starts at, a whole number of hops.
   */
  seek(sample: number): number {
    if (!(Number.isFinite(sample) && sample >= 0))
      throw new Error(`seek: expected a sample position ≥ 0, got ${sample}`);
    const stream = this.loaded();
    const { hopSamples } = stream.clock;
    const frame = Math.floor(sample / hopSamples);
    // It resumes warm: the frames before are rendered unheard when it starts.
    const pre = prerollFrames(stream, frame);
    stream.seek(frame - pre);
    this.preroll = pre;
    return (stream.framePosition + pre) * hopSamples;
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
    const opts: PumpOptions = {
      blockFrames: options.blockFrames ?? 4,
      aheadSeconds: options.aheadSeconds ?? 0.05,
      loadAheadSeconds: options.loadAheadSeconds ?? 0.2,
    };
    if (options.liveQueue !== undefined) this.liveQueue = options.liveQueue;
    const writer = new OutputRingWriter(ring);
    const block = opts.blockFrames * stream.clock.hopSamples;
    const room = writer.writableFrames() + writer.bufferedFrames() - 2 * block;
    const burst = Math.round((options.renderBurstSeconds ?? 0) * ring.sampleRate);
    const live = new LivePath(this.liveQueue, ring.sampleRate, room, burst);
    const playing: Playing = {
      writer,
      options: opts,
      live,
      file: new FilePace(this.liveQueue, ring.sampleRate, room, burst),
      running: true,
      loads: 0,
      loop: Promise.resolve(),
    };
    this.playing = playing;
    this.attachInput(options.input);
    this.error = undefined;
    if (this.preroll > 0) {
      const frames = this.preroll;
      this.preroll = 0;
      await stream.next(frames);
    }
    if (this.liveDriven()) await warmUpModels(stream, this.feed, opts.blockFrames);
    await this.fill(playing);
    if (!playing.running) return; // stopped while filling: nothing starts
    writer.setPlaying(true);
    playing.loop = this.pump(playing);
  }

  /**
   * Attaches the live input's capture ring (undefined detaches it: live sources play silence).
   * While playing, the live path starts over from the next block.
   */
  setInput(ring: CaptureRingShared | undefined): void {
    this.attachInput(ring);
  }

  /**
   * Sets the live queue: seconds beyond the block pin it, "adaptive" starts low and grows after
   * underruns. While playing, the live path starts over at the new depth from the next block.
   */
  setLiveQueue(setting: LiveQueueSetting): void {
    if (setting !== "adaptive" && !(Number.isFinite(setting) && setting >= 0 && setting <= 1))
      throw new Error(
        `live queue: expected "adaptive" or seconds in [0, 1], got ${String(setting)}`,
      );
    this.liveQueue = setting;
    this.playing?.live.setQueue(setting);
    this.playing?.file.setQueue(setting);
  }

  private attachInput(ring: CaptureRingShared | undefined): void {
    this.feed.wake();
    this.input = ring;
    this.feed.attach(ring, this.stream?.clock.sampleRate ?? ring?.sampleRate ?? 0);
    this.playing?.live.restart();
  }

  /** Stops streaming; what is in the ring still plays out, and no underrun is counted after. */
  async stop(): Promise<void> {
    const playing = this.playing;
    if (!playing) return;
    playing.running = false;
    playing.writer.setPlaying(false);
    this.feed.wake();
    playing.writer.wake();
    await playing.loop;
    this.playing = undefined;
    // A patch still fading out goes with the play: the next one starts with the new patch alone.
    const leaving = this.leaving;
    this.leaving = undefined;
    leaving?.stream.dispose();
    await leaving?.setup.dispose();
  }

  status(): HostStatus {
    const p = this.playing;
    return {
      loaded: this.stream !== undefined,
      playing: p?.running ?? false,
      ended: this.stream?.ended ?? false,
      framePosition: (this.stream?.framePosition ?? 0) + this.preroll,
      changing: this.stream?.changing ?? false,
      bufferedFrames: p?.writer.bufferedFrames() ?? 0,
      underruns: p ? ringStats(p.writer.shared).underruns : 0,
      error: this.error,
      input: this.inputStatus(),
      transport: transportStatus(this.stream, p?.writer.bufferedFrames() ?? 0),
      ...(p?.options.aheadSeconds === "buffer" && !this.liveDriven()
        ? { fileQueue: p.file.status() }
        : {}),
    };
  }

  private inputStatus(): InputStatus | undefined {
    const ring = this.input;
    if (!ring) return undefined;
    const p = this.playing;
    const block = (p?.options.blockFrames ?? 1) * (this.stream?.clock.hopSamples ?? 0);
    const latency = this.stream?.latencySamples ?? 0;
    return liveInputStatus(ring, this.feed, p?.live, block, latency, this.liveQueue !== "adaptive");
  }

  async dispose(): Promise<void> {
    await this.stop();
    const leaving = this.leaving;
    this.leaving = undefined;
    leaving?.stream.dispose();
    await leaving?.setup.dispose();
    this.stream?.dispose();
    await this.setup?.dispose();
    this.stream = undefined;
    this.setup = undefined;
    await this.engine.packCache?.clear();
  }

  private loaded(): StreamingRender {
    if (!this.stream) throw new Error("no patch loaded");
    return this.stream;
  }

  private async pump(playing: Playing): Promise<void> {
    try {
      while (playing.running) {
        await this.fill(playing);
        if (this.loaded().ended && !this.leaving) {
          playing.writer.setPlaying(false); // the tail plays out; an empty ring is not an underrun
          playing.running = false;
          break;
        }
        const { hopSamples, sampleRate } = this.loaded().clock;
        const block = playing.options.blockFrames * hopSamples;
        const blockMs = (1000 * block) / sampleRate;
        // Live input: sleep until the capture worklet says the next block's last sample is in
        // (two blocks at most, should the input stop). Otherwise until the output worklet has
        // played the queue down to its depth (half a block at most: a ring no worklet reads).
        if (!playing.running) break;
        if (this.liveDriven()) await this.feed.waitFor(block, 2 * blockMs, this.clock.wait);
        else
          await playing.writer.waitBelow(this.aheadFrames(playing), blockMs / 2, this.clock.wait);
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
    const rate = this.loaded().clock.sampleRate;
    const deep = playing.loads > 0 || this.leaving !== undefined;
    const frames =
      aheadSeconds === "buffer"
        ? playing.file.target(playing.writer.shared, deep)
        : Math.ceil(aheadSeconds * rate);
    return deep ? Math.max(frames, Math.ceil(loadAheadSeconds * rate)) : frames;
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

  /** True while the live input sets the pace: attached, and the patch (or the one leaving) is live. */
  private liveDriven(): boolean {
    const stream = this.stream;
    return (
      this.feed.attached &&
      stream !== undefined &&
      (stream.live || this.leaving?.stream.live === true)
    );
  }

  /**
   * Renders blocks while the ring has room and holds less than the target depth — or, when the
   * live input sets the pace, while a block of input is waiting.
   */
  private async fill(playing: Playing): Promise<void> {
    const { blockFrames } = playing.options;
    const stream = this.loaded();
    const block = blockFrames * stream.clock.hopSamples;
    const w = playing.writer;
    const liveDriven = this.liveDriven();
    const settling = () => playing.loads > 0 || this.leaving !== undefined;
    if (liveDriven) playing.live.keepDelay(w, this.feed, block, settling());
    while (
      playing.running &&
      w.writableFrames() >= block &&
      (liveDriven ? this.feed.available() >= block : w.bufferedFrames() < this.aheadFrames(playing))
    ) {
      if (this.stream !== stream) return; // a new patch arrived: the next fill plays it
      // An underrun during the last block (a stall) restarts the path before the input that
      // piled up meanwhile is played late.
      if (liveDriven) playing.live.keepDelay(w, this.feed, block, settling());
      if (liveDriven && this.feed.available() < block) break;
      const rendering = this.renderBlock(playing, stream, liveDriven, settling());
      this.rendering = rendering;
      try {
        await rendering;
      } finally {
        this.rendering = undefined;
      }
    }
  }

  /** Renders one block of `stream` (mixed with the patch leaving, if any) into the ring. */
  private async renderBlock(
    playing: Playing,
    stream: StreamingRender,
    liveDriven: boolean,
    settling: boolean,
  ): Promise<void> {
    const { blockFrames } = playing.options;
    const { hopSamples } = stream.clock;
    const block = blockFrames * hopSamples;
    const w = playing.writer;
    const started = performance.now();
    const late = liveDriven ? this.feed.available() - block : 0;
    // Live sources read this block's input; without a live source the input is not needed.
    if (liveDriven || !this.feed.attached) this.feed.advance(block);
    else this.feed.discard();
    const leaving = this.leaving;
    if (leaving) await align(stream, leaving);
    let out = await stream.next(blockFrames);
    if (leaving) {
      const mixed = await mixLeaving(leaving, out, blockFrames);
      out = mixed.block;
      if (mixed.finished) {
        this.leaving = undefined;
        leaving.stream.dispose();
        await leaving.setup.dispose();
      }
    }
    const slack = w.bufferedFrames();
    if (liveDriven) {
      playing.live.landed(w, slack, settling);
      playing.live.write(w, out.channels);
      playing.live.timing.record(performance.now() - started, late, slack);
    } else {
      playing.file.landed(w.shared, slack, settling);
      w.write(out.channels);
    }
  }
}
