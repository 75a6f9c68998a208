/**
 * The codec's element-wise maps, compiled (src/dsp/wasm/dsp.c through one shared kernel
 * instance): the encoder's log-magnitudes and the decoder's magnitudes, with fdlibm's log and
 * exp, so the values are JavaScript's `Math.log`/`Math.exp` ones bit for bit.
 */
import { DspKernel } from "./dsp-kernel";

/** Floats per pass of the element-wise maps: they go through a kernel's memory in chunks. */
const CHUNK = 16384;

let mapper: { kernel: DspKernel; buffer: Float32Array } | null | undefined;

/** The kernel of the element-wise maps, made once; null where WebAssembly is missing. */
function mapKernel(): { kernel: DspKernel; buffer: Float32Array } | null {
  if (mapper === undefined) {
    const kernel = DspKernel.create(1, 0, 4 * CHUNK + 64);
    mapper = kernel ? { kernel, buffer: kernel.f32(CHUNK) } : null;
  }
  return mapper;
}

/** Runs the kernel's map `name` over `x` in place, chunk by chunk; false without a kernel. */
function mapInPlace(x: Float32Array, floor: number, name: "logPlus" | "expMinus"): boolean {
  const k = mapKernel();
  if (!k) return false;
  const { buffer, kernel } = k;
  for (let at = 0; at < x.length; at += CHUNK) {
    const part = x.subarray(at, Math.min(at + CHUNK, x.length));
    const inKernel = buffer.subarray(0, part.length);
    inKernel.set(part);
    kernel[name](inKernel, floor);
    part.set(inKernel);
  }
  return true;
}

/**
 * In place, `x[i] = Math.log(x[i] + floor)` (float32), compiled: the same values bit for bit
 * (fdlibm's log, as V8's), in about half the time. False, with `x` untouched, without
 * WebAssembly.
 */
export function logPlusInPlace(x: Float32Array, floor: number): boolean {
  return mapInPlace(x, floor, "logPlus");
}

/**
 * In place, `x[i] = m` where `m = Math.exp(x[i]) − floor` is finite and positive, else 0
 * (float32), compiled: the same values bit for bit (fdlibm's exp, as V8's). False, with `x`
 * untouched, without WebAssembly.
 */
export function expMinusInPlace(x: Float32Array, floor: number): boolean {
  return mapInPlace(x, floor, "expMinus");
}
