/** What the CLI says about the level of a WAV it wrote: clipping is never silent. */
import type { WavSampleFormat } from "../dsp/wavEncoding";
import { formatName } from "./app";

/** The level of a written file, as the writers count it (see SampleStats). */
export interface LevelStats {
  readonly peak: number;
  readonly clipped: number;
  readonly fullScale: number;
  readonly nonFinite: number;
}

const dbfs = (v: number): string => {
  const db = 20 * Math.log10(Math.max(v, 1e-9));
  return `${db > 0 ? "+" : ""}${db.toFixed(1)} dBFS`;
};

/**
 * The warnings for `path`, one line each: samples clipped by an integer format (with the peak
 * and the count), a float file past full scale, samples that reached the file already clipped
 * (`upstream` names where: a render's AudioOut clamps at full scale), NaN or infinite samples
 * written as 0.
 */
export function levelWarnings(
  path: string,
  stats: LevelStats,
  format: WavSampleFormat,
  samples: number,
  upstream?: string,
): string[] {
  const lines: string[] = [];
  const share = (n: number) => ((100 * n) / Math.max(1, samples)).toFixed(2);
  if (stats.clipped > 0) {
    lines.push(
      `${path}: ${stats.clipped} of ${samples} samples (${share(stats.clipped)} %) clipped to full scale in ${formatName(format)} (peak ${dbfs(stats.peak)}); --format f32 keeps them`,
    );
  } else if (format === "float32" && stats.peak > 1) {
    lines.push(
      `${path}: peak ${dbfs(stats.peak)}, past full scale (kept in f32: turn it down before playing it)`,
    );
  } else if (upstream && stats.fullScale > 0) {
    lines.push(
      `${path}: ${stats.fullScale} of ${samples} samples (${share(stats.fullScale)} %) at full scale: ${upstream}`,
    );
  }
  if (stats.nonFinite)
    lines.push(`${path}: ${stats.nonFinite} samples were NaN or infinite, written as 0`);
  return lines;
}

/** Prints {@link levelWarnings} on stderr. */
export function warnLevels(...args: Parameters<typeof levelWarnings>): void {
  for (const line of levelWarnings(...args)) console.error(`latent-patcher: warning: ${line}`);
}

/** The peak in dBFS, for the "wrote" lines. */
export { dbfs };
