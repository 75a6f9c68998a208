/**
 * Checks that a pack's ONNX files keep the manifest's promises: the named tensors exist, their
 * declared shapes agree where static, and a probe run on two latent frames' worth of zeros gives
 * the promised shapes. Every problem names the pack folder, the file and the tensor.
 */
import { type ModelManifest } from "./manifest";
import type { DeclaredDim, OnnxSession } from "./onnx";
import { ModelPackError } from "./packError";

/** The shape `[1, channels, time]` one tensor must have, and how to explain it. */
export interface TensorContract {
  readonly channels: number;
  /** Time-axis length for a probe of two latent frames. */
  readonly probeLength: number;
  /** Symbol shown for the time axis in messages. */
  readonly timeSymbol: string;
  readonly channelsMeaning: string;
  readonly probeMeaning: string;
}

const PROBE_FRAMES = 2;

/** The contracts of the encoder's input (= decoder's output) and of the latent tensors. */
export function tensorContracts(m: ModelManifest): {
  audio: TensorContract;
  latent: TensorContract;
} {
  const latent: TensorContract = {
    channels: m.latentDims,
    probeLength: PROBE_FRAMES,
    timeSymbol: "T",
    channelsMeaning: "latentDims",
    probeMeaning: `${PROBE_FRAMES} latent frames`,
  };
  const fe = m.frontEnd;
  const audio: TensorContract =
    fe.kind === "spectral"
      ? {
          channels: fe.fftSize / 2 + 1,
          probeLength: PROBE_FRAMES * fe.framesPerLatent,
          timeSymbol: "S",
          channelsMeaning: "fftSize/2+1",
          probeMeaning: `${PROBE_FRAMES} × framesPerLatent`,
        }
      : {
          channels: 1,
          probeLength: PROBE_FRAMES * fe.ratio,
          timeSymbol: "N",
          channelsMeaning: "1 channel",
          probeMeaning: `${PROBE_FRAMES} × ratio`,
        };
  return { audio, latent };
}

interface Part {
  readonly role: "encoder" | "decoder";
  readonly file: string;
  readonly session: OnnxSession;
  readonly input: string;
  readonly output: string;
  readonly inContract: TensorContract;
  readonly outContract: TensorContract;
  /** Appended to a wrong probe shape's message. */
  readonly hint?: string;
}

/**
 * Throws a {@link ModelPackError} unless the sessions keep the manifest's promises; a half not
 * given (a pack opened only to encode or only to decode) is not checked.
 */
export async function validateSessions(
  dir: string,
  m: ModelManifest,
  encoder: OnnxSession | undefined,
  decoder: OnnxSession | undefined,
): Promise<void> {
  const { audio, latent } = tensorContracts(m);
  const context = m.decoder.context?.frames ?? 0;
  const decoderIn: TensorContract =
    context === 0
      ? latent
      : {
          ...latent,
          probeLength: latent.probeLength + context,
          probeMeaning: `${context} frames of decoder.context + ${latent.probeMeaning}`,
        };
  const look = m.encoder.context?.frames ?? 0;
  const perFrame = audio.probeLength / latent.probeLength; // STFT frames or samples per frame
  const encoderIn: TensorContract =
    look === 0
      ? audio
      : {
          ...audio,
          probeLength: audio.probeLength + look * perFrame,
          probeMeaning: `${look} frames of encoder.context × ${perFrame} + ${audio.probeMeaning}`,
        };
  const halves: (Omit<Part, "session"> & { session: OnnxSession | undefined })[] = [
    {
      role: "encoder",
      file: m.encoder.file,
      input: m.encoder.input,
      output: m.encoder.output,
      session: encoder,
      inContract: encoderIn,
      outContract: latent,
      ...(look > 0
        ? {
            hint: `; with encoder.context.frames ${look}, it must return only the frames after the context`,
          }
        : {}),
    },
    {
      role: "decoder",
      ...m.decoder,
      session: decoder,
      inContract: decoderIn,
      outContract: audio,
      ...(context > 0
        ? {
            hint: `; with decoder.context.frames ${context}, it must return only the frames after the context`,
          }
        : {}),
    },
  ];
  const parts = halves.filter((p): p is Part => p.session !== undefined);
  const fail = (problems: string[]) => {
    if (problems.length > 0) throw new ModelPackError(problems.map((p) => `${dir}: ${p}`));
  };
  fail(parts.flatMap(checkNames));
  fail(parts.flatMap(checkDeclared));
  const probed = await Promise.all(parts.map(probe));
  fail(probed.flat());
}

