/** The pack used when a patch names no model (`models/pca-spectral/`). */
export const DEFAULT_MODEL_ID = "pca-spectral";
