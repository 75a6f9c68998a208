/**
 * Reference round trips the codec benchmarks put beside the model packs (issue 19): Opus through
 * Debian's opus-tools, a codec a listener knows, and the true STFT magnitudes with phase rebuilt
 * by the engine's RTPGHI or by Griffin-Lim, what phase reconstruction alone costs a spectral pack.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { griffinLim } from "../src/dsp/griffin-lim";
import { SpectralSynth } from "../src/dsp/rtpghi";
import { stftMagnitudes, type StftConfig } from "../src/dsp/stft";
import { decodeWav, encodeWav } from "../src/dsp/wav";

/** Whether `opusenc` (Debian's opus-tools) is on the PATH. */
export const hasOpus = (() => {
  try {
    execFileSync("opusenc", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/**
 * x (mono, at `sampleRate`) through Opus at `kbps` and back with opusenc/opusdec, decoded at
 * `sampleRate` and cut to x's length (opusdec removes the encoder's pre-skip, so it is aligned).
 */
export function opusRoundTrip(x: Float32Array, kbps: number, sampleRate: number): Float32Array {
  const dir = mkdtempSync(join(tmpdir(), "lp-opus-"));
  try {
    const wav = join(dir, "in.wav");
    writeFileSync(wav, encodeWav([x], sampleRate, "pcm16"));
    execFileSync("opusenc", ["--quiet", "--bitrate", String(kbps), wav, join(dir, "x.opus")]);
    execFileSync("opusdec", [
      "--quiet",
      "--rate",
      String(sampleRate),
      join(dir, "x.opus"),
      join(dir, "out.wav"),
    ]);
    const y = decodeWav(new Uint8Array(readFileSync(join(dir, "out.wav"))), "out.wav").channels[0]!;
    const out = new Float32Array(x.length);
    out.set(y.subarray(0, x.length));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * x's true STFT magnitudes with phase rebuilt by the engine's RTPGHI (or `iterations` of
 * Griffin-Lim): what the spectral packs' phase reconstruction alone costs, the magnitudes perfect.
 */
export function truePhaseless(x: Float32Array, cfg: StftConfig, iterations = 0): Float32Array {
  const mags = stftMagnitudes(x, cfg);
  if (iterations > 0) return griffinLim(mags, cfg, iterations, "rtpghi").subarray(0, x.length);
  const synth = new SpectralSynth(cfg);
  const tail = Math.ceil(synth.latencySamples / cfg.hop);
  const silent = Array.from({ length: tail }, () => new Float32Array(cfg.fftSize / 2 + 1));
  const y = synth.push([...mags, ...silent]);
  const out = new Float32Array(x.length);
  out.set(y.subarray(synth.latencySamples, synth.latencySamples + x.length));
  return out;
}
