/**
 * Plays a demo with ⟲ Loop on in Chromium and measures the recording at its loop points: the
 * loop test (`loop.test.ts`) asserts on it and `bench/loop.ts` reports it.
 */
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { openDemo, playLive } from "./actions";
import { recordedFrames, startTap, takeRecording } from "./liveTap";
import { largestJump, longestSilence } from "./tapAnalysis";

/** Below this a sample counts as silence (as in the streaming test). */
export const SILENCE = 1e-4;

export interface LoopFigures {
  readonly seconds: number;
  readonly loopSamples: number;
  /** Loop points inside the recording. */
  readonly seams: number;
  /** Largest sample step within ±60 ms of a loop point. */
  readonly seamStep: number;
  /** Largest sample step elsewhere (the music's own). */
  readonly musicStep: number;
  /** Longest run of |x| < SILENCE after the first 100 ms, in ms. */
  readonly longestSilenceMs: number;
  /** Longest such run within ±250 ms of a loop point, in ms. */
  readonly seamSilenceMs: number;
  readonly underruns: number;
}

/**
 * Opens `demo`, turns ⟲ Loop on, plays, taps `seconds` of the output and measures it. The loop
 * points are located from the output's frame count when the tap starts (±1 render quantum):
 * loop k is heard at k × loopSamples + the patch's latency (under 20 ms), inside a ±60 ms window.
 */
export async function playLooped(
  page: Page,
  demo: string,
  seconds: number,
  loopSamples: number,
): Promise<LoopFigures> {
  await openDemo(page, demo);
  const loop = page.getByRole("button", { name: "⟲ Loop" });
  if ((await loop.getAttribute("aria-pressed")) !== "true") await loop.click();
  await playLive(page);
  await startTap(page, seconds);
  const tapAt = await page.evaluate(
    () => window.__latentPatcher!.liveStats()?.output?.framesPlayed,
  );
  expect(tapAt).toBeDefined();
  await expect
    .poll(() => recordedFrames(page), { timeout: (seconds + 20) * 1000, interval: 500 })
    .toBeGreaterThan((seconds - 1) * 44_100);
  const take = await takeRecording(page, seconds);
  await page.getByRole("button", { name: "■ Stop" }).click();
  return measure(take.samples, take.sampleRate, loopSamples, tapAt!, take.underruns);
}

/** The figures of a recording that started `tapAt` frames into the play. */
export function measure(
  x: Float32Array,
  sampleRate: number,
  loopSamples: number,
  tapAt: number,
  underruns: number,
): LoopFigures {
  const near = Math.round(0.06 * sampleRate);
  const seams: number[] = [];
  for (let k = 1; ; k++) {
    const at = k * loopSamples - tapAt;
    if (at >= x.length) break;
    if (at > near) seams.push(at);
  }
  let seamStep = 0;
  for (const s of seams) seamStep = Math.max(seamStep, largestJump(x, s - near, s + near));
  let musicStep = 0;
  let from = 1;
  for (const s of [...seams, x.length + near]) {
    musicStep = Math.max(musicStep, largestJump(x, from, Math.min(x.length, s - near)));
    from = s + near;
  }
  const start = Math.round(0.1 * sampleRate);
  const around = Math.round(0.25 * sampleRate);
  let seamSilence = 0;
  for (const s of seams)
    seamSilence = Math.max(seamSilence, longestSilence(x, SILENCE, s - around, s + around));
  return {
    seconds: x.length / sampleRate,
    loopSamples,
    seams: seams.length,
    seamStep,
    musicStep,
    longestSilenceMs: (1000 * longestSilence(x, SILENCE, start, x.length)) / sampleRate,
    seamSilenceMs: (1000 * seamSilence) / sampleRate,
    underruns,
  };
}
