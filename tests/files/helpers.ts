/** Fixture packs as file trees and zips, and a small patch that uses a custom model. */
import { readdirSync, readFileSync } from "node:fs";
import { encodeWav } from "../../src/dsp/wav";
import { parsePatch } from "../../src/engine/patch/parse";
import type { Patch } from "../../src/engine/patch/schema";
import { nodeRegistry } from "../../src/nodes";
import { bytesToBase64 } from "../../src/ui/model/audioDrop";
import { writeZip, type FileTree } from "../../src/ui/bundle/zipFiles";

const FIXTURES = new URL("../fixtures/models/", import.meta.url);

/** The files of `tests/fixtures/models/<name>`, by name. */
export function fixturePack(name: string): Map<string, Uint8Array> {
  const dir = new URL(`${name}/`, FIXTURES);
  return new Map(
    readdirSync(dir)
      .filter((f) => !f.startsWith("."))
      .map((f) => [f, new Uint8Array(readFileSync(new URL(f, dir)))]),
  );
}

/** `files` under `prefix` (e.g. `models/x/`). */
export const under = (prefix: string, files: FileTree): Map<string, Uint8Array> =>
  new Map([...files].map(([p, b]) => [`${prefix}${p}`, b]));

/** A zip of the fixture pack, inside a folder of its name as zipping a folder makes it. */
export const zippedPack = (name: string): Uint8Array =>
  writeZip(under(`${name}/`, fixturePack(name)));

/** A short 16 kHz sine as WAV bytes. */
export function sineWav(seconds = 0.25, sampleRate = 16000): Uint8Array {
  const x = Float32Array.from(
    { length: Math.round(seconds * sampleRate) },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / sampleRate),
  );
  return encodeWav([x], sampleRate, "pcm16");
}

/** AudioIn (embedded WAV) → Encode → Decode → AudioOut on the model `modelId`. */
export function customModelPatch(modelId = "spectral-fixture"): Patch {
  return parsePatch(
    {
      format: "latent-patcher.patch",
      version: 2,
      name: "custom model",
      model: modelId,
      nodes: [
        {
          id: "src",
          type: "AudioIn",
          params: { source: "asset", asset: "tone" },
          position: [0, 0],
        },
        { id: "enc", type: "Encode", params: { model: modelId }, position: [200, 0] },
        { id: "dec", type: "Decode", params: {}, position: [400, 0] },
        { id: "out", type: "AudioOut", params: {}, position: [600, 0] },
      ],
      connections: [
        { from: "src.audio", to: "enc.audio" },
        { from: "enc.latent", to: "dec.latent" },
        { from: "dec.audio", to: "out.audio" },
      ],
      assets: {
        tone: { kind: "embedded", mime: "audio/wav", base64: bytesToBase64(sineWav()) },
        piano: { kind: "builtin", name: "piano" },
      },
    },
    nodeRegistry,
  );
}
