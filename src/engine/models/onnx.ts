/**
 * A thin wrapper over onnxruntime: sessions from bytes, one input → one float output. Runs are
 * serialized across all sessions: the WASM backend is one instance, and in browsers two sessions
 * running at once fail ("Session already started").
 *
 * The runtime is onnxruntime-web (WebGPU or WASM) everywhere, unless a Node program hands over
 * onnxruntime-node's native build with {@link useNativeRuntime} (the CLI does): the same runtime,
 * the same model files and operators, compiled for the CPU instead of WebAssembly.
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
   * Execution providers in order of preference; default: the list given to
   * {@link useExecutionProviders} (`["wasm"]` unless the engine worker chose WebGPU).
   */
  readonly executionProviders?: readonly string[];
}

/** The providers sessions use unless told otherwise (a promise while WebGPU is being probed). */
let defaultProviders: readonly string[] | Promise<readonly string[]> = ["wasm"];

/**
 * Sets the execution providers of the sessions created from now on. A promise (an adapter being
 * probed) makes session creation wait for it, so a choice set before the first load holds for it.
 */
export function useExecutionProviders(list: readonly string[] | Promise<readonly string[]>): void {
  defaultProviders = list;
}

/** Which provider the sessions created so far got, and why WebGPU failed where it did. */
export interface ProviderUse {
  readonly webgpu: number;
  readonly wasm: number;
  /** Sessions on onnxruntime-node's native CPU build ({@link useNativeRuntime}); Node only. */
  readonly native?: number;
  /** The last error creating a WebGPU session (that session fell back to the next provider). */
  readonly webgpuError?: string;
}

const use: { webgpu: number; wasm: number; native: number; webgpuError?: string } = {
  webgpu: 0,
  wasm: 0,
  native: 0,
};

export const providerUse = (): ProviderUse => {
  const { native: nativeSessions, ...rest } = use;
  return nativeSessions > 0 ? { ...rest, native: nativeSessions } : rest;
};

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

/** The parts of onnxruntime-node the wrapper uses (its module has the same shape as ort's). */
export interface NativeRuntime {
  readonly InferenceSession: {
    create(
      bytes: Uint8Array,
      options?: ort.InferenceSession.SessionOptions,
    ): Promise<ort.InferenceSession>;
  };
  readonly Tensor: typeof ort.Tensor;
}

/** onnxruntime-node and the options its sessions get, once a Node program chose it. */
let native: { runtime: NativeRuntime; options: ort.InferenceSession.SessionOptions } | undefined;

/**
 * Sessions created from now on run on onnxruntime-node's native CPU build, `threads` threads
 * each (sessions already open keep their runtime). Node only; browsers have no native build.
 */
export function useNativeRuntime(runtime: NativeRuntime, threads = 1): void {
  native = {
    runtime,
    options: {
      executionProviders: ["cpu"],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
    },
  };
}

/** Sessions created from now on run on onnxruntime-web again (as they do unless told). */
export function useWebRuntime(): void {
  native = undefined;
}

/** Which runtime new sessions get: "native" after {@link useNativeRuntime}, else "web". */
export const onnxRuntimeKind = (): "native" | "web" => (native ? "native" : "web");

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
  if (native) {
    const { runtime, options: nativeOptions } = native;
    const session = await enqueue(() => runtime.InferenceSession.create(bytes, nativeOptions));
    use.native++;
    return wrapSession(session, runtime.Tensor);
  }
  configureRuntime();
  const wanted = [...(options.executionProviders ?? (await defaultProviders))];
  const create = (providers: string[]) =>
    enqueue(() => ort.InferenceSession.create(bytes, { executionProviders: providers }));
  // WebGPU alone first, so that the provider really used is known (onnxruntime would fall back
  // to the next one silently); on failure the rest of the list, with the reason kept.
  if (wanted[0] === "webgpu") {
    try {
      const session = await create(["webgpu"]);
      use.webgpu++;
      return wrapSession(session, ort.Tensor);
    } catch (err) {
      use.webgpuError = err instanceof Error ? err.message : String(err);
      wanted.shift();
      if (wanted.length === 0) throw err;
    }
  }
  const session = await create(wanted);
  if (wanted[0] === "wasm") use.wasm++;
  return wrapSession(session, ort.Tensor);
}

function wrapSession(session: ort.InferenceSession, Tensor: typeof ort.Tensor): OnnxSession {
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
        const feeds = { [input]: new Tensor("float32", data, [...dims]) };
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
