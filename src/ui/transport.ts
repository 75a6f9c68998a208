/**
 * Render & play with the engine in the page (the worker and streaming come later): load the
 * patch, render it offline, play the first AudioOut through an AudioContext.
 */
import { Engine } from "../engine/engine";
import { fetchLoader } from "../engine/resources";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import type { Patch } from "../engine/patch/schema";
import type { AudioValue, Value } from "../engine/values";
import { blockLevels } from "./meter";
import { nodeRegistry } from "../nodes";
import { appModels } from "./bundle/modelShelf";

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
  private readonly engine = new Engine({
    registry: nodeRegistry,
    // Custom packs (dropped, or from a bundle) first, then the app's own files.
    appLoader: appModels.loader(fetchLoader(new URL("/", location.href).href)),
    defaultModelId: DEFAULT_MODEL_ID,
  });
  private context: AudioContext | undefined;
  private analyser: AnalyserNode | undefined;
  private meterBuffer = new Float32Array(0);
  private playing:
    { source: AudioBufferSourceNode; startedAt: number; seconds: number } | undefined;
  private outputs: ReadonlyMap<string, AudioValue> = new Map();
  private looping = false;

  /**
   * Renders `patch`; rejects with the engine's PatchError/GraphError message when it cannot.
   * `progress` hears each step, with the fraction of the render done once it is known.
   */
  async render(
    patch: Patch,
    progress: (text: string, fraction?: number) => void,
  ): Promise<RenderSummary> {
    progress("loading the model and the sounds…");
    await this.engine.load(patch);
    progress("rendering…", 0);
    const started = performance.now();
    let percent = 0;
    const result = await this.engine.render({
      onProgress: (f) => {
        if (Math.floor(f * 100) === percent) return;
        percent = Math.floor(f * 100);
        progress("rendering…", f);
      },
    });
    this.outputs = result.outputs;
    const [audio] = result.outputs.values();
    if (!audio)
      throw new Error("this patch has no AudioOut node: add one and wire a Decode into it");
    const seconds = (audio.channels[0]?.length ?? 0) / audio.sampleRate;
    return { audio, seconds, renderMillis: performance.now() - started, ...levels(audio) };
  }

  /**
   * A node's output from the last render; an AudioOut's `out` is what was rendered (latency
   * compensated, as played).
   */
  value(nodeId: string, port: string): Value | undefined {
    const out = port === "out" ? this.outputs.get(nodeId) : undefined;
    if (out) return out;
    try {
      return this.engine.value(nodeId, port);
    } catch {
      return undefined;
    }
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
