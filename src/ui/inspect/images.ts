/**
 * Images the inspectors draw, computed as plain RGBA pixel data (pure, no DOM, unit-tested):
 * the spectrogram of a sound and the heatmap of a latent trajectory ("neural spectrogram").
 */
import { stftMagnitudes } from "../../dsp/stft";
import type { LatentStats } from "../../engine/models/types";
import type { LatentValue } from "../../engine/values";
import { diverging, sequential } from "./colormap";

/** RGBA pixels, row-major, row 0 at the top (an ImageData without the DOM). */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

function raster(
  width: number,
  height: number,
  colour: (x: number, y: number) => readonly number[],
) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r = 0, g = 0, b = 0] = colour(x, y);
      const at = (y * width + x) * 4;
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
      data[at + 3] = 255;
    }
  }
  return { width, height, data };
}

export interface SpectrogramOptions {
  readonly fftSize?: number;
  /** At most this many columns (frames are max-pooled to fit). */
  readonly maxColumns?: number;
  /** Rows, on a logarithmic frequency axis from `minHz` to Nyquist. */
  readonly rows?: number;
  readonly minHz?: number;
  /** The quietest level shown, in dB below the loudest bin. */
  readonly floorDb?: number;
}

export interface Spectrogram extends RasterImage {
  readonly minHz: number;
  readonly maxHz: number;
  /** The level of the darkest colour, in dB re the loudest bin (the brightest colour, 0 dB). */
  readonly floorDb: number;
}

/**
 * Log-magnitude STFT image of `samples`: time left to right, frequency bottom to top on a log
 * axis, colour = level in dB relative to the loudest bin, clamped at `floorDb`.
 */
export function spectrogramImage(
  samples: Float32Array,
  sampleRate: number,
  opts: SpectrogramOptions = {},
): Spectrogram {
  const { fftSize = 2048, maxColumns = 480, rows = 160, minHz = 50, floorDb = -70 } = opts;
  const hop = Math.max(1, Math.min(fftSize, Math.ceil(samples.length / maxColumns)));
  const frames = stftMagnitudes(samples, { fftSize, hop });
  const per = Math.max(1, Math.ceil(frames.length / maxColumns));
  const width = Math.max(1, Math.ceil(frames.length / per));
  const maxHz = sampleRate / 2;
  const binHz = sampleRate / fftSize;
  const bins = fftSize / 2 + 1;
  // Row r (0 = top) covers [lo, hi) Hz on the log axis; it shows the strongest bin inside.
  const rowBins = Array.from({ length: rows }, (_, r) => {
    const edge = (i: number) => minHz * (maxHz / minHz) ** (i / rows);
    const lo = Math.floor(edge(rows - r - 1) / binHz);
    const hi = Math.max(lo + 1, Math.ceil(edge(rows - r) / binHz));
    return [Math.min(lo, bins - 1), Math.min(hi, bins)] as const;
  });
  const level = new Float32Array(width * rows);
  let loudest = 0;
  for (let x = 0; x < width; x++) {
    for (let r = 0; r < rows; r++) {
      const [lo, hi] = rowBins[r]!;
      let m = 0;
      for (let f = x * per; f < Math.min(frames.length, (x + 1) * per); f++) {
        const frame = frames[f]!;
        for (let k = lo; k < hi; k++) m = Math.max(m, frame[k] ?? 0);
      }
      level[r * width + x] = m;
      loudest = Math.max(loudest, m);
    }
  }
  const ref = loudest > 0 ? loudest : 1;
  const image = raster(width, rows, (x, y) => {
    const db = 20 * Math.log10(Math.max(1e-12, (level[y * width + x] ?? 0) / ref));
    return sequential(1 - Math.max(floorDb, db) / floorDb);
  });
  return { ...image, minHz, maxHz, floorDb };
}

/**
 * The symmetric colour limit of a heatmap: the `quantile` of |v| (robust to a few outliers),
 * never 0.
 */
export function heatmapLimit(values: ArrayLike<number>, quantile = 0.99): number {
  const mags = Float32Array.from(values, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)).sort();
  const at = Math.min(mags.length - 1, Math.floor(quantile * (mags.length - 1)));
  const q = mags[Math.max(0, at)] ?? 0;
  return q > 1e-12 ? q : 1;
}

export interface Heatmap extends RasterImage {
  /** The value mapped to full colour either side of 0 (in std units when standardized). */
  readonly limit: number;
  readonly standardized: boolean;
}

/**
 * The latent as an image, one row per dim (dim 0 at the top), one column per frame. With the
 * model's statistics each dim is shown standardized, (z − mean) / std, so all dims share a scale.
 */
export function latentHeatmap(value: LatentValue, stats?: LatentStats): Heatmap {
  const { frames, dims, data } = value;
  const standardized = stats !== undefined && stats.mean.length === dims;
  const shown = new Float32Array(frames * dims);
  for (let f = 0; f < frames; f++) {
    for (let d = 0; d < dims; d++) {
      const z = data[f * dims + d] ?? 0;
      shown[d * frames + f] = standardized
        ? (z - (stats.mean[d] ?? 0)) / Math.max(1e-6, stats.std[d] ?? 1)
        : z;
    }
  }
  const limit = heatmapLimit(shown);
  const image = raster(Math.max(1, frames), dims, (x, y) =>
    diverging(0.5 + (shown[y * frames + x] ?? 0) / (2 * limit)),
  );
  return { ...image, limit, standardized };
}
