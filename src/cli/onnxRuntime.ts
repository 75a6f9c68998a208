/**
 * Which onnxruntime build the CLI's models run on (`--runtime`): `native`, onnxruntime-node's
 * CPU build (the default: no WebAssembly to compile at start-up, and its kernels run the packs
 * several times faster), or `wasm`, onnxruntime-web's WebAssembly build, the one the app runs in
 * the browser (outputs then match the app's bit for bit). Both run one thread.
 */
import { useNativeRuntime, useWebRuntime, type NativeRuntime } from "../engine/models/onnx";
import type { Flags } from "./args";
import { UsageError } from "./usage";

export type RuntimeChoice = "native" | "wasm";

/** `--runtime`'s value; undefined when not given. */
export function runtimeOption(flags: Flags): RuntimeChoice | undefined {
  const v = flags.runtime;
  if (v === undefined) return undefined;
  if (v === "native" || v === "wasm") return v;
  throw new UsageError(`--runtime: expected native or wasm, got "${String(v)}"`);
}

/**
 * Sets the runtime the command's models run on. Without `--runtime`, a native build that cannot
 * be loaded (a platform onnxruntime-node has no binary for) falls back to WebAssembly with one
 * line on stderr; with `--runtime native` it is an error.
 */
export async function configureOnnxRuntime(flags: Flags): Promise<RuntimeChoice> {
  const wanted = runtimeOption(flags);
  useWebRuntime();
  if (wanted === "wasm") return "wasm";
  let runtime: NativeRuntime;
  try {
    const module = (await import("onnxruntime-node")) as NativeRuntime & {
      default?: NativeRuntime;
    };
    runtime = module.InferenceSession ? module : module.default!;
    if (!runtime?.InferenceSession) throw new Error("the module has no InferenceSession");
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    if (wanted === "native")
      throw new Error(`--runtime native: onnxruntime-node could not be loaded (${reason})`);
    console.error(
      `latent-patcher: onnxruntime-node could not be loaded (${reason}); models run on WebAssembly (--runtime wasm)`,
    );
    return "wasm";
  }
  useNativeRuntime(runtime, 1);
  return "native";
}
