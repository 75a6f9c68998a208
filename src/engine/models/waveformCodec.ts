/**
 * The waveform front end (RAVE-style): the encoder eats samples `[1, 1, N] → [1, D, N / ratio]`
 * and the decoder gives them back, block by block, with no latency.
 *
 * Limitation of this version: each block is run through the model on its own, so a model whose
 * receptive field spans more than one latent frame (RAVE's convolutions do) is not
 * block-invariant: its output at block edges differs from one call over the whole signal. Only
 * frame-local models give identical results for any block split — or an encoder or decoder that
 * declares its look-back (`encoder.context`, `decoder.context`) and returns only the frames
 * after it.
 */
import type { DecoderContext, EncoderContext } from "./manifest";
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

export interface WaveformCodecConfig {
  readonly modelId: string;
  readonly session: OnnxSession;
  readonly input: string;
  readonly output: string;
  readonly ratio: number;
  readonly latentDims: number;
  /** The decoder's look-back, when it has one (decoders only). */
  readonly context?: DecoderContext;
  /** The encoder's look-back, when it has one (encoders only): that many frames of samples. */
  readonly encoderContext?: EncoderContext;
}

export class WaveformEncoder implements StreamingEncoder {
  private readonly queue = new SerialQueue();
  /** The previous latent frames' samples, for a look-back (zeros before the stream). */
  private readonly history: LatentHistory | undefined;

  constructor(private readonly cfg: WaveformCodecConfig) {
    const ctx = cfg.encoderContext;
    this.history = ctx && new LatentHistory(ctx.frames * cfg.ratio, 1, [0]);
  }

  encode(samples: Float32Array): Promise<Float32Array> {
    const { ratio, latentDims, modelId } = this.cfg;
    if (samples.length % ratio !== 0) {
      return Promise.reject(
        new Error(
          `${modelId} encoder: expected a multiple of ${ratio} samples, got ${samples.length}`,
        ),
      );
    }
    const frames = samples.length / ratio;
    if (frames === 0) return Promise.resolve(new Float32Array(0));
    return this.queue.run(async () => {
      const { session, input, output } = this.cfg;
      const fed = this.history ? this.history.extend(samples) : samples;
      const out = await session.run(input, output, fed, [1, 1, fed.length]);
      expectDims(`${modelId} encoder output "${output}"`, out.dims, [1, latentDims, frames]);
      return toFrameMajor(out.data, frames, latentDims);
    });
  }
}

export class WaveformDecoder implements StreamingDecoder {
  readonly latencySamples = 0;
  private readonly queue = new SerialQueue();
  private readonly history: LatentHistory | undefined;

  constructor(private readonly cfg: WaveformCodecConfig) {
    const ctx = cfg.context;
    this.history = ctx && new LatentHistory(ctx.frames, cfg.latentDims, ctx.initial);
  }

  decode(latents: Float32Array, frames: number): Promise<Float32Array> {
    const { ratio, latentDims, modelId } = this.cfg;
    const invalid = latentBlockError(modelId, latentDims, latents, frames);
    if (invalid) return Promise.reject(invalid);
    if (frames === 0) return Promise.resolve(new Float32Array(0));
    return this.queue.run(async () => {
      const { session, input, output } = this.cfg;
      const fed = this.history ? this.history.extend(latents) : latents;
      const fedFrames = fed.length / latentDims;
      const tensor = toChannelMajor(fed, fedFrames, latentDims);
      const out = await session.run(input, output, tensor, [1, latentDims, fedFrames]);
      expectDims(`${modelId} decoder output "${output}"`, out.dims, [1, 1, frames * ratio]);
      return zeroNonFinite(out.data);
    });
  }
}

/** Replaces NaN and ±Infinity by 0 in place: a decoder never sends them downstream. */
export function zeroNonFinite(data: Float32Array): Float32Array {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) data[i] = 0;
  return data;
}
