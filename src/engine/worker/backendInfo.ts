/**
 * Which inference backend the engine worker runs, and why: read from onnxruntime-web's settings
 * once a session exists (the runtime settles its thread count when it first initialises).
 */

export interface BackendInfo {
  /** e.g. "onnxruntime-web WASM". */
  readonly name: string;
  /** Threads of the WASM runtime (1 = single-threaded). */
  readonly threads: number;
  /** One line saying why this backend and this thread count. */
  readonly reason: string;
}

export interface BackendFacts {
  /** `ort.env.wasm.numThreads` after initialisation; undefined before the first session. */
  readonly numThreads: number | undefined;
  /** Whether the worker is cross-origin isolated (SharedArrayBuffer, WASM threads). */
  readonly crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  readonly cores: number;
  /**
   * WebGPU as the worker finds it: "absent" (no `navigator.gpu`), "no-adapter" (the API is there
   * but `requestAdapter()` gives none, e.g. no GPU or GPU disabled) or "adapter".
   */
  readonly webgpu: "absent" | "no-adapter" | "adapter";
}

/** Describes the backend from the facts a worker can read. */
export function describeBackend(facts: BackendFacts): BackendInfo {
  const threads = facts.numThreads !== undefined && facts.numThreads > 0 ? facts.numThreads : 1;
  const gpu = {
    absent: "no WebGPU in this browser",
    "no-adapter": "WebGPU has no adapter here (no usable GPU)",
    adapter: "a WebGPU adapter exists, but sessions ask for the wasm provider",
  }[facts.webgpu];
  let why: string;
  if (facts.numThreads === undefined) why = "not initialised yet (no model loaded)";
  else if (!facts.crossOriginIsolated)
    why = "1 thread: the page is not cross-origin isolated, so WASM threads are unavailable";
  else if (threads > 1)
    why = `${threads} threads: cross-origin isolated, ${facts.cores} cores (onnxruntime uses up to half, at most 4)`;
  else
    why = `1 thread: cross-origin isolated, but onnxruntime uses half of the ${facts.cores} cores`;
  return { name: "onnxruntime-web WASM (SIMD)", threads, reason: `${why}; ${gpu}` };
}