function checkNames(p: Part): string[] {
  const problems: string[] = [];
  const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");
  if (!p.session.inputNames.includes(p.input)) {
    problems.push(
      `${p.file} has no input named "${p.input}" (it has: ${list(p.session.inputNames)})`,
    );
  }
  if (!p.session.outputNames.includes(p.output)) {
    problems.push(
      `${p.file} has no output named "${p.output}" (it has: ${list(p.session.outputNames)})`,
    );
  }
  if (p.session.inputNames.length > 1) {
    problems.push(
      `${p.file} has ${p.session.inputNames.length} inputs (${list(p.session.inputNames)}), expected one`,
    );
  }
  return problems;
}

function checkDeclared(p: Part): string[] {
  return [
    checkTensor(p, "input", p.input, p.inContract),
    checkTensor(p, "output", p.output, p.outContract),
  ].filter((x): x is string => x !== undefined);
}

function checkTensor(p: Part, kind: string, name: string, c: TensorContract): string | undefined {
  const declared = p.session.declared(name);
  if (!declared) return `${p.file} ${kind} "${name}" is not a tensor`;
  if (declared.type !== "float32")
    return `${p.file} ${kind} "${name}" is ${declared.type}, expected float32`;
  const shape = declared.shape;
  if (shape.length === 0) return undefined;
  const promised = `[1,${c.channels},${c.timeSymbol}]`;
  const where = `${p.file} ${kind} "${name}" is declared ${showDeclared(shape)}, manifest promises ${promised}`;
  if (shape.length !== 3) return `${where} (rank 3)`;
  if (isStaticOtherThan(shape[0], 1)) return `${where} (batch 1)`;
  if (isStaticOtherThan(shape[1], c.channels)) return `${where} (${c.channelsMeaning})`;
  if (typeof shape[2] === "number") {
    return `${where}: its time axis is fixed at ${shape[2]}; export it with a dynamic time axis`;
  }
  return undefined;
}

function isStaticOtherThan(d: DeclaredDim | undefined, expected: number): boolean {
  return typeof d === "number" && d !== expected;
}

async function probe(p: Part): Promise<string[]> {
  const inDims = [1, p.inContract.channels, p.inContract.probeLength];
  const outDims = [1, p.outContract.channels, p.outContract.probeLength];
  const zeros = new Float32Array(inDims[1]! * inDims[2]!);
  let got: number[];
  try {
    got = (await p.session.run(p.input, p.output, zeros, inDims)).dims;
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    return [
      `${p.file} failed on input "${p.input}" of shape ${show(inDims)} ` +
        `(${p.inContract.channelsMeaning}, ${p.inContract.probeMeaning}): ${reason}`,
    ];
  }
  if (got.length === outDims.length && got.every((d, i) => d === outDims[i])) return [];
  return [
    `${p.file} output "${p.output}" has shape ${show(got)}, manifest promises ${show(outDims)} ` +
      `(${p.outContract.channelsMeaning}, ${p.outContract.probeMeaning})${p.hint ?? ""}`,
  ];
}

function show(dims: readonly number[]): string {
  return `[${dims.join(",")}]`;
}

function showDeclared(dims: readonly DeclaredDim[]): string {
  return `[${dims.map((d) => (d === null ? "?" : String(d))).join(",")}]`;
}
