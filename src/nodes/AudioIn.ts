import { memoryAssetAudio } from "../engine/assetAudio";
import { defineNode, type AssetAudio } from "../engine/nodeDefinition";
import { audio } from "../engine/values";

/** Deterministic white noise (mulberry32), so renders are repeatable. */
function noise(length: number, seed: number, amplitude: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) * 2 * amplitude;
  }
  return out;
}

export const AudioInNode = defineNode({
  type: "AudioIn",
  category: "source",
  paramsReload: true,
  description:
    "Plays an audio asset of the patch, a sine or noise test source, or the live input (microphone or line-in).",
  inputs: [],
  outputs: [{ name: "audio", type: "audio", description: "the sound, on the patch clock" }],
  params: [
    {
      name: "source",
      kind: "enum",
      default: "sine",
      options: ["asset", "sine", "noise", "live"],
      description:
        'what to play; left out, "asset" when an asset is named, else "sine" (a new node starts as a sine, so it sounds at once; live: the microphone, while playing live)',
    },
    {
      name: "asset",
      kind: "string",
      default: "",
      refers: "asset",
      description: "id of an asset of the patch (source = asset)",
    },
    {
      name: "frequency",
      kind: "number",
      default: 220,
      min: 1,
      max: 20000,
      unit: "Hz",
      description: "sine frequency",
    },
    {
      name: "amplitude",
      kind: "number",
      default: 0.5,
      min: 0,
      max: 1,
      description: "test source amplitude, peak (source = sine or noise)",
    },
    {
      name: "seconds",
      kind: "number",
      default: 4,
      min: 0.01,
      max: 600,
      unit: "s",
      description: "test source length (source = sine or noise)",
    },
    {
      name: "seed",
      kind: "number",
      default: 1,
      min: 0,
      max: 2 ** 31,
      integer: true,
      description: "noise seed",
    },
  ],
  impliedDefaults(given) {
    // Naming an asset means playing it: never a silent 220 Hz sine in its place.
    const named = typeof given.asset === "string" && given.asset !== "";
    return given.source === undefined && named ? { source: "asset" } : {};
  },
  validate(p) {
    if (p.source === "asset" && p.asset === "") return 'source is "asset" but no asset is chosen';
    return undefined;
  },
  create(p, env) {
    const { sampleRate, hopSamples } = env.clock;
    if (p.source === "live") {
      const live = env.live;
      if (!live) {
        throw new Error(
          'source is "live" (the microphone or line-in), which plays only live: press Play in the patcher with Input on; an offline render needs source "asset", "sine" or "noise"',
        );
      }
      return {
        process(_inputs, block) {
          const n = block.frames * hopSamples;
          const samples = live.block(n);
          if (samples.length !== n)
            throw new Error(`the live input gave ${samples.length} samples for a block of ${n}`);
          return { audio: { type: "audio", sampleRate, channels: [samples.slice()] } };
        },
      };
    }
    const amplitude = Number(p.amplitude);
    let material: AssetAudio | undefined;
    if (p.source === "asset") material = env.assets.audio(String(p.asset));
    if (p.source === "noise") {
      const n = Math.round(Number(p.seconds) * sampleRate);
      material = memoryAssetAudio([noise(n, Number(p.seed), amplitude)], sampleRate);
    }
    const sineLength = Math.round(Number(p.seconds) * sampleRate);
    const length = material ? material.length : sineLength;
    const w = (2 * Math.PI * Number(p.frequency)) / sampleRate;
    return {
      durationSamples: length,
      async process(_inputs, block) {
        const start = block.startFrame * hopSamples;
        const n = block.frames * hopSamples;
        // An asset is read on demand, a block at a time (from its file, in the CLI's render).
        if (material) return { audio: audio(sampleRate, await material.read(start, n)) };
        const out = new Float32Array(n);
        for (let i = 0; i < n && start + i < length; i++)
          out[i] = amplitude * Math.sin(w * (start + i));
        return { audio: audio(sampleRate, [out]) };
      },
    };
  },
});
