/**
 * A sound dropped on the canvas becomes a patch asset, embedded as base64 WAV so the patch stays
 * one self-contained file. The bytes are decoded first: a file that is not a readable WAV is
 * refused with decodeWav's message and nothing is added. Pure, no DOM.
 */
import { decodeWav } from "../../dsp/wav";
import {
  formatBytes,
  MAX_EMBEDDED_ASSET_BASE64,
  MAX_EMBEDDED_TOTAL_BASE64,
} from "../../engine/patch/limits";
import type { PatchAsset } from "../../engine/patch/schema";
import { FileRefusedError } from "../bundle/fileRefused";

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

/** Base64 characters of the sounds embedded in `assets`. */
export const embeddedBase64 = (assets: Readonly<Record<string, PatchAsset>> | undefined): number =>
  Object.values(assets ?? {}).reduce(
    (n, a) => n + (a.kind === "embedded" ? a.base64.length : 0),
    0,
  );

/**
 * Refuses a sound of `size` bytes that would pass the embedded-audio limits of the patch once
 * embedded after `before` base64 characters of other sounds.
 * @throws FileRefusedError naming `where`
 */
export function checkEmbeddable(size: number, before: number, where: string): void {
  const b64 = 4 * Math.ceil(size / 3);
  const perSound = (MAX_EMBEDDED_ASSET_BASE64 / 4) * 3;
  if (b64 > MAX_EMBEDDED_ASSET_BASE64) {
    throw new FileRefusedError(
      `${where}: ${formatBytes(size)}, too large to embed in the patch (the limit is ${formatBytes(perSound)} per sound)`,
    );
  }
  if (before + b64 > MAX_EMBEDDED_TOTAL_BASE64) {
    const inAll = (MAX_EMBEDDED_TOTAL_BASE64 / 4) * 3;
    throw new FileRefusedError(
      `${where}: with it the patch's sounds would take ${formatBytes(((before + b64) / 4) * 3)} (the limit is ${formatBytes(inAll)} in all)`,
    );
  }
}

/**
 * The asset entry for a dropped WAV file, in a patch whose sounds already take `embedded` base64
 * characters.
 * @throws AudioFileError naming the file and what is wrong with it, FileRefusedError when it is
 *   too large to embed
 */
export function embedWav(fileName: string, bytes: Uint8Array, embedded = 0): DroppedAudio {
  checkEmbeddable(bytes.length, embedded, fileName);
  const decoded = decodeWav(bytes, fileName);
  const samples = decoded.channels[0]?.length ?? 0;
  return {
    entry: { kind: "embedded", mime: "audio/wav", base64: bytesToBase64(bytes) },
    seconds: samples / decoded.sampleRate,
    channels: decoded.channels.length,
  };
}
