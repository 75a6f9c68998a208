/**
 * The pack used when a patch names no model (`models/neural-spectral-2/`): the neural codec
 * trained here, fine-tuned on vibrato, glides and drums (issue 19): 1.7 cents median f0 error
 * on held-out vibrato phrases where `neural-spectral` had 3.3, and no worse elsewhere
 * (models/neural-spectral-2/README.md, bench/results/pitch.md, engine-subset.md).
 */
export const DEFAULT_MODEL_ID = "neural-spectral-2";

/**
 * The packs shipped with the app, each in `models/<id>/`: the default; `neural-spectral`, the
 * default before it (the same codec and graph before the fine-tune, kept for comparison and for
 * operations fitted on its latents); `neural-spectral-live`, that codec with a 512-sample latent
 * frame (2 STFT hops instead of 4, 16 dims instead of 32: the same latent budget) for ~12 ms
 * less live input → output latency; and the linear `pca-spectral`.
 * tests/models/shippedPacks.test.ts checks this list against the folders.
 */
export const BUILTIN_MODEL_IDS: readonly string[] = [
  DEFAULT_MODEL_ID,
  "neural-spectral",
  "neural-spectral-live",
  "pca-spectral",
];
