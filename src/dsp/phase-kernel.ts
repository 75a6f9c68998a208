import { PHASE_WASM_HEX } from "./wasm/phaseWasm";

/**
 * RTPGHI's per-frame work compiled from C (src/dsp/wasm/phase.c) to WebAssembly: the gradients,
 * random phases and wrap of RtpghiPhase, the sort and the integration (in order, or with the
 * heap) of PhaseIntegrator, and polarToCartesian. Each step is the JavaScript's, operation for
 * operation (the logarithm is fdlibm's, as V8's Math.log), so phases and samples are the same
 * bit for bit (tests/dsp/phaseKernel.test.ts), in about half the time, which counts because
 * every decoded bin of every frame passes through.
 *
 * One kernel per RtpghiPhase: its own small memory, where the arrays of that phase live as typed
 * views (allocated once, at construction). Where WebAssembly is missing or refuses the module,
 * {@link PhaseKernel.create} gives undefined and the JavaScript runs instead.
 */

interface PhaseExports {
  integrate(
    frame: number,
    threshold: number,
    floor: number,
    logFloor: number,
    prevTieLog: number,
    out: number,
  ): number;
  gradients(frame: number, binAdvance: number, coef: number): number;
  log(x: number): number;
  exp(x: number): number;
  logPlus(x: number, n: number, floor: number): void;
  expMinus(x: number, n: number, floor: number): void;
  randomPhases(bins: number, log: number, threshold: number, phase: number, state: number): number;
  wrap(bins: number, phase: number): void;
  polar(
    bins: number,
    mag: number,
    phase: number,
    re: number,
    im: number,
    table: number,
    tableSize: number,
    radiansToTable: number,
  ): void;
  readonly __heap_base: WebAssembly.Global;
}

/** The fields of phase.c's `Frame`, in order (each 4 bytes: an int or an offset). */
export const FRAME_FIELDS = [
  "bins",
  "mag",
  "curCodes",
  "prevCodes",
  "curOrder",
  "prevOrder",
  "curPos",
  "scratch",
  "counts",
  "done",
  "queueWords",
  "queueSummary",
  "summaryWords",
  "heapItems",
  "heapKeys",
  "log",
  "prevLog",
  "dt",
  "prevDt",
  "df",
  "phase",
  "prevPhase",
] as const;
export type FrameField = (typeof FRAME_FIELDS)[number];
const FIELD_INDEX = Object.fromEntries(FRAME_FIELDS.map((f, i) => [f, i])) as Record<
  FrameField,
  number
>;

