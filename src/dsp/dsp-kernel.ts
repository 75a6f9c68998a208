import { DSP_WASM_HEX } from "./wasm/dspWasm";

/**
 * The codec's per-frame DSP compiled from C (src/dsp/wasm/dsp.c) to WebAssembly, about twice as
 * fast as the JavaScript, which counts because every analysed and decoded bin of every frame
 * passes through:
 * - RTPGHI: the gradients, random phases and wrap of RtpghiPhase, the sort and the integration
 *   (in order, or with the heap) of PhaseIntegrator, and polarToCartesian: each step the
 *   JavaScript's, operation for operation (the logarithm is fdlibm's, as V8's Math.log), so the
 *   phases are the same bit for bit;
 * - the codec's element-wise log and exp (dsp-maps.ts): fdlibm's, bit for bit;
 * - the STFT's FFT and magnitudes (StftAnalyzer) and the inverse FFT and overlap-add
 *   (OverlapAdd): another FFT than fft.js's, the same to float32 rounding.
 * tests/dsp/dspKernel.test.ts holds each to that.
 *
 * One kernel per RtpghiPhase, SpectralSynth or StftAnalyzer: its own small memory, where that
 * object's arrays live as typed views (allocated once, at construction). Where WebAssembly is
 * missing or refuses the module, {@link DspKernel.create} gives undefined and the JavaScript
 * runs instead.
 */

/** The module's exports (dsp.c's EXPORTs). */
interface DspExports {
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
  analyze(fft: number, ring: number, w: number, window: number, mags: number): void;
  synthesize(fft: number, ola: number, re: number, im: number, first: number): void;
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

/** The fields of dsp.c's `Frame`, in order (each 4 bytes: an int or an offset). */
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

/** Bytes in a WebAssembly memory page. */
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** The module, compiled once (synchronously: it is 7 KB); null where WebAssembly refuses it. */
function dspModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = new Uint8Array(DSP_WASM_HEX.length / 2);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = parseInt(DSP_WASM_HEX.slice(2 * i, 2 * i + 2), 16);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Typed arrays of a given length: a kernel's (in its memory) or plain ones ({@link heapArrays}). */
export interface ArrayMaker {
  f64(n: number): Float64Array;
  f32(n: number): Float32Array;
  u32(n: number): Uint32Array;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
}

/** Plain typed arrays, for the JavaScript path. */
export const heapArrays: ArrayMaker = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  u32: (n) => new Uint32Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
};

/** Whether the compiled DSP runs here (WebAssembly is there and accepts the module). */
export const compiledDspAvailable = (): boolean => dspModule() !== null;

/**
 * Room for the arrays of one RtpghiPhase and its SpectralSynth at `bins` bins: 13 float64 and
 * 11 32-bit arrays of `bins` (the heap's counting twice), with one of each to spare, a sine
 * table of `tableLength`, the radix counts, and slack for alignment.
 */
function bytesFor(bins: number, tableLength: number): number {
  return 8 * 14 * bins + 8 * tableLength + 4 * (12 * bins + 1024) + bins + 4096;
}

export class DspKernel implements ArrayMaker {
  readonly bins: number;
  private readonly exports: DspExports;
  private readonly memory: WebAssembly.Memory;
  private next: number;
  /** The `Frame` struct dsp.c reads, as 32-bit fields. */
  private readonly frame: Int32Array;
  private readonly frameOffset: number;
  /** integrate's output: the current frame's tie log-magnitude. */
  private readonly out: Float64Array;
  /** The current frame's magnitudes, which every step reads: copy each frame here first. */
  readonly mag: Float32Array;

  /**
   * A kernel for frames of `bins` bins, with room for a sine table of `tableLength` values and
   * `extraBytes` more (see {@link fftBytes}, {@link olaBytes}); undefined where WebAssembly is
   * unavailable.
   */
  static create(bins: number, tableLength: number, extraBytes = 0): DspKernel | undefined {
    const module = dspModule();
    if (!module) return undefined;
    try {
      return new DspKernel(module, bins, tableLength, extraBytes);
    } catch {
      return undefined;
    }
  }

