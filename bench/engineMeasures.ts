/**
 * The measurements of `npm run bench` (bench/run.ts, which writes the report): each pack's
 * encode/decode speed, its round trip on the held-out recordings, and each example's
 * latent-graph overhead.
 */
import { readdir, readFile } from "node:fs/promises";
import { appLoader, APP_ROOT, loadModel } from "../src/cli/app";
import { encodeClip, decodeClip } from "../src/engine/codec";
import { Engine } from "../src/engine/engine";
import { parsePatch } from "../src/engine/patch/parse";
import { DEFAULT_MODEL_ID } from "../src/engine/models/defaults";
import { nodeRegistry } from "../src/nodes";
import { decodeWav } from "../src/dsp/wav";
import { resample } from "../src/dsp/resample";
import { stftMagnitudes } from "../src/dsp/stft";
import { SpectralSynth } from "../src/dsp/rtpghi";
import { griffinLim } from "../src/dsp/griffin-lim";
import {
  logSpectralDistanceDb,
  multiResolutionStftDistance,
  stftDistanceTerms,
} from "../src/dsp/metrics";

/** Runs of each example's render (graph overhead); the report gives their median. */
export const REPEATS = 5;

/** The median of xs. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The held-out sets: the builtin recordings, then the drum recordings of bench/heldout. */
export const HELD_OUT_DIRS = ["assets/audio", "bench/heldout"];

/** The held-out recordings, resampled to `sampleRate`, each with its set's folder. */
async function heldOut(
  sampleRate: number,
): Promise<{ name: string; dir: string; samples: Float32Array }[]> {
  const out = [];
  for (const dir of HELD_OUT_DIRS) {
    const files = (await readdir(`${APP_ROOT}/${dir}`).catch(() => [] as string[]))
      .filter((f) => f.endsWith(".wav"))
      .sort();
    for (const f of files) {
      const a = decodeWav(new Uint8Array(await readFile(`${APP_ROOT}/${dir}/${f}`)), f);
      const name = dir === HELD_OUT_DIRS[0] ? f : `${dir}/${f}`;
      out.push({ name, dir, samples: resample(a.channels[0]!, a.sampleRate, sampleRate) });
    }
  }
  return out;
}

/** Runs of each pack's speed measurement; the packs take turns, so load hits them alike. */
export const SPEED_REPEATS = 9;

/**
 * Encode and decode time of 10 s of audio for every pack, measured round-robin (the order
 * rotating each round) after one warm-up each: a burst of load from another process lands on
 * all the packs alike instead of on whichever was being timed.
 */
export async function modelSpeeds(ids: readonly string[]) {
  const seconds = 10;
  const packs = [];
  for (const id of ids) {
    const model = await loadModel(id);
    const x = new Float32Array(seconds * model.sampleRate).map(
      (_, i) => 0.3 * Math.sin(i * 0.05) + 0.05 * Math.sin(i * 0.31),
    );
    const { data, frames } = await encodeClip(model, x); // the warm-up
    await decodeClip(model, data, frames);
    packs.push({ id, model, x, data, frames, enc: [] as number[], dec: [] as number[] });
  }
  for (let r = 0; r < SPEED_REPEATS; r++) {
    for (let i = 0; i < packs.length; i++) {
      const p = packs[(i + r) % packs.length]!;
      let t0 = performance.now();
      await encodeClip(p.model, p.x);
      p.enc.push(performance.now() - t0);
      t0 = performance.now();
      await decodeClip(p.model, p.data, p.frames);
      p.dec.push(performance.now() - t0);
    }
  }
  const out = [];
  for (const p of packs) {
    await p.model.dispose();
    const encMs = median(p.enc);
    const decMs = median(p.dec);
    out.push({
      model: p.id,
      seconds,
      encodeMs: encMs,
      decodeMs: decMs,
      encodeRtf: (seconds * 1000) / encMs,
      decodeRtf: (seconds * 1000) / decMs,
    });
  }
  return out;
}

/**
 * Pack `id`'s round trip (encode → decode) of every held-out recording: MR-STFT, log-spectral
 * distance and the distance's parts, with the phase-reconstruction bounds for a spectral pack.
 */
export async function reconstruction(id: string) {
  const model = await loadModel(id);
  const rows = [];
  for (const { name, dir, samples } of await heldOut(model.sampleRate)) {
    const { data, frames } = await encodeClip(model, samples);
    const y = await decodeClip(model, data, frames);
    const terms = stftDistanceTerms(samples, y);
    const row: Record<string, number | string> = {
      recording: name,
      set: dir,
      mrstft: multiResolutionStftDistance(samples, y),
      lsdDb: logSpectralDistanceDb(samples, y),
      sc: terms.sc,
      logLoud: terms.logLoud,
      logQuiet: terms.logQuiet,
    };
    const fe = model.manifest.frontEnd;
    if (fe.kind === "spectral") {
      // Bounds: the true magnitudes through the same real-time phase reconstruction, and through
      // 100 Griffin-Lim iterations.
      const cfg = { fftSize: fe.fftSize, hop: fe.stftHop };
      const mags = stftMagnitudes(samples, cfg);
      const synth = new SpectralSynth(cfg);
      const tail = Math.ceil(synth.latencySamples / cfg.hop);
      const padded = [
        ...mags,
        ...Array.from({ length: tail }, () => new Float32Array(cfg.fftSize / 2 + 1)),
      ];
      const rt = synth
        .push(padded)
        .subarray(synth.latencySamples, synth.latencySamples + mags.length * cfg.hop);
      row.boundRtpghi = multiResolutionStftDistance(samples, rt);
      const bound = stftDistanceTerms(samples, rt);
      row.boundSc = bound.sc;
      row.boundLogLoud = bound.logLoud;
      row.boundLogQuiet = bound.logQuiet;
      row.boundGriffinLim100 = multiResolutionStftDistance(
        samples,
        griffinLim(mags, cfg, 100, "rtpghi"),
      );
    }
    rows.push(row);
  }
  await model.dispose();
  return {
    model: id,
    latentFloatsPerSecond: model.frameRate * model.latentDims,
    latentDims: model.latentDims,
    hopSamples: model.hopSamples,
    rows,
  };
}

/** Each example's render time per second of audio, in total and outside Encode/Decode. */
export async function graphOverhead() {
  const rows = [];
  const dir = `${APP_ROOT}/examples`;
  for (const f of (await readdir(dir)).filter((f) => f.endsWith(".patch.json")).sort()) {
    const patch = parsePatch(await readFile(`${dir}/${f}`, "utf8"), nodeRegistry);
    const totals: number[] = [];
    const overheads: number[] = [];
    let seconds = 0;
    for (let i = 0; i < REPEATS; i++) {
      const engine = new Engine({
        registry: nodeRegistry,
        appLoader,
        defaultModelId: DEFAULT_MODEL_ID,
      });
      await engine.load(patch);
      const t0 = performance.now();
      const result = await engine.render();
      const total = performance.now() - t0;
      const [audio] = result.outputs.values();
      seconds = (audio?.channels[0]?.length ?? 0) / result.sampleRate;
      let model = 0;
      for (const n of patch.nodes)
        if (n.type === "Encode" || n.type === "Decode")
          model += engine.processMillis.get(n.id) ?? 0;
      totals.push(total / seconds);
      overheads.push((total - model) / seconds);
      engine.dispose();
    }
    rows.push({
      example: f,
      seconds,
      renderMsPerSecond: median(totals),
      graphOverheadMsPerSecond: median(overheads),
      nodes: patch.nodes.length,
    });
  }
  return rows;
}
