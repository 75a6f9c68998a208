/**
 * `npm run bench:dsp`'s before/after table for issue 17 §4: the CLI's encode and decode around
 * the model (STFT, log-magnitudes and layout; exp, layout, RTPGHI, inverse FFT and overlap-add),
 * this tree against `BENCH_BASELINE` (default: the commit before that work), interleaved.
 */
import { codecRun, DEFAULT_BASELINE, loadSides } from "./dspBaseline";

const ROOT = new URL("..", import.meta.url).pathname;
const CFG = { fftSize: 1024, hop: 256 };
/** Samples per latent frame of the default pack. */
const LATENT_HOP = 1024;
const SAMPLE_RATE = 44100;

type Interleaved = (tasks: Record<string, () => unknown>) => Promise<Record<string, number>>;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** Runs the A/B on `signal`; returns its JSON result and its Markdown lines. */
export async function codecAB(
  signal: Float32Array,
  repeats: number,
  interleaved: Interleaved,
): Promise<{ result: object; markdown: string[] }> {
  const sides = await loadSides(ROOT, process.env.BENCH_BASELINE ?? DEFAULT_BASELINE);
  const clip = signal.subarray(0, Math.floor(signal.length / LATENT_HOP) * LATENT_HOP);
  const seconds = clip.length / SAMPLE_RATE;
  // The decoders get the encoders' log-magnitudes back, as a perfect model would give them.
  const inputsBefore = await codecRun(sides.before, CFG, clip, []).encode(true);
  const inputsAfter = await codecRun(sides.after, CFG, clip, []).encode(true);
  const encodeDiff = Math.max(...inputsAfter.map((x, i) => maxAbsDiff(x, inputsBefore[i]!)));
  const before = codecRun(sides.before, CFG, clip, inputsAfter);
  const after = codecRun(sides.after, CFG, clip, inputsAfter);
  const decodeDiff = maxAbsDiff(await before.decode(), await after.decode());
  if (inputsBefore.length !== inputsAfter.length || encodeDiff !== 0 || decodeDiff > 1e-6) {
    throw new Error(
      `bench:dsp: before and after differ (encode ${encodeDiff}, decode ${decodeDiff})`,
    );
  }
  const ms = await interleaved({
    encodeBefore: () => before.encode(),
    encodeAfter: () => after.encode(),
    decodeBefore: () => before.decode(),
    decodeAfter: () => after.decode(),
  });
  const perMinute = (x: number): string => ((x / seconds) * 60).toFixed(0);
  const row = (label: string, b: number, a: number): string =>
    `| ${label} | ${b.toFixed(1)} | ${a.toFixed(1)} | ${perMinute(b)} | ${perMinute(a)} | ${(b / a).toFixed(2)}× |`;
  const result = {
    baseline: sides.ref,
    audioSeconds: seconds,
    sameOutput: { encoderInputMaxAbsDiff: encodeDiff, decodedMaxAbsDiff: decodeDiff },
    medianMs: ms,
    speedup: {
      encode: ms.encodeBefore! / ms.encodeAfter!,
      decode: ms.decodeBefore! / ms.decodeAfter!,
    },
  };
  const markdown = [
    "## Issue 17 §4: the CLI's encode and decode around the model, before and after",
    "",
    `Commit ${sides.ref} (before, its source taken with \`git archive\`; \`BENCH_BASELINE\` picks ` +
      `another) against this tree (after), both in this process, interleaved: medians of ${repeats} ` +
      `runs over the same ${seconds.toFixed(2)} s clip in the CLI's blocks of 128 latent frames, the ` +
      "default pack's front end (fftSize 1024, hop 256, 4 STFT frames per latent, ln(|X| + 1e-5)). " +
      "The model is a stand-in that answers at once: zero latents to the encoder, and to the " +
      "decoder the encoder's own log-magnitudes back.",
    "",
    `Same output: the encoder's model input is bit-identical (max |before − after| ${encodeDiff}); ` +
      `decoded samples differ by at most ${decodeDiff.toExponential(1)}.`,
    "",
    "| path around the model | before ms | after ms | before ms per min of audio | after ms per min of audio | speedup |",
    "|---|---|---|---|---|---|",
    row("encode: STFT, log-magnitudes, layout", ms.encodeBefore!, ms.encodeAfter!),
    row("decode: exp, layout, RTPGHI, inverse FFT, overlap-add", ms.decodeBefore!, ms.decodeAfter!),
    "",
  ];
  return { result, markdown };
}
