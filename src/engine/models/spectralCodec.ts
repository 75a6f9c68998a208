/**
 * The spectral front end: the engine analyses the signal into causal log-magnitude STFT frames
 * for the encoder, and turns the decoder's log-magnitudes back into sound with real-time phase
 * reconstruction (RTPGHI). The model itself only maps `[1, bins, S] ↔ [1, D, S / framesPerLatent]`
 * and must be frame-local (latent frame t depends only on STFT frames `t·fpl … t·fpl + fpl − 1`
 * and vice versa) for streaming to equal one whole call — or declare a causal look-back
 * (`encoder.context`, `decoder.context`), which the codec feeds before each block.
 */
import { StftAnalyzer } from "../../dsp/stft";
import { SpectralSynth } from "../../dsp/rtpghi";
import { compiledDspAvailable } from "../../dsp/dsp-kernel";
import { expMinusInPlace, logPlusInPlace } from "../../dsp/dsp-maps";
import type { DecoderContext, EncoderContext, SpectralFrontEnd } from "./manifest";
import type { OnnxSession } from "./onnx";
import {
  expectDims,
  LatentHistory,
  SerialQueue,
  toChannelMajor,
  toFrameMajor,
  latentBlockError,
} from "./layout";
import type { StreamingDecoder, StreamingEncoder } from "./types";

export interface SpectralCodecConfig {
  readonly modelId: string;
  readonly session: OnnxSession;
  readonly input: string;
  readonly output: string;
  readonly frontEnd: SpectralFrontEnd;
  readonly latentDims: number;
  /** The decoder's look-back, when it has one (decoders only). */
  readonly context?: DecoderContext;
  /** The encoder's look-back, when it has one (encoders only). */
  readonly encoderContext?: EncoderContext;
}

export class SpectralEncoder implements StreamingEncoder {
  private readonly queue = new SerialQueue();
  private readonly stft: StftAnalyzer;
  private readonly bins: number;
  private readonly hopSamples: number;
  /** The previous latent frames' log-magnitude frames (frame-major), for a look-back. */
  private readonly history: LatentHistory | undefined;

  constructor(private readonly cfg: SpectralCodecConfig) {
    const { fftSize, stftHop, framesPerLatent, logFloor } = cfg.frontEnd;
    this.stft = new StftAnalyzer({ fftSize, hop: stftHop });
    this.bins = fftSize / 2 + 1;
    this.hopSamples = stftHop * framesPerLatent;
    const ctx = cfg.encoderContext;
    // Before the stream: silence, whose log-magnitude is the log of the floor.
    this.history =
      ctx &&
      new LatentHistory(
        ctx.frames * framesPerLatent,
        this.bins,
        new Array<number>(this.bins).fill(Math.log(logFloor)),
      );
  }

  encode(samples: Float32Array): Promise<Float32Array> {
    const { modelId, latentDims, frontEnd } = this.cfg;
    if (samples.length % this.hopSamples !== 0) {
      return Promise.reject(
        new Error(
          `${modelId} encoder: expected a multiple of ${this.hopSamples} samples, got ${samples.length}`,
        ),
      );
    }
    const frames = samples.length / this.hopSamples;
    if (frames === 0) return Promise.resolve(new Float32Array(0));
    return this.queue.run(async () => {
      // The analysis runs inside the queue too, so blocks reach the STFT in call order.
      const steps = frames * frontEnd.framesPerLatent;
      const bins = this.bins;
      // The model's [1, bins, steps] input, filled in place: magnitudes, then their logs.
      let logmag: Float32Array = new Float32Array(bins * steps);
      const analysed = this.stft.pushBinMajor(samples, logmag, steps);
      if (analysed !== steps) {
        throw new Error(`${modelId} encoder: the STFT gave ${analysed} frames, expected ${steps}`);
      }
      const floor = frontEnd.logFloor;
      // Compiled where WebAssembly is there (the same values bit for bit).
      if (!logPlusInPlace(logmag, floor))
        for (let i = 0; i < logmag.length; i++) logmag[i] = Math.log(logmag[i]! + floor);
      let fedSteps = steps;
      if (this.history) {
        const fed = this.history.extend(toFrameMajor(logmag, steps, bins));
        fedSteps = fed.length / bins;
        logmag = toChannelMajor(fed, fedSteps, bins);
      }
      const { session, input, output } = this.cfg;
      const out = await session.run(input, output, logmag, [1, this.bins, fedSteps]);
      expectDims(`${modelId} encoder output "${output}"`, out.dims, [1, latentDims, frames]);
      return toFrameMajor(out.data, frames, latentDims);
    });
  }
}

export class SpectralDecoder implements StreamingDecoder {
  readonly latencySamples: number;
  private readonly queue = new SerialQueue();
  private readonly synth: SpectralSynth;
  private readonly bins: number;
  private readonly history: LatentHistory | undefined;

  constructor(private readonly cfg: SpectralCodecConfig) {
    const { fftSize, stftHop } = cfg.frontEnd;
    this.synth = new SpectralSynth({ fftSize, hop: stftHop });
    const ctx = cfg.context;
    this.history = ctx && new LatentHistory(ctx.frames, cfg.latentDims, ctx.initial);
    this.latencySamples = this.synth.latencySamples;
    this.bins = fftSize / 2 + 1;
  }

  decode(latents: Float32Array, frames: number): Promise<Float32Array> {
    const { modelId, latentDims, frontEnd } = this.cfg;
    const invalid = latentBlockError(modelId, latentDims, latents, frames);
    if (invalid) return Promise.reject(invalid);
    if (frames === 0) return Promise.resolve(new Float32Array(0));
    return this.queue.run(async () => {
      const { session, input, output } = this.cfg;
      const steps = frames * frontEnd.framesPerLatent;
      const fed = this.history ? this.history.extend(latents) : latents;
      const fedFrames = fed.length / latentDims;
      const z = toChannelMajor(fed, fedFrames, latentDims);
      const out = await session.run(input, output, z, [1, latentDims, fedFrames]);
      expectDims(`${modelId} decoder output "${output}"`, out.dims, [1, this.bins, steps]);
      // One frame-major array for all frames: [s * bins + b].
      const mags = new Float32Array(steps * this.bins);
      // NaN/Inf from a misbehaving latent become silence, never a poisoned phase state.
      // Compiled where WebAssembly is there (the same values bit for bit): the log-magnitudes
      // are transposed into `mags`, then mapped there (the session's output is left as it is).
      const data = out.data;
      if (compiledDspAvailable()) {
        for (let b = 0; b < this.bins; b++)
          for (let s = 0; s < steps; s++) mags[s * this.bins + b] = data[b * steps + s]!;
        expMinusInPlace(mags, frontEnd.logFloor);
      } else {
        for (let b = 0; b < this.bins; b++) {
          for (let s = 0; s < steps; s++) {
            const m = Math.exp(data[b * steps + s] ?? 0) - frontEnd.logFloor;
            mags[s * this.bins + b] = Number.isFinite(m) && m > 0 ? m : 0;
          }
        }
      }
      return this.synth.pushFrames(mags);
    });
  }
}
