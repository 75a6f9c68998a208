/** The fuzzed loaders, in the order a full run visits them (ours to fix first, patch last). */
import { bundleLoader } from "./bundle";
import { manifestLoader } from "./manifest";
import { onnxLoader, onnxNativeLoader } from "./onnx";
import { patchLoader } from "./patch";
import { textLoader } from "./text";
import type { FuzzLoader } from "./types";
import { wavLoader } from "./wav";

export const LOADERS: readonly FuzzLoader<never>[] = [
  wavLoader,
  manifestLoader,
  onnxLoader,
  onnxNativeLoader,
  bundleLoader,
  patchLoader,
  textLoader,
] as unknown as readonly FuzzLoader<never>[];
