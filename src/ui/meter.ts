/** Level meter and position display arithmetic (pure, unit-tested). */

/** Peak and RMS of one block of samples. */
export function blockLevels(x: Float32Array): { peak: number; rms: number } {
  let peak = 0;
  let sum = 0;
  for (const v of x) {
    peak = Math.max(peak, Math.abs(v));
    sum += v * v;
  }
  return { peak, rms: x.length > 0 ? Math.sqrt(sum / x.length) : 0 };
}

/** The meter's range: −60 dBFS (empty) to 0 dBFS (full). */
export const METER_FLOOR_DB = -60;

/** A linear level as the filled fraction of the meter, on a dB scale. */
export function meterFraction(level: number): number {
  if (!(level > 0)) return 0;
  const db = 20 * Math.log10(level);
  return Math.min(1, Math.max(0, 1 - db / METER_FLOOR_DB));
}

/** "mm:ss.s" — 75.25 s → "01:15.2"; undefined → "--:--.-". */
export function formatPosition(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "--:--.-";
  const tenths = Math.floor(seconds * 10 + 1e-6);
  const mm = Math.floor(tenths / 600);
  const ss = (tenths % 600) / 10;
  return `${String(mm).padStart(2, "0")}:${ss.toFixed(1).padStart(4, "0")}`;
}
