/**
 * The A/B half of `npm run bench:dsp`: the CLI's encode and decode paths around the model, this
 * tree against the source of an earlier commit (`BENCH_BASELINE`, default the commit before the
 * issue 17 §4 speed work), both loaded in one process and run interleaved. The earlier source is
 * taken with `git archive` into node_modules/.cache, so nothing of it is kept in the repository.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { StftConfig } from "../src/dsp/stft";
import type { OnnxSession } from "../src/engine/models/onnx";
import type { SpectralCodecConfig } from "../src/engine/models/spectralCodec";

/** The commit before the speed work of issue 17 §4. */
export const DEFAULT_BASELINE = "91d7790";

export interface CodecModule {
  SpectralEncoder: new (cfg: SpectralCodecConfig) => {
    encode(samples: Float32Array): Promise<Float32Array>;
  };
  SpectralDecoder: new (cfg: SpectralCodecConfig) => {
    decode(latents: Float32Array, frames: number): Promise<Float32Array>;
  };
}

/** The spectral codec module of `ref` and of this tree. */
export interface Sides {
  readonly ref: string;
  readonly before: CodecModule;
  readonly after: CodecModule;
}

/** Loads `ref`'s source (extracted once per commit) and this tree's. */
export async function loadSides(root: string, ref: string): Promise<Sides> {
  const commit = execFileSync("git", ["rev-parse", "--short", ref], {
    cwd: root,
    encoding: "utf8",
  });
  const dir = join(root, "node_modules/.cache/bench-baseline", commit.trim());
  if (!existsSync(join(dir, "src"))) {
    mkdirSync(dir, { recursive: true });
    const tar = join(dir, "src.tar");
    execFileSync("git", ["archive", "--format=tar", "-o", tar, ref, "src"], { cwd: root });
    execFileSync("tar", ["-x", "-f", tar, "-C", dir]);
  }
  const load = async (base: string) =>
    (await import(join(base, "src/engine/models/spectralCodec.ts"))) as CodecModule;
  return { ref: commit.trim(), before: await load(dir), after: await load(root) };
}

/** A stand-in session: `respond` gives each call's output; `inputs` keeps each call's input. */
function standIn(
  respond: (dims: readonly number[]) => Float32Array,
  outDims: (dims: readonly number[]) => number[],
  inputs?: Float32Array[],
): OnnxSession {
  return {
    inputNames: ["in"],
    outputNames: ["out"],
    declared: () => undefined,
    run: (_input, _output, data, dims) => {
      inputs?.push(data.slice());
      return Promise.resolve({ data: respond(dims), dims: outDims(dims) });
    },
    release: () => Promise.resolve(),
  };
}

function codecConfig(cfg: StftConfig, session: OnnxSession): SpectralCodecConfig {
  return {
    modelId: "bench",
    session,
    input: "in",
    output: "out",
    frontEnd: {
      kind: "spectral",
      fftSize: cfg.fftSize,
      stftHop: cfg.hop,
      window: "hann",
      framesPerLatent: FRAMES_PER_LATENT,
      logFloor: LOG_FLOOR,
    },
    latentDims: LATENT_DIMS,
  };
}

/** The default pack's front end (models/neural-spectral/model.json) and the CLI's block size. */
const FRAMES_PER_LATENT = 4;
const LATENT_DIMS = 32;
const LOG_FLOOR = 1e-5;
const BLOCK_FRAMES = 128;

/** One side's encode and decode of `signal`, as the CLI runs them around the model. */
export interface CodecRun {
  /**
   * Encode: the STFT, log-magnitudes and layout of every block (the model is a stand-in);
   * returns the model's input of each block when `keep`, else nothing.
   */
  encode(keep?: boolean): Promise<Float32Array[]>;
  /** Decode: exp, layout, RTPGHI, inverse FFTs and overlap-add of every block. */
  decode(): Promise<Float32Array>;
}

/**
 * Encode and decode runs of `signal` (a whole number of latent frames) for one side: the
 * encoder's stand-in model returns zero latents and keeps its inputs; the decoder's returns
 * the log-magnitudes `logmags` (`[bins, steps]` per block, as a decoder would).
 */
export function codecRun(
  side: CodecModule,
  cfg: StftConfig,
  signal: Float32Array,
  logmags: readonly Float32Array[],
): CodecRun {
  const hopSamples = cfg.hop * FRAMES_PER_LATENT;
  const bins = cfg.fftSize / 2 + 1;
  return {
    async encode(keep = false) {
      const inputs: Float32Array[] = [];
      const session = standIn(
        (dims) => new Float32Array(LATENT_DIMS * (dims[2]! / FRAMES_PER_LATENT)),
        (dims) => [1, LATENT_DIMS, dims[2]! / FRAMES_PER_LATENT],
        keep ? inputs : undefined,
      );
      const encoder = new side.SpectralEncoder(codecConfig(cfg, session));
      const block = BLOCK_FRAMES * hopSamples;
      for (let at = 0; at < signal.length; at += block) {
        await encoder.encode(signal.subarray(at, Math.min(signal.length, at + block)));
      }
      return inputs;
    },
    async decode() {
      let call = 0;
      const session = standIn(
        () => logmags[call++]!,
        (dims) => [1, bins, dims[2]! * FRAMES_PER_LATENT],
      );
      const decoder = new side.SpectralDecoder(codecConfig(cfg, session));
      const frames = signal.length / hopSamples;
      const out = new Float32Array(frames * hopSamples);
      for (let f = 0; f < frames; f += BLOCK_FRAMES) {
        const n = Math.min(BLOCK_FRAMES, frames - f);
        out.set(await decoder.decode(new Float32Array(n * LATENT_DIMS), n), f * hopSamples);
      }
      return out;
    },
  };
}
