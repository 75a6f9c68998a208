/**
 * The pack used when a patch names no model (`models/neural-spectral/`): the neural codec
 * trained here, 0.88 × the linear `pca-spectral` pack's reconstruction distance at the same
 * latent budget (bench/results/engine.md).
 */
export const DEFAULT_MODEL_ID = "neural-spectral";
