/**
 * Live playback: the engine runs in a Web Worker and streams into a SharedArrayBuffer ring that
 * the output AudioWorklet plays. Edits made while it plays are sent to the worker: parameters
 * are crossfaded in within a block or two, graph edits reload the patch in the worker, which
 * crossfades from the old graph once the new one is ready.
 */
import {
  createEngineClient,
  type BackendInfo,
  type EngineClient,
  type EngineWorkerHandle,
  type HostStatus,
  type LoadInfo,
  type StartOptions,
} from "../../engine/worker/engineClient";
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { OutputNode, type OutputStats } from "../../audio/outputNode";
import { blockLevels } from "../meter";
import { liveChange } from "./liveChange";
import { latencyOf, type LatencyFigure, type LiveSettings, LIVE_SETTINGS } from "./latency";

const STATUS_POLL_MS = 250;

interface Session {
  readonly context: AudioContext;
  readonly output: OutputNode;
  readonly analyser: AnalyserNode;
  /** Frames the worklet had played when the material last started from 0. */
  startFrame: number;
}

export class LiveTransport {
  private handle: EngineWorkerHandle | undefined;
  private context: AudioContext | undefined;
  private session: Session | undefined;
  /** The last output, kept after a stop so its counters stay readable. */
  private lastOutput: OutputNode | undefined;
  private sent: Patch | undefined;
  private wanted: Patch | undefined;
  private syncing: Promise<void> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private meterBuffer = new Float32Array(2048);
  /** The patch now loaded in the worker. */
  info: LoadInfo | undefined;
  backend: BackendInfo | undefined;
  status: HostStatus | undefined;
  loop = false;

  constructor(
    private readonly registry: NodeRegistry,
    /** Rejected edits and stream errors, to be shown like a PatchError. */
    private readonly onError: (message: string) => void,
    private readonly settings: LiveSettings = LIVE_SETTINGS,
  ) {}

  get playing(): boolean {
    return this.session !== undefined;
  }

  /** Starts playing `patch`; while playing, crossfades to it instead. */
  async play(patch: Patch): Promise<LoadInfo> {
    if (this.session) {
      this.wanted = patch;
      await this.sync();
      return this.info!;
    }
    const engine = this.engine();
    const info = await engine.load(JSON.stringify(patch));
    this.info = info;
    this.sent = this.wanted = patch;
    this.backend = await engine.backend();
    const context = this.contextAt(info.sampleRate);
    const output = await OutputNode.create(context, { bufferSeconds: this.settings.ringSeconds });
    const analyser = context.createAnalyser();
    analyser.fftSize = this.meterBuffer.length;
    output.node.connect(analyser).connect(context.destination);
    await engine.start(output.ring, this.startOptions());
    await context.resume();
    this.session = { context, output, analyser, startFrame: 0 };
    this.lastOutput = output;
    this.poller ??= setInterval(() => void this.poll(), STATUS_POLL_MS);
    return info;
  }

  /** Sends an edited patch to the worker if playing (edits are coalesced while one is in flight). */
  edit(patch: Patch): void {
    this.wanted = patch;
    if (this.session) void this.sync();
  }

  async stop(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    clearInterval(this.poller);
    this.poller = undefined;
    if (!s) return;
    await this.handle?.engine.stop();
    s.output.dispose();
    s.analyser.disconnect();
    await s.context.suspend();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.handle?.terminate();
    this.handle = undefined;
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
    return latencyOf(this.info, this.settings, this.status?.bufferedFrames, s.context);
  }

  /** Seconds of material heard so far (the algorithmic latency taken off), or undefined. */
  position(): number | undefined {
    const s = this.session;
    if (!s || !this.info) return undefined;
    const frames = s.output.stats().framesPlayed - s.startFrame - this.info.latencySamples;
    return Math.max(0, frames) / this.info.sampleRate;
  }

  /** Peak and RMS of the last ~46 ms sent to the speakers. */
  meter(): { peak: number; rms: number } {
    if (!this.session) return { peak: 0, rms: 0 };
    this.session.analyser.getFloatTimeDomainData(this.meterBuffer);
    return blockLevels(this.meterBuffer);
  }

  private startOptions(): StartOptions {
    const { blockFrames, aheadSeconds, loadAheadSeconds } = this.settings;
    return { blockFrames, aheadSeconds, loadAheadSeconds };
  }

  private engine(): EngineClient {
    this.handle ??= createEngineClient();
    return this.handle.engine;
  }

  /** One context per sample rate: a context at another rate replaces the last one. */
  private contextAt(sampleRate: number): AudioContext {
    if (this.context?.sampleRate !== sampleRate) {
      void this.context?.close();
      this.context = new AudioContext({ sampleRate, latencyHint: "interactive" });
    }
    return this.context;
  }

  /** Brings the worker to the latest wanted patch, one edit at a time. */
  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      const engine = this.engine();
      while (this.session && this.sent && this.wanted && this.wanted !== this.sent) {
        const target = this.wanted;
        const change = liveChange(this.sent, target, this.registry);
        try {
          if (change.kind === "params") {
            for (const n of change.nodes) await engine.setParams(n.nodeId, n.params);
          } else if (change.kind === "reload") {
            this.info = await engine.load(JSON.stringify(target));
            if (this.session) this.session.startFrame = this.session.output.stats().framesPlayed;
          }
        } catch (err) {
          this.onError(err instanceof Error ? err.message : String(err));
        }
        this.sent = target;
      }
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async poll(): Promise<void> {
    const s = this.session;
    if (!s) return;
    const engine = this.engine();
    const status = await engine.status();
    this.status = status;
    if (status.error) {
      this.onError(`live playback stopped: ${status.error}`);
      await this.stop();
    } else if (status.ended && !status.playing && status.bufferedFrames === 0 && !this.syncing) {
      if (!this.loop) return void (await this.stop());
      // Looping: start the material again (a short gap while it loads).
      await engine.stop();
      this.info = await engine.load(JSON.stringify(this.sent));
      await engine.start(s.output.ring, this.startOptions());
      s.startFrame = s.output.stats().framesPlayed;
    }
  }
}
