/**
 * Which inference backend the engine worker runs, and why: WebGPU when the browser offers a
 * hardware adapter, WASM otherwise (or when asked with `?backend=wasm`); read from
 * onnxruntime-web's settings once a session exists (the runtime settles its thread count when it
 * first initialises).
 */
import type { ProviderUse } from "../models/onnx";

/**
 * WebGPU as the worker finds it: "absent" (no `navigator.gpu`), "no-adapter" (the API is there
 * but `requestAdapter()` gives none: no GPU, or GPU disabled), "fallback-adapter" (only a
 * software adapter, e.g. SwiftShader: slower than WASM) or "adapter".
 */
export type WebGpuState = "absent" | "no-adapter" | "fallback-adapter" | "adapter";

/** What the user asked for: `?backend=webgpu|wasm|auto` on the page (default auto). */
export type BackendPreference = "auto" | "webgpu" | "wasm";

export function backendPreferenceFromQuery(search: string): BackendPreference {
  const asked = new URLSearchParams(search).get("backend");
  return asked === "webgpu" || asked === "wasm" ? asked : "auto";
}

export interface BackendChoice {
  /** Execution providers for the sessions, in order. */
  readonly providers: readonly ("webgpu" | "wasm")[];
  /** One line saying why. */
  readonly why: string;
}

const GPU_STATE: Record<WebGpuState, string> = {
  absent: "no WebGPU in this browser",
  "no-adapter": "WebGPU has no adapter here (no usable GPU)",
  "fallback-adapter": "the only WebGPU adapter is a software fallback",
  adapter: "a WebGPU adapter is available",
};

/** The providers for `pref` given the WebGPU the worker found. */
export function chooseBackend(pref: BackendPreference, webgpu: WebGpuState): BackendChoice {
  const gpu = GPU_STATE[webgpu];
  const usable = webgpu === "adapter" || webgpu === "fallback-adapter";
  if (pref === "wasm")
    return { providers: ["wasm"], why: `WASM asked for (?backend=wasm); ${gpu}` };
  if (pref === "webgpu") {
    return usable
      ? { providers: ["webgpu", "wasm"], why: `WebGPU asked for (?backend=webgpu); ${gpu}` }
      : { providers: ["wasm"], why: `WebGPU asked for, but ${gpu}` };
  }
  if (webgpu === "adapter") return { providers: ["webgpu", "wasm"], why: gpu };
  if (webgpu === "fallback-adapter") {
    return { providers: ["wasm"], why: `${gpu}, slower than WASM (?backend=webgpu uses it)` };
  }
  return { providers: ["wasm"], why: gpu };
}

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
  /** The providers chosen and why. */
  readonly choice: BackendChoice;
  /** Which provider the sessions so far got. */
  readonly used: ProviderUse;
  /** Whether the codec's DSP runs compiled (src/dsp/dsp-kernel.ts), not in JavaScript. */
  readonly compiledDsp: boolean;
}

/** Describes the backend from the facts a worker can read. */
export function describeBackend(facts: BackendFacts): BackendInfo {
  const threads = facts.numThreads !== undefined && facts.numThreads > 0 ? facts.numThreads : 1;
  const { webgpu, wasm, webgpuError } = facts.used;
  const failed = webgpuError === undefined ? "" : `; WebGPU failed (${webgpuError}), WASM instead`;
  const dsp = facts.compiledDsp
    ? "; the codec's DSP compiled to WebAssembly"
    : "; the codec's DSP in JavaScript (WebAssembly refused the compiled DSP)";
  if (webgpu > 0 && wasm === 0) {
    return { name: "onnxruntime-web WebGPU", threads, reason: facts.choice.why + dsp };
  }
  let why: string;
  if (facts.numThreads === undefined) why = "not initialised yet (no model loaded)";
  else if (!facts.crossOriginIsolated)
    why = "1 thread: the page is not cross-origin isolated, so WASM threads are unavailable";
  else if (threads > 1)
    why = `${threads} threads: cross-origin isolated, ${facts.cores} cores (onnxruntime uses up to half, at most 4)`;
  else
    why = `1 thread: cross-origin isolated, but onnxruntime uses half of the ${facts.cores} cores`;
  const name = webgpu > 0 ? "onnxruntime-web WebGPU + WASM (SIMD)" : "onnxruntime-web WASM (SIMD)";
  return { name, threads, reason: `${why}; ${facts.choice.why}${failed}${dsp}` };
}
