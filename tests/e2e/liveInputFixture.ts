/**
 * What the live-input browser test and `npm run bench:live` share: a fake microphone (a WAV that
 * Chromium's fake capture device loops) and a live patch, AudioIn live → Encode → Decode →
 * AudioOut, opened through the patcher's Open… file input.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { encodeWav } from "../../src/dsp/wav";
import { RESULTS } from "./harness";

const MIC_WAV = `${RESULTS}/fake-microphone.wav`;

export const LIVE_PATCH = {
  format: "latent-patcher.patch",
  version: 2,
  name: "live input",
  nodes: [
    { id: "mic", type: "AudioIn", params: { source: "live" }, position: [0, 0] },
    { id: "encode", type: "Encode", params: {}, position: [250, 0] },
    { id: "decode", type: "Decode", params: {}, position: [500, 0] },
    { id: "out", type: "AudioOut", params: {}, position: [750, 0] },
  ],
  connections: [
    { from: "mic.audio", to: "encode.audio" },
    { from: "encode.latent", to: "decode.latent" },
    { from: "decode.audio", to: "out.audio" },
  ],
};

/** Two seconds of a soft chord (whole periods, so Chromium's loop of the file is seamless). */
export function writeMicrophoneWav(): void {
  const rate = 44100;
  const x = new Float32Array(2 * rate);
  for (let i = 0; i < x.length; i++) {
    const t = i / rate;
    x[i] =
      0.2 * Math.sin(2 * Math.PI * 220 * t) +
      0.12 * Math.sin(2 * Math.PI * 330 * t) +
      0.08 * Math.sin(2 * Math.PI * 550 * t);
  }
  writeFileSync(MIC_WAV, encodeWav([x], rate, "pcm16"));
}

export async function openLivePatch(page: Page): Promise<void> {
  const path = `${RESULTS}/live-input.patch.json`;
  writeFileSync(path, JSON.stringify(LIVE_PATCH));
  await page.locator('input[type="file"]').setInputFiles(path);
  await page.waitForFunction(
    () => window.__latentPatcher?.patchText().includes('"source": "live"') === true,
    undefined,
    { timeout: 10_000 },
  );
}

/** Chromium flags for a fake microphone playing {@link writeMicrophoneWav}'s file (written here). */
export function fakeMicrophoneArgs(): string[] {
  mkdirSync(RESULTS, { recursive: true });
  writeMicrophoneWav();
  return [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${MIC_WAV}`,
  ];
}
