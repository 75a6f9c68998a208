/**
 * What the CLI benches share: long recordings made by looping the builtin ones, the
 * reconstruct patch that renders them, and running `latent-patcher` under /usr/bin/time.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeWav } from "../src/dsp/wav";

export const ROOT = new URL("..", import.meta.url).pathname;
export const TIME = "/usr/bin/time";
export const RATE = 44100;
const RECORDINGS = ["piano", "flute", "guitar", "cello", "piano-reverb"];

/** `minutes` of the builtin recordings, one after another, looped (mono, {@link RATE}). */
export async function longRecording(minutes: number): Promise<Float32Array> {
  const parts = await Promise.all(
    RECORDINGS.map(async (name) => {
      const bytes = await readFile(join(ROOT, "assets/audio", `${name}.wav`));
      return decodeWav(bytes, name).channels[0]!;
    }),
  );
  const out = new Float32Array(Math.round(minutes * 60 * RATE));
  for (let at = 0, i = 0; at < out.length; i++) {
    const p = parts[i % parts.length]!;
    out.set(p.subarray(0, Math.min(p.length, out.length - at)), at);
    at += p.length;
  }
  return out;
}

/** A patch AudioIn (the file `wav`, relative to the patch) → Encode → Decode → AudioOut. */
export function reconstructPatch(wav: string): string {
  return JSON.stringify({
    format: "latent-patcher.patch",
    version: 1,
    name: "long reconstruct",
    nodes: [
      { id: "in", type: "AudioIn", params: { asset: "long", source: "asset" } },
      { id: "encode", type: "Encode", params: {} },
      { id: "decode", type: "Decode", params: {} },
      { id: "out", type: "AudioOut", params: {} },
    ],
    connections: [
      { from: "in.audio", to: "encode.audio" },
      { from: "encode.latent", to: "decode.latent" },
      { from: "decode.audio", to: "out.audio" },
    ],
    assets: { long: { kind: "file", path: wav } },
  });
}

/** Peak resident memory (MB), wall and CPU (user + sys) seconds of one process. */
export interface Timed {
  readonly maxRssMb: number;
  readonly wallS: number;
  readonly cpuS: number;
}

/**
 * Runs `node bin/latent-patcher.mjs args` under /usr/bin/time with `env` added (e.g.
 * LATENT_PATCHER_FROM=source); throws with its stderr if it fails.
 */
export function timedCli(args: readonly string[], env: Record<string, string> = {}): Timed {
  const r = spawnSync(TIME, ["-f", "TIME %M %e %U %S", "node", "bin/latent-patcher.mjs", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  const line = /TIME (\d+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !line) throw new Error(`latent-patcher ${args.join(" ")}: ${r.stderr}`);
  const [, kb, wall, user, sys] = line.map(Number);
  return { maxRssMb: kb! / 1024, wallS: wall!, cpuS: user! + sys! };
}
