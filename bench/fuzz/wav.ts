/**
 * WAV bytes through `decodeWav`, as the CLI and the app read a sound: mutations of the shipped
 * recordings, and generated headers that lie (4 GB sizes, 65535 channels, odd encodings, chunk
 * floods, float files with NaN).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeWav } from "../../src/dsp/wav";
import { INTERESTING_U32, mutateBytes } from "./mutateBytes";
import type { Rng } from "./rng";
import type { FuzzLoader } from "./types";

interface WavCorpus {
  readonly files: readonly { name: string; bytes: Uint8Array }[];
}

/** A RIFF/WAVE file from its parts; sizes may lie. */
function wavFile(parts: {
  riffSize?: number;
  chunks: readonly { id: string; size?: number; body: Uint8Array }[];
}): Uint8Array {
  const total = 12 + parts.chunks.reduce((a, c) => a + 8 + c.body.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) =>
    [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0) & 0xff));
  ascii(0, "RIFF");
  view.setUint32(4, parts.riffSize ?? total - 8, true);
  ascii(8, "WAVE");
  let at = 12;
  for (const c of parts.chunks) {
    ascii(at, c.id.padEnd(4).slice(0, 4));
    view.setUint32(at + 4, c.size ?? c.body.length, true);
    out.set(c.body, at + 8);
    at += 8 + c.body.length;
  }
  return out;
}

function fmtBody(rng: Rng): Uint8Array {
  const extensible = rng.chance(0.2);
  const body = new Uint8Array(extensible ? 40 : rng.pick([16, 18, 14, 40]));
  const v = new DataView(body.buffer);
  const code = rng.pick([1, 3, 1, 3, 0xfffe, 2, 6, 7, 0x55, 0, 0xffff]);
  const channels = rng.pick([1, 2, 1, 0, 6, 255, 65535]);
  const bits = rng.pick([8, 16, 24, 32, 64, 0, 12, 7, 65535]);
  const rate = rng.pick([44100, 48000, 8000, 999, 768001, 0, 0xffffffff, rng.next()]);
  if (body.length >= 16) {
    v.setUint16(0, code, true);
    v.setUint16(2, channels, true);
    v.setUint32(4, rate, true);
    v.setUint32(8, rate * channels * (bits / 8), true);
    v.setUint16(12, channels * (bits / 8), true);
    v.setUint16(14, bits, true);
  }
  if (body.length >= 40) v.setUint16(24, rng.pick([1, 3, 2, 0]), true);
  return body;
}

function generated(rng: Rng): { bytes: Uint8Array; note: string } {
  const kind = rng.pick([
    "lying-sizes",
    "random-fmt",
    "chunk-flood",
    "float-nan",
    "no-data",
    "fmt-after-data",
  ] as const);
  const data = new Uint8Array(rng.size(0, 65536)).map(() => rng.int(256));
  switch (kind) {
    case "lying-sizes":
      return {
        bytes: wavFile({
          riffSize: rng.pick(INTERESTING_U32),
          chunks: [
            {
              id: "fmt ",
              body: fmtBody(rng),
              ...(rng.chance(0.3) ? { size: rng.pick(INTERESTING_U32) } : {}),
            },
            {
              id: "data",
              size: rng.pick([0xffffffff, 0xfffffff0, 0x80000000, data.length + 1, 4_000_000_000]),
              body: data,
            },
          ],
        }),
        note: "gen:lying-sizes (up to 4 GB claimed)",
      };
    case "random-fmt":
      return {
        bytes: wavFile({
          chunks: [
            { id: "fmt ", body: fmtBody(rng) },
            { id: "data", body: data },
          ],
        }),
        note: "gen:random-fmt",
      };
    case "chunk-flood": {
      const n = rng.size(100, 200_000);
      const junk = Array.from({ length: n }, () => ({
        id: rng.pick(["junk", "LIST", "fmt ", "bext"]),
        body: new Uint8Array(rng.int(3)),
      }));
      return {
        bytes: wavFile({
          chunks: [...junk, { id: "fmt ", body: fmtBody(rng) }, { id: "data", body: data }],
        }),
        note: `gen:chunk-flood:${n}`,
      };
    }
    case "float-nan": {
      const fmt = new Uint8Array(16);
      const v = new DataView(fmt.buffer);
      const bits = rng.pick([32, 64]);
      v.setUint16(0, 3, true);
      v.setUint16(2, 1, true);
      v.setUint32(4, 44100, true);
      v.setUint16(14, bits, true);
      const samples = new DataView(new ArrayBuffer(rng.size(1, 4096) * (bits / 8)));
      for (let i = 0; i < samples.byteLength / (bits / 8); i++) {
        const x = rng.pick([0.5, -1, NaN, Infinity, -Infinity, 1e39, 3.4e38]);
        if (bits === 32) samples.setFloat32(i * 4, x, true);
        else samples.setFloat64(i * 8, x, true);
      }
      return {
        bytes: wavFile({
          chunks: [
            { id: "fmt ", body: fmt },
            { id: "data", body: new Uint8Array(samples.buffer) },
          ],
        }),
        note: `gen:float-nan:${bits}`,
      };
    }
    case "no-data":
      return {
        bytes: wavFile({ chunks: [{ id: "fmt ", body: fmtBody(rng) }] }),
        note: "gen:no-data",
      };
    case "fmt-after-data":
      return {
        bytes: wavFile({
          chunks: [
            { id: "data", body: data },
            { id: "fmt ", body: fmtBody(rng) },
          ],
        }),
        note: "gen:fmt-after-data",
      };
  }
}

export const wavLoader: FuzzLoader<WavCorpus> = {
  name: "wav",
  ext: "wav",
  defaultCases: 100_000,
  limitMs: 2_000,
  expected: ["AudioFileError"],
  singleLine: true,

  async corpus(root) {
    const dir = join(root, "assets", "audio");
    const names = (await readdir(dir)).filter((f) => f.endsWith(".wav")).sort();
    const files = await Promise.all(
      names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) })),
    );
    return { files };
  },

  generate(corpus, rng) {
    if (rng.chance(0.25)) {
      const { bytes, note } = generated(rng);
      return { bytes, note };
    }
    const file = rng.pick(corpus.files);
    // Mostly the header and a slice of samples, so mutations land where they matter.
    const cut = rng.chance(0.8) ? file.bytes.subarray(0, 44 + rng.size(0, 8192)) : file.bytes;
    const { bytes, op } = mutateBytes(rng, cut.length < file.bytes.length ? fixSizes(cut) : cut);
    return { bytes, note: `mutate:${file.name}:${op}` };
  },

  open() {
    return Promise.resolve({
      run(c) {
        decodeWav(c.bytes, "fuzz.wav");
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    });
  },
};

/** A prefix of a canonical 44-byte-header WAV with its RIFF and data sizes made true again. */
function fixSizes(prefix: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix);
  const v = new DataView(out.buffer);
  if (out.length >= 44) {
    v.setUint32(4, out.length - 8, true);
    v.setUint32(40, out.length - 44, true);
  }
  return out;
}
