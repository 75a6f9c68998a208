/**
 * Loading a model pack (`<dir>/model.json` and its ONNX files): validation, then a
 * {@link LoadedModel} whose encoders and decoders stream. See docs/model-pack.md.
 */
import type { ResourceLoader } from "../resources";
import { latentHop, type ModelManifest } from "./manifest";
import { createOnnxSession, type OnnxSession, type OnnxSessionOptions } from "./onnx";
import { ModelPackError } from "./packError";
import { parseManifest } from "./parseManifest";
import { SpectralDecoder, SpectralEncoder } from "./spectralCodec";
import { codebookOf, latentStatsOf } from "./statsFromManifest";
import type { LoadedModel, StreamingDecoder, StreamingEncoder } from "./types";
import { validateSessions } from "./validateOnnx";
import { WaveformDecoder, WaveformEncoder } from "./waveformCodec";

export { ModelPackError } from "./packError";

/** The two halves of a pack. */
export type PackRole = "encoder" | "decoder";

/** Both halves: what a pack opens unless told otherwise. */
export const ALL_PACK_ROLES: readonly PackRole[] = ["encoder", "decoder"];

export interface LoadModelPackOptions {
  /** Forwarded to onnxruntime; default WASM. */
  readonly onnx?: OnnxSessionOptions;
  /**
   * The halves to open (default both). A command that only encodes or only decodes opens one
   * ONNX session instead of two, which is a tenth of a second of its start-up; the other half's
   * `create…` then throws. The manifest is checked whole either way.
   */
  readonly roles?: readonly PackRole[];
}

/**
 * Reads and validates the pack in `dir` (e.g. `models/pca-spectral`). Rejects with a
 * {@link ModelPackError} naming the file, JSON path or tensor when the pack is unreadable or
 * lies about its shapes.
 */
export async function loadModelPack(
  loader: ResourceLoader,
  dir: string,
  options: LoadModelPackOptions = {},
): Promise<LoadedModel> {
  const manifestFile = `${dir}/model.json`;
  const text = new TextDecoder().decode(await readFile(loader, manifestFile));
  const manifest = parseManifest(text, manifestFile);
  const roles = options.roles ?? ALL_PACK_ROLES;
  if (roles.length === 0) throw new Error("loadModelPack: no role to load (encoder, decoder)");
  const opened = await Promise.allSettled(
    roles.map((role) => openSession(loader, `${dir}/${manifest[role].file}`, options.onnx)),
  );
  const sessions = opened.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  try {
    const byRole: Partial<Record<PackRole, OnnxSession>> = {};
    opened.forEach((r, i) => {
      if (r.status === "rejected") throw r.reason;
      byRole[roles[i]!] = r.value;
    });
    await validateSessions(dir, manifest, byRole.encoder, byRole.decoder);
    return assembleModel(manifest, byRole.encoder, byRole.decoder);
  } catch (err) {
    await Promise.all(sessions.map((s) => s.release()));
    throw err;
  }
}

async function readFile(loader: ResourceLoader, path: string): Promise<Uint8Array> {
  try {
    return await loader.read(path);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ModelPackError([message.includes(path) ? message : `${path}: ${message}`]);
  }
}

async function openSession(
  loader: ResourceLoader,
  path: string,
  options: OnnxSessionOptions | undefined,
): Promise<OnnxSession> {
  const bytes = await readFile(loader, path);
  try {
    return await createOnnxSession(bytes, options);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    throw new ModelPackError([`${path}: not a model onnxruntime can open (${reason})`]);
  }
}

function assembleModel(
  manifest: ModelManifest,
  encoder: OnnxSession | undefined,
  decoder: OnnxSession | undefined,
): LoadedModel {
  const hopSamples = latentHop(manifest);
  const { id, latentDims, frontEnd } = manifest;
  const { context: encoderContext, ...encoderRef } = manifest.encoder;
  const notLoaded = (role: PackRole) =>
    new Error(
      `model "${id}" was loaded without its ${role} (only for ${role === "encoder" ? "decoding" : "encoding"})`,
    );
  let disposed: Promise<void> | undefined;
  const codebook = codebookOf(manifest);
  return {
    id,
    manifest,
    sampleRate: manifest.sampleRate,
    latentDims,
    hopSamples,
    frameRate: manifest.sampleRate / hopSamples,
    stats: latentStatsOf(manifest),
    ...(codebook ? { codebook } : {}),
    createEncoder(): StreamingEncoder {
      if (!encoder) throw notLoaded("encoder");
      const enc = {
        modelId: id,
        session: encoder,
        ...encoderRef,
        latentDims,
        ...(encoderContext ? { encoderContext } : {}),
      };
      return frontEnd.kind === "spectral"
        ? new SpectralEncoder({ ...enc, frontEnd })
        : new WaveformEncoder({ ...enc, ratio: frontEnd.ratio });
    },
    createDecoder(): StreamingDecoder {
      if (!decoder) throw notLoaded("decoder");
      const dec = { modelId: id, session: decoder, ...manifest.decoder, latentDims };
      return frontEnd.kind === "spectral"
        ? new SpectralDecoder({ ...dec, frontEnd })
        : new WaveformDecoder({ ...dec, ratio: frontEnd.ratio });
    },
    dispose() {
      disposed ??= Promise.all([encoder?.release(), decoder?.release()]).then(() => undefined);
      return disposed;
    },
  };
}