const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** The module, compiled once (synchronously: it is 7 KB); null where WebAssembly refuses it. */
function phaseModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = new Uint8Array(PHASE_WASM_HEX.length / 2);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = parseInt(PHASE_WASM_HEX.slice(2 * i, 2 * i + 2), 16);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Room for the arrays of one RtpghiPhase and its SpectralSynth at `bins` bins: 13 float64 and
 * 11 32-bit arrays of `bins` (the heap's counting twice), with one of each to spare, a sine
 * table of `tableLength`, the radix counts, and slack for alignment.
 */
function bytesFor(bins: number, tableLength: number): number {
  return 8 * 14 * bins + 8 * tableLength + 4 * (12 * bins + 1024) + bins + 4096;
}

export class PhaseKernel {
  readonly bins: number;
  private readonly exports: PhaseExports;
  private readonly memory: WebAssembly.Memory;
  private next: number;
  /** The `Frame` struct phase.c reads, as 32-bit fields. */
  private readonly frame: Int32Array;
  private readonly frameOffset: number;
  /** integrate's output: the current frame's tie log-magnitude. */
  private readonly out: Float64Array;
  /** The current frame's magnitudes, which every step reads: copy each frame here first. */
  readonly mag: Float32Array;

  /**
   * A kernel for frames of `bins` bins, with room for a sine table of `tableLength` values;
   * undefined where WebAssembly is unavailable.
   */
  static create(bins: number, tableLength: number): PhaseKernel | undefined {
    const module = phaseModule();
    if (!module) return undefined;
    try {
      return new PhaseKernel(module, bins, tableLength);
    } catch {
      return undefined;
    }
  }

  private constructor(module: WebAssembly.Module, bins: number, tableLength: number) {
    this.bins = bins;
    // The module's stack sits below __heap_base; the arrays go above it.
    const instanceMemory = (base: number) =>
      new WebAssembly.Memory({
        initial: Math.ceil((base + bytesFor(bins, tableLength)) / PAGE),
      });
    // __heap_base is only known once instantiated: instantiate with a memory sized for the
    // module's usual base (66 KB), and again if it asks for more.
    let memory = instanceMemory(2 * PAGE);
    let instance = new WebAssembly.Instance(module, { env: { memory } });
    let base = (instance.exports.__heap_base as WebAssembly.Global).value as number;
    if (base + bytesFor(bins, tableLength) > memory.buffer.byteLength) {
      memory = instanceMemory(base);
      instance = new WebAssembly.Instance(module, { env: { memory } });
      base = (instance.exports.__heap_base as WebAssembly.Global).value as number;
    }
    this.memory = memory;
    this.exports = instance.exports as unknown as PhaseExports;
    this.next = base;
    this.frameOffset = this.take(4 * FRAME_FIELDS.length, 8);
    this.frame = new Int32Array(memory.buffer, this.frameOffset, FRAME_FIELDS.length);
    this.out = this.f64(2);
    this.mag = this.f32(bins);
    this.set("bins", bins);
    this.set("mag", this.mag);
  }

  /** Reserves `bytes` bytes aligned to `align`; returns their offset. */
  private take(bytes: number, align: number): number {
    const at = Math.ceil(this.next / align) * align;
    if (at + bytes > this.memory.buffer.byteLength)
      throw new RangeError("PhaseKernel: out of memory");
    this.next = at + bytes;
    return at;
  }

  f64(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(8 * n, 8), n);
  }
  f32(n: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(4 * n, 4), n);
  }
  u32(n: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, this.take(4 * n, 4), n);
  }
  i32(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(4 * n, 4), n);
  }
  u8(n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.take(n, 1), n);
  }

  /** Sets one field of the `Frame` struct: a number, or the array (in this memory) it points to. */
  set(field: FrameField, value: number | ArrayBufferView): void {
    this.frame[FIELD_INDEX[field]] = typeof value === "number" ? value : value.byteOffset;
  }

  /**
   * PhaseIntegrator.integrate of the frame set with {@link set}: sorts it and integrates the
   * phases at or above `threshold`, in order or with the heap where magnitudes tie. Returns the
   * current frame's tie log-magnitude (−∞ when none) and whether the heap was needed.
   */
  integrate(
    threshold: number,
    floor: number,
    logFloor: number,
    prevTieLog: number,
  ): { tieLog: number; heap: boolean } {
    const heap = this.exports.integrate(
      this.frameOffset,
      threshold,
      floor,
      logFloor,
      prevTieLog,
      this.out.byteOffset,
    );
    return { tieLog: this.out[0]!, heap: heap === 1 };
  }

  /**
   * RtpghiPhase's gradients of the frame set with {@link set} ({@link mag} holding it): fills its
   * log-magnitudes and phase derivatives; returns its largest log-magnitude. `coef` holds tCoef,
   * negFCoef, curvatureCoef, clickCurvature, the hop and the floor magnitude, in this memory.
   */
  gradients(binAdvance: Float64Array, coef: Float64Array): number {
    return this.exports.gradients(this.frameOffset, binAdvance.byteOffset, coef.byteOffset);
  }

  /** The kernel's logarithm (fdlibm's, as V8's Math.log), for the tests. */
  log(x: number): number {
    return this.exports.log(x);
  }

  /** The kernel's exponential (fdlibm's, as V8's Math.exp), for the tests. */
  exp(x: number): number {
    return this.exports.exp(x);
  }

  /** The random phases of the bins whose log-magnitude is below `threshold`; the new PRNG state. */
  randomPhases(log: Float64Array, threshold: number, phase: Float64Array, state: number): number {
    return (
      this.exports.randomPhases(this.bins, log.byteOffset, threshold, phase.byteOffset, state) >>> 0
    );
  }

  /** Wraps `phase` into [−π, π]. */
  wrap(phase: Float64Array): void {
    this.exports.wrap(this.bins, phase.byteOffset);
  }

  /** polarToCartesian, every array in this memory. */
  polar(
    mag: Float32Array,
    phase: Float64Array,
    re: Float64Array,
    im: Float64Array,
    table: Float64Array,
    tableSize: number,
    radiansToTable: number,
  ): void {
    this.exports.polar(
      this.bins,
      mag.byteOffset,
      phase.byteOffset,
      re.byteOffset,
      im.byteOffset,
      table.byteOffset,
      tableSize,
      radiansToTable,
    );
  }
}

/** Floats per pass of the element-wise maps: they go through a kernel's memory in chunks. */
const CHUNK = 16384;

let mapper: { exports: PhaseExports; buffer: Float32Array } | null | undefined;

/** The kernel of the element-wise maps, made once; null where WebAssembly is missing. */
function mapKernel(): { exports: PhaseExports; buffer: Float32Array } | null {
  if (mapper !== undefined) return mapper;
  mapper = null;
  const module = phaseModule();
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
      exports: instance.exports as unknown as PhaseExports,
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
