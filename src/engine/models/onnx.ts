/**
 * A thin wrapper over onnxruntime-web: sessions from bytes, one input → one float output. Runs are
 * serialized across all sessions: the WASM backend is one instance, and in browsers two sessions
 * running at once fail ("Session already started").
 */
import * as ort from "onnxruntime-web";

export interface TensorData {
  readonly data: Float32Array;
  readonly dims: number[];
}

/** Static size, symbolic name, or null where the model does not say. */
export type DeclaredDim = number | string | null;

export interface DeclaredTensor {
  /** e.g. "float32". */
  readonly type: string;
  /** Empty when the model declares no shape. */
  readonly shape: readonly DeclaredDim[];
}

export interface OnnxSessionOptions {
  /**
   * Execution providers in order of preference; default `["wasm"]`. The hook for WebGPU later:
   * the caller decides, this module only forwards.
   */
  readonly executionProviders?: readonly string[];
}

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The declared element type and shape of an input or output; undefined for non-tensors. */
  declared(name: string): DeclaredTensor | undefined;
  /** Runs the model on one float input and returns one output. Calls queue up, never overlap. */
  run(
    input: string,
    output: string,
    data: Float32Array,
    dims: readonly number[],
  ): Promise<TensorData>;
  release(): Promise<void>;
}

let configured = false;

/** The one queue every run and release goes through. */
let queue: Promise<unknown> = Promise.resolve();

function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  // The queue continues after a failed run; the caller sees the failure through `result`.
  queue = result.catch(() => undefined);
  return result;
}

function configureRuntime(): void {
  if (configured) return;
  configured = true;
  // In Node the WASM backend's worker-thread proxy is unavailable; one thread is enough here.
  const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;
  if (isNode) ort.env.wasm.numThreads = 1;
}

/** Creates a session from the bytes of an `.onnx` file. */
export async function createOnnxSession(
  bytes: Uint8Array,
  options: OnnxSessionOptions = {},
): Promise<OnnxSession> {
  configureRuntime();
  const session = await enqueue(() =>
    ort.InferenceSession.create(bytes, {
      executionProviders: [...(options.executionProviders ?? ["wasm"])],
    }),
  );
  return wrapSession(session);
}

function wrapSession(session: ort.InferenceSession): OnnxSession {
  let released = false;

  const declared = new Map<string, DeclaredTensor>();
  for (const meta of [...session.inputMetadata, ...session.outputMetadata]) {
    if (!meta.isTensor) continue;
    const shape = meta.shape.map((d) => (typeof d === "string" ? d : d >= 0 ? d : null));
    declared.set(meta.name, { type: meta.type, shape });
  }

  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    declared: (name) => declared.get(name),
    run(input, output, data, dims) {
      return enqueue(async () => {
        if (released) throw new Error("the ONNX session was released");
        const feeds = { [input]: new ort.Tensor("float32", data, [...dims]) };
        const results = await session.run(feeds, [output]);
        const tensor = results[output];
        if (!tensor) throw new Error(`the model gave no output named "${output}"`);
        if (tensor.type !== "float32") {
          tensor.dispose();
          throw new Error(`output "${output}" is ${tensor.type}, expected float32`);
        }
        const out = { data: new Float32Array(tensor.data as Float32Array), dims: [...tensor.dims] };
        tensor.dispose();
        return out;
      });
    },
    release() {
      return enqueue(async () => {
        if (released) return;
        released = true;
        await session.release();
      });
    },
  };
}