  private constructor(
    module: WebAssembly.Module,
    bins: number,
    tableLength: number,
    extraBytes: number,
  ) {
    this.bins = bins;
    const bytes = bytesFor(bins, tableLength) + extraBytes;
    // The module's stack sits below __heap_base; the arrays go above it.
    const instanceMemory = (base: number) =>
      new WebAssembly.Memory({
        initial: Math.ceil((base + bytes) / PAGE),
      });
    // __heap_base is only known once instantiated: instantiate with a memory sized for the
    // module's usual base (66 KB), and again if it asks for more.
    let memory = instanceMemory(2 * PAGE);
    let instance = new WebAssembly.Instance(module, { env: { memory } });
    let base = (instance.exports.__heap_base as WebAssembly.Global).value as number;
    if (base + bytes > memory.buffer.byteLength) {
      memory = instanceMemory(base);
      instance = new WebAssembly.Instance(module, { env: { memory } });
      base = (instance.exports.__heap_base as WebAssembly.Global).value as number;
    }
    this.memory = memory;
    this.exports = instance.exports as unknown as DspExports;
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
      throw new RangeError("DspKernel: out of memory");
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

  /**
   * An FFT of `n` points (a power of two ≥ 4) in this memory: its tables and scratch; returns
   * the offset of dsp.c's `Fft` struct, for {@link analyze} and {@link synthesize}.
   */
  fft(n: number): number {
    const m = n / 2;
    const struct = this.i32(6);
    const tw = this.f64(4 * Math.max(1, m / 2));
    for (let k = 0; k < m / 2; k++) {
      const theta = (2 * Math.PI * k) / m;
      tw.set([Math.cos(theta), Math.cos(theta), Math.sin(theta), -Math.sin(theta)], 4 * k);
    }
    const rev = this.i32(m);
    const bits = Math.log2(m);
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      rev[i] = r;
    }
    const cosN = this.f64(m + 1);
    const sinN = this.f64(m + 1);
    for (let k = 0; k <= m; k++) {
      cosN[k] = Math.cos((2 * Math.PI * k) / n);
      sinN[k] = Math.sin((2 * Math.PI * k) / n);
    }
    const z = this.f64(n);
    struct.set([n, tw.byteOffset, rev.byteOffset, cosN.byteOffset, sinN.byteOffset, z.byteOffset]);
    return struct.byteOffset;
  }

  /**
   * The overlap-add state of dsp.c's `Ola` for frames of `n` samples every `hop`, in this
   * memory: its accumulator and the `hop` samples each frame completes (`out`).
   */
  ola(
    n: number,
    hop: number,
    window: Float32Array,
    inverseNorm: Float64Array,
  ): { offset: number; acc: Float64Array; out: Float32Array } {
    const struct = this.i32(5);
    const w = this.f64(n);
    w.set(window);
    const norm = this.f64(hop);
    norm.set(inverseNorm);
    const acc = this.f64(n);
    const out = this.f32(hop);
    struct.set([hop, w.byteOffset, norm.byteOffset, acc.byteOffset, out.byteOffset]);
    return { offset: struct.byteOffset, acc, out };
  }

  /** StftAnalyzer's frame: window, FFT and magnitudes of the ring (oldest sample at `w`). */
  analyze(
    fft: number,
    ring: Float32Array,
    w: number,
    window: Float32Array,
    mags: Float32Array,
  ): void {
    this.exports.analyze(fft, ring.byteOffset, w, window.byteOffset, mags.byteOffset);
  }

  /** OverlapAdd's frame: inverse FFT of `re`/`im`, windowed overlap-add, `hop` samples out. */
  synthesize(fft: number, ola: number, re: Float64Array, im: Float64Array, first: number): void {
    this.exports.synthesize(fft, ola, re.byteOffset, im.byteOffset, first);
  }

  /** In place over `x` (in this memory): `x[i] = Math.log(x[i] + floor)`, float32. */
  logPlus(x: Float32Array, floor: number): void {
    this.exports.logPlus(x.byteOffset, x.length, floor);
  }

  /** In place over `x` (in this memory): `exp(x[i]) − floor` where finite and positive, else 0. */
  expMinus(x: Float32Array, floor: number): void {
    this.exports.expMinus(x.byteOffset, x.length, floor);
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

/** Bytes {@link DspKernel.fft} takes for `n` points (with alignment slack). */
export const fftBytes = (n: number): number => 8 * (n + 2 * (n / 2 + 1) + n) + 4 * (n / 2 + 6) + 64;

/** Bytes {@link DspKernel.ola} takes for `n` and `hop` (with alignment slack). */
export const olaBytes = (n: number, hop: number): number => 8 * (2 * n + hop) + 4 * (hop + 5) + 64;
