/** The manifest's statistics and codebook as typed arrays (lengths were checked on load). */
import type { ModelManifest } from "./manifest";
import type { Codebook, LatentStats } from "./types";

export function latentStatsOf(m: ModelManifest): LatentStats {
  return {
    mean: Float32Array.from(m.stats.mean),
    std: Float32Array.from(m.stats.std),
    // Unit length within 1e-3 on load; normalized here so rotations and projections are exact.
    components: m.stats.components.map((c) => {
      const norm = Math.hypot(...c);
      return Float32Array.from(c, (v) => v / norm);
    }),
    componentStd: Float32Array.from(m.stats.componentStd),
  };
}

export function codebookOf(m: ModelManifest): Codebook | undefined {
  if (!m.codebook) return undefined;
  const { entries, descriptors } = m.codebook;
  return {
    size: entries.length,
    dims: m.latentDims,
    entries: Float32Array.from(entries.flat()),
    descriptors: {
      loudness: Float32Array.from(descriptors.loudness),
      centroid: Float32Array.from(descriptors.centroid),
      f0: Float32Array.from(descriptors.f0),
    },
  };
}
