/**
 * The pack used when a patch names no model (`models/neural-spectral/`): the neural codec
 * trained here, 0.88 × the linear `pca-spectral` pack's reconstruction distance at the same
 * latent budget (bench/results/engine.md).
 */
export const DEFAULT_MODEL_ID = "neural-spectral";

/**
 * The packs shipped with the app, each in `models/<id>/`: the default; `neural-spectral-live`,
 * the same codec with a 512-sample latent frame (2 STFT hops instead of 4, 16 dims instead of
 * 32: the same latent budget) for ~12 ms less live input → output latency; `neural-spectral-2`,
 * the default fine-tuned on vibrato and glides (a candidate for the next default, issue 19); and
 * the linear `pca-spectral`. tests/models/shippedPacks.test.ts checks this list against the folders.
 */
export const BUILTIN_MODEL_IDS: readonly string[] = [
  DEFAULT_MODEL_ID,
  "neural-spectral-2",
  "neural-spectral-live",
  "pca-spectral",
];
