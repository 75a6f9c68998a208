/**
 * Live playback: the engine runs in a Web Worker and streams into a SharedArrayBuffer ring that
 * the output AudioWorklet plays. Edits made while it plays are sent to the worker: parameters
 * are crossfaded in within a block or two, graph edits reload the patch in the worker, which
 * crossfades from the old graph once the new one is ready.
 *
 * Live input: Input opens the microphone (or line-in); while playing, a capture worklet in the
 * same AudioContext fills a second ring that the worker reads for AudioIn's live mode. A patch
 * with a live AudioIn turns the input on by itself when it starts. The latency probe sends clicks
 * through the live path and times their echoes at the output node.
 */
import {
  configureFromPage,
  startEngineWorker,
  type BackendInfo,
  type EngineClient,
  type HostStatus,
  type LoadInfo,
  type StartOptions,
} from "../../engine/worker/engineClient";
import { patchTransport, type Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import type { LiveQueueSetting } from "../../engine/worker/liveQueue";
import { OutputNode, type OutputStats } from "../../audio/outputNode";
import { CaptureNode, openMicrophone } from "../../audio/captureNode";
import { blockLevels } from "../meter";
import { liveChange } from "./liveChange";
import { beatNow } from "./beatClock";
import { appModels } from "../bundle/modelShelf";
import { EngineDied, EngineSupervisor } from "./engineSupervisor";
import { restartAfterDeath, type RestartHost } from "./restart";
import { keepContextRunning } from "./contextKeeper";
import {
  latencyOf,
  liveLatencyOf,
  medianDelay,
  type LatencyFigure,
  type LiveSettings,
  type MeasuredLatency,
  LIVE_SETTINGS,
} from "./latency";

const STATUS_POLL_MS = 250;
/**
 * The longest a start waits for the spare worker to warm (it warms beside the patch's load, and
 * playback begins once it is done, so its seconds of compiling do not compete with the sound).
 */
const SPARE_WAIT_MS = 20_000;
/**
 * After a restart, how long the sound plays on before a new spare starts warming: its seconds of
 * compiling then compete with a steady stream, not with the restart's own model load.
 */
const SPARE_REWARM_MS = 3000;

interface Session {
  readonly context: AudioContext;
  readonly output: OutputNode;
  readonly analyser: AnalyserNode;
  /** The capture worklet, while the input is on. */
  capture: CaptureNode | undefined;
  /** Frames the worklet had played when the material last started from 0. */
  startFrame: number;
}

/** Clicks the probe sends, half a second apart (the first after a silent half second). */
const PROBE_CLICKS = 6;

/** Thrown by {@link LiveTransport.play} when Stop was pressed before playback began. */
export class StartCancelled extends Error {
  constructor() {
    super("stopped before playback began");
    this.name = "StartCancelled";
  }
}

export class LiveTransport {
  /** The engine worker, watched and replaced when it dies (`engineSupervisor.ts`). */
  private supervisor: EngineSupervisor | undefined;
  /** Ids of the in-memory model packs the current worker has been given. */
  private readonly shared = new Set<string>();
  private context: AudioContext | undefined;
  private session: Session | undefined;
  /** Bumped by every play and stop: a start whose ticket is no longer current was cancelled. */
  private starts = 0;
  /** Disconnects the output of the start in progress, until it becomes the session. */
  private releaseStart: (() => void) | undefined;
  /** The last output, kept after a stop so its counters stay readable. */
  private lastOutput: OutputNode | undefined;
  private sent: Patch | undefined;
  private wanted: Patch | undefined;
  private syncing: Promise<void> | undefined;
  /** True after a reload the worker refused (the previous version plays on) until one succeeds. */
  private refusedEdit = false;
  /** A restart after the worker's death, while it runs (edits wait for it, then follow). */
  private restarting: Promise<void> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  /** The timer that warms a new spare worker a while after a restart (see {@link rewarmSpare}). */
  private rewarm: ReturnType<typeof setTimeout> | undefined;
  private meterBuffer = new Float32Array(2048);
  private microphone: MediaStream | undefined;
  private probing = false;
  /** The last latency measurement (kept until the next play). */
  measured: MeasuredLatency | undefined;
  /** The patch now loaded in the worker. */
  info: LoadInfo | undefined;
  backend: BackendInfo | undefined;
  status: HostStatus | undefined;
  /** When the last status arrived (performance.now()). */
  private statusAt = 0;
  private looping = false;
  /** The live input's output queue: adaptive, or pinned by `?buffer=` or the Buffer menu. */
  liveQueue: LiveQueueSetting;

  constructor(
    private readonly registry: NodeRegistry,
    /** Rejected edits and stream errors, to be shown like a PatchError. */
    private readonly onError: (message: string) => void,
    private readonly settings: LiveSettings = LIVE_SETTINGS,
    /** What happened that is not an error (the engine restarted, the audio resumed). */
    private readonly onNotice: (message: string) => void = () => undefined,
  ) {
    this.liveQueue = settings.liveQueue;
  }

  /**
   * Pins the live queue (seconds beyond the block) or lets it adapt. While playing, the live path
   * starts over at the new depth: a short gap, as when a DAW's buffer size changes.
   */
  async setLiveQueue(setting: LiveQueueSetting): Promise<void> {
    this.liveQueue = setting;
    if (this.session) await this.engine().setLiveQueue(setting);
  }

  get playing(): boolean {
    return this.session !== undefined;
  }

  /** Whether playback loops: gaplessly, inside the stream (the worker's sources wrap). */
  get loop(): boolean {
    return this.looping;
  }

  /** Turns looping on or off, while playing too (no restart; off plays on to the end). */
  set loop(on: boolean) {
    this.looping = on;
    if (this.supervisor) void this.supervisor.engine.setLoop(on).catch(() => undefined);
  }

  /**
   * Starts source `nodeId` of the playing patch again from its start at the next block (a MIDI
   * note mapped to `"<node>.@retrigger"`); nothing while stopped.
   */
  retrigger(nodeId: string): void {
    const engine = this.session && this.running();
    if (!engine) return;
    engine.retrigger(nodeId).catch((err: unknown) => {
      if (!(err instanceof EngineDied))
        this.onError(err instanceof Error ? err.message : String(err));
    });
  }

  /** Starts playing `patch`; while playing, crossfades to it instead. */
  async play(patch: Patch): Promise<LoadInfo> {
    if (this.session) {
      this.wanted = patch;
      await this.sync();
      return this.info!;
    }
    // A Stop while this start is still loading cancels it (the models may take seconds).
    const ticket = ++this.starts;
    const cancelled = () => ticket !== this.starts;
    this.supervisor?.forgetDeaths(); // a start by the user is not part of a crash loop
    const engine = this.engine();
    const spare = this.warmSpare();
    await this.sharePacks();
    await engine.setLoop(this.looping);
    const info = await engine.load(JSON.stringify(patch));
    this.info = info;
    this.sent = this.wanted = patch;
    this.measured = undefined;
    if (cancelled()) throw new StartCancelled();
    if (info.live) await this.openInput();
    this.backend = await engine.backend();
    if (cancelled()) throw new StartCancelled();
    const context = this.contextAt(info.sampleRate);
    const output = await OutputNode.create(context, { bufferSeconds: this.settings.ringSeconds });
    const analyser = context.createAnalyser();
    analyser.fftSize = this.meterBuffer.length;
    output.node.connect(analyser).connect(context.destination);
    const capture = await this.captureIn(context, output);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      capture?.dispose();
      output.dispose();
      analyser.disconnect();
    };
    // The output plays as soon as the worker fills its ring: a Stop before the start is done
    // disconnects it at once (stop() calls this), not when the start next checks for a cancel.
    this.releaseStart = release;
    await spare;
    if (cancelled()) {
      release();
      throw new StartCancelled();
    }
    await engine.start(output.ring, { ...this.startOptions(), input: capture?.ring });
    if (cancelled()) {
      await engine.stop();
      release();
      throw new StartCancelled();
    }
    await context.resume();
    // The first context of a page takes most of a second to start: a Stop in that gap stops here.
    if (cancelled()) {
      await engine.stop();
      release();
      await context.suspend();
      throw new StartCancelled();
    }
    this.releaseStart = undefined;
    this.session = { context, output, analyser, capture, startFrame: 0 };
    this.lastOutput = output;
    this.poller ??= setInterval(() => void this.poll().catch(() => undefined), STATUS_POLL_MS);
    return info;
  }

  /** Sends an edited patch to the worker if playing (edits are coalesced while one is in flight). */
  edit(patch: Patch): void {
    this.wanted = patch;
    if (this.session) void this.sync();
  }

  async stop(): Promise<void> {
    this.starts++; // cancels a start still in progress
    this.releaseStart?.();
    this.releaseStart = undefined;
    const s = this.session;
    this.session = undefined;
    clearInterval(this.poller);
    this.poller = undefined;
    clearTimeout(this.rewarm);
    this.rewarm = undefined;
    // Without a session a start may still be filling the ring in the worker: stop that too.
    await this.running()
      ?.stop()
      .catch(() => undefined); // a dead worker has nothing left to stop
    if (!s) return;
    s.capture?.dispose();
    s.output.dispose();
    s.analyser.disconnect();
    await s.context.suspend();
  }

  /** True while the microphone is open. */
  get inputOn(): boolean {
    return this.microphone !== undefined;
  }

  /**
   * Opens the microphone; while playing, the live sources hear it from the next block. Rejects
   * with a sentence for the user (permission denied, no device, device busy).
   */
  async enableInput(): Promise<void> {
    await this.openInput();
    const s = this.session;
    if (!s || s.capture) return;
    s.capture = await this.captureIn(s.context, s.output);
    await this.engine().setInput(s.capture?.ring);
  }

  /** Closes the microphone; live sources play silence. */
  async disableInput(): Promise<void> {
    const s = this.session;
    const capture = s?.capture;
    if (s) s.capture = undefined;
    if (capture) await this.running()?.setInput(undefined);
    capture?.dispose();
    for (const track of this.microphone?.getTracks() ?? []) track.stop();
    this.microphone = undefined;
  }

  /** The input's peak since the last call (0 when the input is off or not playing). */
  inputPeak(): number {
    return this.session?.capture?.controls.takePeak() ?? 0;
  }

  /** True while the probe runs. */
  get measuring(): boolean {
    return this.probing;
  }

  /**
   * Measures the live path's latency: for about three seconds the input is replaced by clicks,
   * and the delay of each one's echo at the output node is timed in the audio thread. Needs a
   * patch that plays its live input through to the output.
   */
  async measureLatency(): Promise<MeasuredLatency> {
    const s = this.session;
    const capture = s?.capture;
    if (!s || !capture || !this.info?.live)
      throw new Error(
        'latency is measured through the live input: play a patch with an AudioIn on source "live" (Input on)',
      );
    const rate = s.context.sampleRate;
    const period = Math.round(rate / 2);
    this.probing = true;
    try {
      capture.controls.setProbe(period);
      const deadline = performance.now() + ((PROBE_CLICKS + 3) * period * 1000) / rate;
      while (capture.controls.probeResults().length < PROBE_CLICKS) {
        if (performance.now() > deadline || this.session !== s)
          throw new Error("the latency probe heard nothing back: is playback running?");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      capture.controls.setProbe(0);
      this.probing = false;
    }
    const clicks = capture.controls.probeResults();
    const ms = medianDelay(clicks, rate);
    if (ms === undefined)
      throw new Error(
        "the latency probe's clicks did not come back out: is the live AudioIn wired to the AudioOut?",
      );
    this.measured = { ms, clicksMs: clicks.map((d) => (d < 0 ? NaN : (1000 * d) / rate)) };
    return this.measured;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.disableInput();
    await this.supervisor?.dispose();
    this.supervisor = undefined;
    this.shared.clear();
    await this.context?.close();
    this.context = undefined;
  }

  /** The worklet's counters (shared memory, free to read every frame). */
  stats(): OutputStats | undefined {
    return this.lastOutput?.stats();
  }

  /** The output node and its context, for meters and test taps. */
  output(): { context: AudioContext; node: AudioNode } | undefined {
    const s = this.session;
    return s && { context: s.context, node: s.output.node };
  }

  /** Algorithmic + ring buffering + output device latency, from the latest status. */
  latency(): LatencyFigure | undefined {
    const s = this.session;
    if (!s || !this.info) return undefined;
    const input = this.status?.input;
    if (this.info.live && input && s.capture)
      return liveLatencyOf(this.info, input, s.context, this.measured?.ms);
    const { bufferedFrames, fileQueue } = this.status ?? {};
    return latencyOf(this.info, this.settings, bufferedFrames, s.context, fileQueue);
  }

  /** Seconds of material heard so far (the algorithmic latency taken off), or undefined. */
  position(): number | undefined {
    const s = this.session;
    if (!s || !this.info) return undefined;
    const frames = s.output.stats().framesPlayed - s.startFrame - this.info.latencySamples;
    const wrapped = this.looping ? frames % this.info.loopSamples : frames;
    return Math.max(0, wrapped) / this.info.sampleRate;
  }

  /** The beat heard now and the tempo, while playing (from the worker's last status). */
  beat(): { beat: number; bpm: number } | undefined {
    const t = this.session && this.status?.transport;
    return t && { beat: beatNow(t, performance.now() - this.statusAt), bpm: t.bpm };
  }

  /** Peak and RMS of the last ~46 ms sent to the speakers. */
  meter(): { peak: number; rms: number } {
    if (!this.session) return { peak: 0, rms: 0 };
    this.session.analyser.getFloatTimeDomainData(this.meterBuffer);
    return blockLevels(this.meterBuffer);
  }

  private async openInput(): Promise<void> {
    this.microphone ??= await openMicrophone();
  }

  /** A capture worklet for the open microphone in `context`, listening to `output` (or none). */
  private async captureIn(
    context: AudioContext,
    output: OutputNode,
  ): Promise<CaptureNode | undefined> {
    if (!this.microphone) return undefined;
    const capture = await CaptureNode.create(context, this.microphone);
    capture.listenTo(output.node);
    return capture;
  }

  private startOptions(): StartOptions {
    const { blockFrames, aheadSeconds, loadAheadSeconds } = this.settings;
    // The audio thread renders a base latency at a time: the adaptive live queue starts past it.
    const renderBurstSeconds = this.context?.baseLatency || 0;
    return {
      blockFrames,
      aheadSeconds,
      loadAheadSeconds,
      liveQueue: this.liveQueue,
      renderBurstSeconds,
    };
  }

  /** Hands the worker the dropped or bundled model packs it has not seen yet. */
  private async sharePacks(): Promise<void> {
    for (const id of appModels.customIds()) {
      const pack = appModels.get(id);
      if (!pack || this.shared.has(id)) continue;
      await this.engine().addModelPack(pack);
      this.shared.add(id);
    }
  }

  private engine(): EngineClient {
    if (!this.supervisor) {
      const supervisor = new EngineSupervisor({
        createWorker: startEngineWorker,
        prepare: configureFromPage,
        strict: () => this.session !== undefined,
      });
      supervisor.onDeath((death) => {
        this.shared.clear(); // the new worker has seen no pack yet
        const restart = restartAfterDeath(this.restartHost(), death).finally(() => {
          if (this.restarting !== restart) return;
          this.restarting = undefined;
          if (!this.session) return;
          void this.sync(); // edits made meanwhile
          this.rewarmSpare();
        });
        this.restarting = restart;
      });
      this.supervisor = supervisor;
    }
    return this.supervisor.engine;
  }

  /**
   * Warms a spare engine worker, unless one is warm (`EngineSupervisor.warmSpare`): a worker that
   * dies while playing is then replaced in a second or two instead of a cold start's several.
   * Resolves when it is warm, or after {@link SPARE_WAIT_MS}.
   */
  private warmSpare(): Promise<void> {
    const warm = this.supervisor!.warmSpare((engine) => engine.prewarm());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SPARE_WAIT_MS)));
    return Promise.race([warm, late]).finally(() => clearTimeout(timer));
  }

  /**
   * Once a restart plays, warms a new spare (the old one took over), so that a second death in
   * the same play is also brief — unless the play ended or another death came first.
   */
  private rewarmSpare(): void {
    const session = this.session;
    clearTimeout(this.rewarm);
    this.rewarm = setTimeout(() => {
      this.rewarm = undefined;
      if (this.session !== session || this.restarting || !this.supervisor?.running) return;
      void this.supervisor.warmSpare((engine) => engine.prewarm()).catch(() => undefined);
    }, SPARE_REWARM_MS);
  }

  /** True while a warmed spare worker waits to take over after a death. */
  get spareReady(): boolean {
    return this.supervisor?.spareReady ?? false;
  }

  /** The worker's API while one runs (none after a death, until the next call starts one). */
  private running(): EngineClient | undefined {
    return this.supervisor?.running ? this.supervisor.engine : undefined;
  }

  /** What a restart after the worker's death needs (`restart.ts`). */
  private restartHost(): RestartHost {
    return {
      session: () => this.session,
      patch: () => this.wanted ?? this.sent,
      engine: () => this.engine(),
      reload: async (patch) => {
        await this.sharePacks();
        await this.engine().setLoop(this.looping);
        this.info = await this.engine().load(JSON.stringify(patch));
        this.sent = patch; // newer edits (made during the restart) follow it
        return this.info;
      },
      looping: () => this.looping,
      startOptions: () => this.startOptions(),
      stop: () => this.stop(),
      notice: this.onNotice,
      error: this.onError,
    };
  }

  /** One context per sample rate: a context at another rate replaces the last one. */
  private contextAt(sampleRate: number): AudioContext {
    if (this.context?.sampleRate !== sampleRate) {
      void this.context?.close();
      const context = new AudioContext({ sampleRate, latencyHint: "interactive" });
      keepContextRunning(context, {
        wanted: () => this.session?.context === context,
        say: this.onNotice,
      });
      this.context = context;
    }
    return this.context;
  }

  /** Brings the worker to the latest wanted patch, one edit at a time. */
  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      if (this.restarting) return; // the restart loads the latest patch, then syncs what follows
      const engine = this.engine();
      while (this.session && this.sent && this.wanted && this.wanted !== this.sent) {
        const target = this.wanted;
        const change = liveChange(this.sent, target, this.registry);
        try {
          if (change.kind === "params") {
            for (const n of change.nodes) await engine.setParams(n.nodeId, n.params);
          }
          // A tempo change is heard without a reload; a reloaded patch carries its own tempo.
          const bpm = patchTransport(target).bpm;
          if (change.kind !== "reload" && bpm !== patchTransport(this.sent).bpm)
            await engine.setTempo(bpm);
          if (change.kind === "reload") {
            await this.sharePacks();
            this.info = await engine.load(JSON.stringify(target));
            if (this.session) this.session.startFrame = this.session.output.stats().framesPlayed;
            if (this.info.live && !this.session?.capture) await this.enableInput();
            if (this.refusedEdit) this.onNotice("the edited patch plays now");
            this.refusedEdit = false;
          }
        } catch (err) {
          // A dead worker's restart loads the latest patch itself.
          if (!(err instanceof EngineDied)) {
            const why = err instanceof Error ? err.message : String(err);
            this.refusedEdit = change.kind === "reload";
            // The worker keeps the version it played: say so, and that the next edit is tried.
            this.onError(
              change.kind === "reload"
                ? `this edit cannot play yet, the previous version plays on: ${why}`
                : why,
            );
          }
        }
        this.sent = target;
      }
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async poll(): Promise<void> {
    const s = this.session;
    if (!s || this.restarting) return;
    const engine = this.engine();
    const status = await engine.status();
    this.status = status;
    this.statusAt = performance.now();
    if (status.error) {
      this.onError(`live playback stopped: ${status.error}`);
      await this.stop();
    } else if (status.ended && !status.playing && status.bufferedFrames === 0 && !this.syncing) {
      if (!this.looping) return void (await this.stop());
      // Loop turned on just after the worker had played the end: start the material again.
      // (Otherwise the worker loops inside the stream and never ends.)
      await engine.stop();
      this.info = await engine.load(JSON.stringify(this.sent));
      await engine.start(s.output.ring, { ...this.startOptions(), input: s.capture?.ring });
      s.startFrame = s.output.stats().framesPlayed;
    }
  }
}
