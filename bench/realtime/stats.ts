/** Order statistics and the machine line shared by the real-time benchmark's parts. */
import { cpus, loadavg } from "node:os";

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** The `q` quantile (linear between order statistics); NaN for no data. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly date: string;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** The machine line of the browser benchmarks' reports (bench:live, bench:edits). */
export function browserMachine(chromium: string): {
  cpus: number;
  cpu: string;
  chromium: string;
  loadAverage: number;
} {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "?",
    chromium,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** The 1, 5 and 15 minute load averages, rounded. */
export function load(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = loadavg().map((x) => Math.round(x * 100) / 100);
  return [a, b, c];
}
