/**
 * The codec's element-wise maps, compiled (src/dsp/wasm/dsp.c through one shared kernel
 * instance): the encoder's log-magnitudes and the decoder's magnitudes, with fdlibm's log and
 * exp, so the values are JavaScript's `Math.log`/`Math.exp` ones bit for bit.
 */
import { dspModule, PAGE, type DspExports } from "./dsp-kernel";

/** Floats per pass of the element-wise maps: they go through a kernel's memory in chunks. */
const CHUNK = 16384;

let mapper: { exports: DspExports; buffer: Float32Array } | null | undefined;

/** The kernel of the element-wise maps, made once; null where WebAssembly is missing. */
function mapKernel(): { exports: DspExports; buffer: Float32Array } | null {
  if (mapper !== undefined) return mapper;
  mapper = null;
  const module = dspModule();
  if (!module) return null;
  try {
    let memory = new WebAssembly.Memory({ initial: Math.ceil((2 * PAGE + 4 * CHUNK) / PAGE) });
    let instance = new WebAssembly.Instance(module, { env: { memory } });
    const base = (instance.exports.__heap_base as WebAssembly.Global).value as number;
    if (base + 4 * CHUNK > memory.buffer.byteLength) {
      memory = new WebAssembly.Memory({ initial: Math.ceil((base + 4 * CHUNK) / PAGE) });
      instance = new WebAssembly.Instance(module, { env: { memory } });
    }
    const at = Math.ceil(base / 8) * 8;
    mapper = {
      exports: instance.exports as unknown as DspExports,
      buffer: new Float32Array(memory.buffer, at, CHUNK),
    };
  } catch {
    mapper = null;
  }
  return mapper;
}

/** Runs the kernel's map `name` over `x` in place, chunk by chunk; false without a kernel. */
function mapInPlace(x: Float32Array, floor: number, name: "logPlus" | "expMinus"): boolean {
  const k = mapKernel();
  if (!k) return false;
  const { buffer, exports } = k;
  for (let at = 0; at < x.length; at += CHUNK) {
    const part = x.subarray(at, Math.min(at + CHUNK, x.length));
    buffer.set(part);
    exports[name](buffer.byteOffset, part.length, floor);
    part.set(buffer.subarray(0, part.length));
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
