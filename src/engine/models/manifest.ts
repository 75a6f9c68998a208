/**
 * The model pack manifest (`models/<id>/model.json`). See DESIGN.md "Model packs" and
 * docs/model-pack.md.
 */
import { z } from "zod";

const finite = z.number().finite();
const numbers = z.array(finite);

export const spectralFrontEnd = z.object({
  kind: z.literal("spectral"),
  /** STFT size; the encoder eats `fftSize / 2 + 1` log-magnitude bins per STFT frame. */
  fftSize: z.number().int().min(16),
  /** STFT hop in samples. */
  stftHop: z.number().int().min(1),
  window: z.literal("hann"),
  /** STFT frames per latent frame: the latent hop is `stftHop * framesPerLatent`. */
  framesPerLatent: z.number().int().min(1),
  /** log-magnitude is `ln(|X| + logFloor)`. */
  logFloor: z.number().positive(),
});

export const waveformFrontEnd = z.object({
  kind: z.literal("waveform"),
  /** Samples per latent frame: `[1, channels, N] → [1, D, N / ratio]`. */
  ratio: z.number().int().min(1),
});

const tensorRef = z.object({
  file: z.string().min(1),
  input: z.string().min(1),
  output: z.string().min(1),
});

/**
 * A decoder that looks back: its input holds `frames` previous latent frames followed by the T
 * frames to decode, and its output covers those T frames only. Before the first frame the
 * history is `initial` (typically the latent of silence), repeated.
 */
export const decoderContext = z.object({
  frames: z.number().int().min(1).max(1024),
  initial: numbers,
});

const decoderRef = tensorRef.extend({ context: decoderContext.optional() });

/**
 * An encoder that looks back: its input holds the front end's data of `frames` previous latent
 * frames (log-magnitude STFT frames, or samples) followed by the T frames to encode, and its
 * output covers those T frames only. Before the stream the history is silence (the log of the
 * floor, or zeros). A causal look-back lets each latent frame carry what came just before it
 * (echoes, modulations, tails) and still stream exactly for any block split.
 */
export const encoderContext = z.object({
  frames: z.number().int().min(1).max(1024),
});

const encoderRef = tensorRef.extend({ context: encoderContext.optional() });

export const modelManifestSchema = z.object({
  format: z.literal("latent-patcher.model"),
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, '.', '_' or '-'"),
  name: z.string().min(1),
  license: z.string().min(1),
  trainedOn: z.string().min(1),
  description: z.string().optional(),
  sampleRate: z.number().int().min(8000).max(192000),
  channels: z.literal(1),
  latentDims: z.number().int().min(1).max(4096),
  frontEnd: z.discriminatedUnion("kind", [spectralFrontEnd, waveformFrontEnd]),
  encoder: encoderRef,
  decoder: decoderRef,
  stats: z.object({
    mean: numbers,
    std: numbers,
    /** Principal directions, each `latentDims` long, strongest first. */
    components: z.array(numbers),
    componentStd: numbers,
  }),
  codebook: z
    .object({
      /** K entries of `latentDims` numbers. */
      entries: z.array(numbers).min(1),
      descriptors: z.object({
        /** dB (RMS re full scale) of the decoded entry. */
        loudness: numbers,
        /** Hz. */
        centroid: numbers,
        /** Hz, 0 where unpitched. */
        f0: numbers,
      }),
    })
    .optional(),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type DecoderContext = z.infer<typeof decoderContext>;
export type EncoderContext = z.infer<typeof encoderContext>;
export type SpectralFrontEnd = z.infer<typeof spectralFrontEnd>;
export type WaveformFrontEnd = z.infer<typeof waveformFrontEnd>;

/** Audio samples per latent frame. */
export function latentHop(m: ModelManifest): number {
  return m.frontEnd.kind === "spectral"
    ? m.frontEnd.stftHop * m.frontEnd.framesPerLatent
    : m.frontEnd.ratio;
}
