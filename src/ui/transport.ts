/**
 * Render & play with the engine in the page (the worker and streaming come later): load the
 * patch, render it offline, play the first AudioOut through an AudioContext.
 */
import { Engine } from "../engine/engine";
import { fetchLoader } from "../engine/resources";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import type { Patch } from "../engine/patch/schema";
import type { AudioValue } from "../engine/values";
import { nodeRegistry } from "../nodes";

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
    appLoader: fetchLoader(new URL("/", location.href).href),
    defaultModelId: DEFAULT_MODEL_ID,
  });
  private context: AudioContext | undefined;
  private playing: AudioBufferSourceNode | undefined;

  /** Renders `patch`; rejects with the engine's PatchError/GraphError message when it cannot. */
  async render(patch: Patch, progress: (text: string) => void): Promise<RenderSummary> {
    progress("loading the model and the sounds…");
    await this.engine.load(patch);
    progress("rendering…");
    const started = performance.now();
    const result = await this.engine.render();
    const [audio] = result.outputs.values();
    if (!audio)
      throw new Error("this patch has no AudioOut node: add one and wire a Decode into it");
    const seconds = (audio.channels[0]?.length ?? 0) / audio.sampleRate;
    return { audio, seconds, renderMillis: performance.now() - started, ...levels(audio) };
  }

  play(audio: AudioValue): void {
    this.stop();
    this.context ??= new AudioContext();
    const length = audio.channels[0]?.length ?? 0;
    const buffer = this.context.createBuffer(
      audio.channels.length,
      Math.max(1, length),
      audio.sampleRate,
    );
    audio.channels.forEach((c, i) => buffer.copyToChannel(c as Float32Array<ArrayBuffer>, i));
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    source.start();
    this.playing = source;
  }

  stop(): void {
    this.playing?.stop();
    this.playing = undefined;
  }
}
