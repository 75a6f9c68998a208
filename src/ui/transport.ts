/**
 * Render & play: the patch is rendered offline in a worker (`render/workerRender.ts`), with
 * progress and cancel, and the first AudioOut plays through an AudioContext. The page keeps what
 * the render produced for the inspectors and Export WAV.
 */
import type { Patch } from "../engine/patch/schema";
import type { AudioValue, Value } from "../engine/values";
import { configureFromPage, startEngineWorker } from "../engine/worker/engineClient";
import { valueKey } from "../engine/worker/offlineRender";
import { blockLevels } from "./meter";
import { appModels } from "./bundle/modelShelf";
import { WorkerRender } from "./render/workerRender";

export { RenderCancelled } from "./render/workerRender";

export interface RenderSummary {
  readonly audio: AudioValue;
  readonly seconds: number;
  readonly renderMillis: number;
  readonly peak: number;
  readonly rms: number;
}

/** Peak and RMS over all channels. */
export function levels(audio: AudioValue): { peak: number; rms: number } {
  let peak = 0;
  let sum = 0;
  let count = 0;
  for (const ch of audio.channels) {
    for (const x of ch) {
      peak = Math.max(peak, Math.abs(x));
      sum += x * x;
    }
    count += ch.length;
  }
  return { peak, rms: count > 0 ? Math.sqrt(sum / count) : 0 };
}

export class Transport {
  private readonly renderer = new WorkerRender({
    createWorker: startEngineWorker,
    prepare: configureFromPage,
    packs: appModels,
  });
  private context: AudioContext | undefined;
  private analyser: AnalyserNode | undefined;
  private meterBuffer = new Float32Array(0);
  private playing:
    { source: AudioBufferSourceNode; startedAt: number; seconds: number } | undefined;
  private outputs: ReadonlyMap<string, AudioValue> = new Map();
  private values: ReadonlyMap<string, Value> = new Map();
  private looping = false;

  /**
   * Renders `patch` in the render worker; rejects with the engine's PatchError/GraphError message
   * when it cannot, or with RenderCancelled after {@link cancel}. `progress` hears each step, with
   * the fraction of the render done once it is known.
   */
  async render(
    patch: Patch,
    progress: (text: string, fraction?: number) => void,
  ): Promise<RenderSummary> {
    const result = await this.renderer.render(patch, progress);
    this.outputs = new Map(result.outputs);
    this.values = new Map(result.values);
    const [audio] = this.outputs.values();
    if (!audio)
      throw new Error("this patch has no AudioOut node: add one and wire a Decode into it");
    const seconds = (audio.channels[0]?.length ?? 0) / audio.sampleRate;
    return { audio, seconds, renderMillis: result.renderMillis, ...levels(audio) };
  }

  /** Cancels the render in progress; false when none runs. */
  cancel(): boolean {
    return this.renderer.cancel();
  }

  /**
   * A node's output from the last render; an AudioOut's `out` is what was rendered (latency
   * compensated, as played).
   */
  value(nodeId: string, port: string): Value | undefined {
    const out = port === "out" ? this.outputs.get(nodeId) : undefined;
    return out ?? this.values.get(valueKey(nodeId, port));
  }

  get loop(): boolean {
    return this.looping;
  }

  /** Loops the sound now playing too. */
  set loop(on: boolean) {
    this.looping = on;
    if (this.playing) this.playing.source.loop = on;
  }

  play(audio: AudioValue): void {
    this.stop();
    this.context ??= new AudioContext();
    const ctx = this.context;
    if (!this.analyser) {
      this.analyser = ctx.createAnalyser();
      this.analyser.fftSize = 2048;
      this.meterBuffer = new Float32Array(this.analyser.fftSize);
      this.analyser.connect(ctx.destination);
    }
    const length = audio.channels[0]?.length ?? 0;
    const buffer = ctx.createBuffer(audio.channels.length, Math.max(1, length), audio.sampleRate);
    audio.channels.forEach((c, i) => buffer.copyToChannel(c as Float32Array<ArrayBuffer>, i));
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.loop = this.looping;
    source.connect(this.analyser);
    const playing = { source, startedAt: ctx.currentTime, seconds: length / audio.sampleRate };
    source.onended = () => {
      if (this.playing === playing) this.playing = undefined;
    };
    source.start();
    this.playing = playing;
  }

  stop(): void {
    this.playing?.source.stop();
    this.playing = undefined;
  }

  /** Seconds into the sound now playing (wrapped when looping), or undefined when stopped. */
  position(): number | undefined {
    const p = this.playing;
    if (!p || !this.context) return undefined;
    const t = this.context.currentTime - p.startedAt;
    if (this.looping) return p.seconds > 0 ? t % p.seconds : 0;
    return t <= p.seconds ? t : undefined;
  }

  /** Peak and RMS of the last ~46 ms sent to the speakers (zero when nothing plays). */
  meter(): { peak: number; rms: number } {
    if (!this.analyser || !this.playing) return { peak: 0, rms: 0 };
    this.analyser.getFloatTimeDomainData(this.meterBuffer);
    return blockLevels(this.meterBuffer);
  }
}
