/**
 * The crossfade from an old chain's output to a new one's. The gains are a raised cosine that
 * sums to 1 (g_old + g_new = 1): two chains of the same patch with a small parameter change are
 * strongly correlated, so an amplitude-preserving fade keeps the level where an equal-power one
 * would bump it by up to 3 dB; the cosine's zero slope at both ends avoids a corner in the
 * envelope. The fade starts once the new chain has warmed up (its fresh nodes' latency).
 */
import type { AudioValue } from "../values";

export interface Crossfade {
  /** Samples still to play from the old chain alone while the new one warms up. */
  warmup: number;
  /** Samples of the fade already played. */
  done: number;
  /** Fade length in samples. */
  readonly length: number;
}

/** Gain of the new chain `k` samples into a fade of `length` samples. */
export function fadeInGain(k: number, length: number): number {
  if (length <= 0 || k >= length) return 1;
  if (k <= 0) return 0;
  return 0.5 - 0.5 * Math.cos((Math.PI * k) / length);
}

/**
 * Mixes one block of the old and new chain outputs, advancing `fade`. Returns true when the fade
 * has finished (the new chain alone is heard from the next block on).
 */
export function mixBlock(
  oldBlock: AudioValue,
  newBlock: AudioValue,
  fade: Crossfade,
): { block: AudioValue; finished: boolean } {
  const n = newBlock.channels[0]?.length ?? 0;
  const channels = newBlock.channels.map(() => new Float32Array(n));
  let warmup = fade.warmup;
  let done = fade.done;
  for (let i = 0; i < n; i++) {
    let g = 0;
    if (warmup > 0) warmup--;
    else g = fadeInGain(done++, fade.length);
    for (let c = 0; c < channels.length; c++) {
      const a = oldBlock.channels[c]?.[i] ?? 0;
      const b = newBlock.channels[c]![i]!;
      channels[c]![i] = (1 - g) * a + g * b;
    }
  }
  fade.warmup = warmup;
  fade.done = done;
  return {
    block: { type: "audio", sampleRate: newBlock.sampleRate, channels },
    finished: warmup === 0 && done >= fade.length,
  };
}
