/**
 * export_rave.py --audio reads what the command line reads: 24-bit WAVE_FORMAT_EXTENSIBLE,
 * float, 8-bit, stereo, other sample rates (resampled to the model's). Runs the script's own
 * reader (NumPy only, no torch) against the CLI's decoder and resampler.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WaveFile } from "wavefile";
import { decodeWav } from "../../src/dsp/wav";
import { resample } from "../../src/dsp/resample";

const SR = 44100;
const dir = mkdtempSync(join(tmpdir(), "lp-rave-audio-"));
const audio = join(dir, "audio");
mkdirSync(audio);

function tone(rate: number, seconds: number, f: number, scale: number): number[] {
  return Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.round(scale * 0.5 * Math.sin((2 * Math.PI * f * i) / rate)),
  );
}

/** A plain PCM WAV (16-byte fmt chunk) rewritten with a WAVE_FORMAT_EXTENSIBLE header. */
function extensible(plain: Buffer): Buffer {
  const fmt = Buffer.alloc(48);
  fmt.write("fmt ", 0);
  fmt.writeUInt32LE(40, 4);
  plain.copy(fmt, 8, 20, 36); // tag, channels, rate, byte rate, block align, bits
  fmt.writeUInt16LE(0xfffe, 8);
  fmt.writeUInt16LE(22, 24); // cbSize
  fmt.writeUInt16LE(plain.readUInt16LE(34), 26); // valid bits
  Buffer.from("0100000000001000800000aa00389b71", "hex").copy(fmt, 32); // KSDATAFORMAT_SUBTYPE_PCM
  const body = Buffer.concat([Buffer.from("WAVE"), fmt, plain.subarray(36)]);
  const head = Buffer.alloc(8);
  head.write("RIFF", 0);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** name → [channels, rate, bit depth, samples of each channel]. */
const files: Record<string, [number, number, string, number[][]]> = {
  "a-s24-ext-48k-stereo.wav": [
    2,
    48000,
    "24",
    [tone(48000, 0.5, 330, 8388607), tone(48000, 0.5, 440, 8388607)],
  ],
  "b-f32-22k.wav": [1, 22050, "32f", [tone(22050, 0.5, 250, 1)]],
  "c-u8-44k.wav": [1, SR, "8", [tone(SR, 0.5, 500, 127).map((v) => v + 128)]],
  "d-s16-44k.wav": [1, SR, "16", [tone(SR, 0.5, 600, 32767)]],
};
for (const [name, [channels, rate, depth, data]] of Object.entries(files)) {
  const wav = new WaveFile();
  wav.fromScratch(channels, rate, depth, channels === 1 ? data[0]! : data);
  const bytes = Buffer.from(wav.toBuffer());
  writeFileSync(join(audio, name), name.includes("ext") ? extensible(bytes) : bytes);
}

const read = (): number[][] =>
  JSON.parse(
    execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        `import sys, json; sys.path.insert(0, "models/recipes/rave_export"); import export_rave
print(json.dumps([x.tolist() for x in export_rave.read_audio_dir(sys.argv[1], ${SR})]))`,
        audio,
      ],
      { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] },
    ),
  ) as number[][];

describe("export_rave.py --audio reads what the CLI reads", () => {
  it("gives the CLI's samples, at the model's rate, for every format", () => {
    const got = read();
    const names = Object.keys(files).sort();
    expect(got).toHaveLength(names.length);
    names.forEach((name, i) => {
      const bytes = readFileSync(join(audio, name));
      if (name.includes("ext")) expect(bytes.readUInt16LE(20)).toBe(0xfffe);
      const file = decodeWav(bytes, name);
      const channels = file.channels;
      const mono = channels[0]!.map(
        (_, j) => channels.reduce((s, c) => s + c[j]!, 0) / channels.length,
      );
      const want = resample(mono, file.sampleRate, SR);
      const py = got[i]!;
      expect(Math.abs(py.length - want.length), name).toBeLessThanOrEqual(1);
      // Away from the ends (where the two resamplers' edges differ), within 1 %.
      let worst = 0;
      for (let j = 200; j < want.length - 200; j++)
        worst = Math.max(worst, Math.abs(py[j]! - want[j]!));
      expect(worst, name).toBeLessThan(file.sampleRate === SR ? 1e-6 : 0.01);
    });
  });

  it("refuses a file it cannot read in one line naming it", () => {
    writeFileSync(join(audio, "e-broken.wav"), "RIFF....WAVEjunk");
    let message = "";
    try {
      read();
    } catch (err) {
      message = String((err as { stderr?: string }).stderr);
    }
    expect(message).toMatch(/e-broken\.wav: no fmt chunk/);
  });
});
