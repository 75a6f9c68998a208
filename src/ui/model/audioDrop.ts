/**
 * A sound dropped on the canvas becomes a patch asset, embedded as base64 WAV so the patch stays
 * one self-contained file. The bytes are decoded first: a file that is not a readable WAV is
 * refused with decodeWav's message and nothing is added. Pure, no DOM.
 */
import { decodeWav } from "../../dsp/wav";
import type { PatchAsset } from "../../engine/patch/schema";

/** Base64 of `bytes`, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/** An asset id from a file name, unused in `taken`: "Flute solo.wav" → "flute-solo", then "-2". */
export function assetIdFor(fileName: string, taken: ReadonlySet<string>): string {
  const stem =
    fileName
      .replace(/\.[^.]*$/, "")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^[^a-z]+|-+$/g, "") || "sound";
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

export interface DroppedAudio {
  readonly entry: PatchAsset;
  readonly seconds: number;
  readonly channels: number;
}

/**
 * The asset entry for a dropped WAV file.
 * @throws AudioFileError naming the file and what is wrong with it
 */
export function embedWav(fileName: string, bytes: Uint8Array): DroppedAudio {
  const decoded = decodeWav(bytes, fileName);
  const samples = decoded.channels[0]?.length ?? 0;
  return {
    entry: { kind: "embedded", mime: "audio/wav", base64: bytesToBase64(bytes) },
    seconds: samples / decoded.sampleRate,
    channels: decoded.channels.length,
  };
}
