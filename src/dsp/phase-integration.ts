import { MaxHeap } from "./max-heap";
import { heapArrays, type DspKernel } from "./dsp-kernel";
import { RadixOrder } from "./radix-order";
import { RankQueue } from "./rank-queue";

/**
 * The arrays of the current and previous frame, shared by {@link RtpghiPhase}
 * (which fills them and swaps current and previous after each frame) and
 * {@link PhaseIntegrator} (which reads them and writes current phases).
 */
export interface PhaseFrames {
  /** Log-magnitudes of the current and previous frame. */
  log: Float64Array;
  prevLog: Float64Array;
  /** Time derivatives of the phase, current and previous frame. */
  dt: Float64Array;
  prevDt: Float64Array;
  /** Frequency derivative of the phase, current frame. */
  readonly df: Float64Array;
  /** Phases of the current and previous frame. */
  phase: Float64Array;
  prevPhase: Float64Array;
}

/**
 * The heap integration of RTPGHI ({@link RtpghiPhase}): the phases of the
 * coefficients at or above a threshold are integrated from the largest
 * outward, in time from the previous frame or in frequency from a neighbour.
 *
 * The coefficients waiting are the previous frame's at or above the threshold
 * (all there from the start) and the current frame's reached so far, taken
 * largest first. When no two of them tie, that order is fixed by the
 * magnitudes alone and two cheap structures give it: a cursor over the
 * previous frame's bins in decreasing order, and a {@link RankQueue} over the
 * current frame's positions in its own decreasing order (both from one radix
 * sort per frame). When they tie, a binary heap over both frames decides, as
 * it always has, since its order among equals is part of the output.
 * With a {@link DspKernel}, the sort and both integrations run there (the
 * same steps, compiled). Allocates only in the constructor.
 */
export class PhaseIntegrator {
  private readonly bins: number;
  private readonly done: Uint8Array;
  private readonly heap: MaxHeap;
  private readonly queue: RankQueue;
  private readonly sorter: RadixOrder;
  /** The current magnitudes, and their float32 bit patterns as a view of them. */
  private readonly magCopy: Float32Array;
  private readonly magBits: Uint32Array;
  /** Per bin, a number that orders like the log-magnitude (0 at the floor). */
  private curCodes: Uint32Array;
  private prevCodes: Uint32Array;
  /** Bins by decreasing code. */
  private curOrder: Int32Array;
  private prevOrder: Int32Array;
  /** Position of each bin in `curOrder`. */
  private readonly curPos: Int32Array;
  /** Log-magnitude of the largest magnitude that two bins share, or −∞. */
  private curTieLog = -Infinity;
  private prevTieLog: number;
  /** Whether the current frame has a NaN magnitude. */
  private curNaN = false;
  /** Bins of the current frame left to integrate. */
  private remaining = 0;
  private readonly logFloor: number;

  /**
   * @param frames the frames it works on (their arrays may be swapped between calls; with a
   *   kernel, they live in its memory)
   * @param floor magnitudes at or below it count as it (`log(floor)` is their log-magnitude)
   * @param kernel where the sort and in-order integration run, if given
   */
  constructor(
    private readonly frames: PhaseFrames,
    private readonly floor: number,
    private readonly kernel?: DspKernel,
  ) {
    const bins = frames.log.length;
    this.bins = bins;
    this.heap = new MaxHeap(2 * bins);
    this.queue = new RankQueue(bins);
    this.sorter = new RadixOrder(bins);
    this.logFloor = Math.log(floor);
    this.prevTieLog = this.logFloor;
    const arrays = kernel ?? heapArrays;
    this.done = arrays.u8(bins);
    this.magCopy = kernel ? kernel.mag : new Float32Array(bins);
    this.curCodes = arrays.u32(bins);
    this.prevCodes = arrays.u32(bins);
    this.curOrder = arrays.i32(bins);
    this.prevOrder = arrays.i32(bins);
    this.curPos = arrays.i32(bins);
    if (kernel) {
      const words = Math.ceil(bins / 32);
      const summaryWords = Math.ceil(words / 32);
      kernel.set("done", this.done);
      kernel.set("curPos", this.curPos);
      kernel.set("scratch", kernel.i32(bins));
      kernel.set("counts", kernel.i32(1024));
      kernel.set("queueWords", kernel.u32(words));
      kernel.set("queueSummary", kernel.u32(summaryWords));
      kernel.set("summaryWords", summaryWords);
      kernel.set("heapItems", kernel.i32(2 * bins));
      kernel.set("heapKeys", kernel.f64(2 * bins));
      kernel.set("df", frames.df);
    }
    this.magBits = new Uint32Array(this.magCopy.buffer, this.magCopy.byteOffset, bins);
  }

  /** Forgets the previous frame: it becomes silent (all its bins tie at the floor). */
  reset(): void {
    this.prevCodes.fill(0);
    this.prevTieLog = this.logFloor;
  }

  /**
   * Integrates the phases of the current frame, whose magnitudes are `mag`,
   * at the bins whose log-magnitude is at or above `threshold`; then takes
   * the current frame for the previous one.
   */
  integrate(mag: Float32Array, threshold: number): void {
    if (this.kernel) this.integrateInKernel(this.kernel, mag, threshold);
    else {
      this.sortCurrent(mag);
      if (!this.integrateInOrder(threshold)) {
        // A tie: start again with the heap.
        this.integrateWithHeap(threshold);
      }
    }
    const { curCodes, curOrder } = this;
    this.prevTieLog = this.curTieLog;
    this.curCodes = this.prevCodes;
    this.prevCodes = curCodes;
    this.curOrder = this.prevOrder;
    this.prevOrder = curOrder;
  }

  /** The sort and the integration (in order, or with the heap on a tie) in the kernel. */
  private integrateInKernel(kernel: DspKernel, mag: Float32Array, threshold: number): void {
    if (mag !== this.magCopy) this.magCopy.set(mag);
    const f = this.frames;
    kernel.set("curCodes", this.curCodes);
    kernel.set("prevCodes", this.prevCodes);
    kernel.set("curOrder", this.curOrder);
    kernel.set("prevOrder", this.prevOrder);
    kernel.set("log", f.log);
    kernel.set("prevLog", f.prevLog);
    kernel.set("dt", f.dt);
    kernel.set("prevDt", f.prevDt);
    kernel.set("phase", f.phase);
    kernel.set("prevPhase", f.prevPhase);
    this.curTieLog = kernel.integrate(threshold, this.floor, this.logFloor, this.prevTieLog).tieLog;
  }

  /** Marks the bins below `threshold` done and counts the others. */
  private start(threshold: number): void {
    const { log: s } = this.frames;
    const done = this.done;
    let remaining = 0;
    for (let k = 0; k < this.bins; k++) {
      const below = (s[k] ?? 0) < threshold;
      done[k] = below ? 1 : 0;
      if (!below) remaining++;
    }
    this.remaining = remaining;
  }

  /**
   * Sorts the current frame's bins by decreasing magnitude (`curOrder`,
   * `curPos`) and finds its largest tied magnitude (`curTieLog`). Positive
   * float32 bit patterns order like their values, and so like their logs.
   */
  private sortCurrent(mag: Float32Array): void {
    const m = this.bins;
    const { magCopy, magBits, curCodes: codes, curOrder: order, curPos, floor } = this;
    const { log: s } = this.frames;
    magCopy.set(mag);
    let nan = false;
    for (let k = 0; k < m; k++) {
      const x = magCopy[k] ?? 0;
      codes[k] = x > floor ? (magBits[k] ?? 0) : 0;
      if (Number.isNaN(x)) nan = true;
    }
    this.curNaN = nan;
    this.sorter.descending(codes, order);
    for (let i = 0; i < m; i++) curPos[order[i] ?? 0] = i;
    this.curTieLog = -Infinity;
    for (let i = 0; i + 1 < m; i++) {
      const k = order[i] ?? 0;
      const code = codes[k] ?? 0;
      if (code === codes[order[i + 1] ?? 0]) {
        this.curTieLog = code === 0 ? this.logFloor : (s[k] ?? 0);
        break;
      }
    }
  }

  /**
   * The integration for coefficients that do not tie. Returns false, part-way,
   * on meeting a tie (a NaN counts as one), which only the heap may break.
   * The steps of {@link fromPrevious} and {@link spread} are written out here
   * over local arrays: this loop runs for nearly every decoded bin.
   */
  private integrateInOrder(threshold: number): boolean {
    if (this.curNaN || this.curTieLog >= threshold || this.prevTieLog >= threshold) return false;
    this.start(threshold);
    const m = this.bins;
    const { done, queue, curOrder, prevOrder, curPos, curCodes, prevCodes } = this;
    const { prevLog: sp, dt, prevDt, phase, prevPhase, df } = this.frames;
    let remaining = this.remaining;
    queue.clear();
    let cursor = 0;
    while (remaining > 0) {
      // The previous frame's largest bin not yet integrated in the current one.
      let kp = -1;
      for (; cursor < m; cursor++) {
        const k = prevOrder[cursor]!;
        if (done[k] === 0 && sp[k]! >= threshold) {
          kp = k;
          break;
        }
      }
      const pos = queue.peek();
      // The bin to integrate in time, if the previous frame's comes before the current one's.
      let fromTime = -1;
      if (pos < 0) {
        if (kp < 0) fromTime = this.largestLeft();
        else {
          fromTime = kp;
          cursor++;
        }
      } else if (kp >= 0) {
        const previousCode = prevCodes[kp]!;
        const currentCode = curCodes[curOrder[pos]!]!;
        if (previousCode === currentCode) return false;
        if (previousCode > currentCode) {
          fromTime = kp;
          cursor++;
        }
      }
      if (fromTime >= 0) {
        // In time, from the previous frame (trapezoidal rule).
        phase[fromTime] = prevPhase[fromTime]! + (prevDt[fromTime]! + dt[fromTime]!) / 2;
        done[fromTime] = 1;
        remaining--;
        queue.add(curPos[fromTime]!);
        continue;
      }
      // Along frequency, to the neighbours of the current frame's largest bin waiting.
      queue.remove(pos);
      const k = curOrder[pos]!;
      const p = phase[k]!;
      const d = df[k]!;
      const lower = k - 1;
      if (lower >= 0 && done[lower] === 0) {
        phase[lower] = p - (d + df[lower]!) / 2;
        done[lower] = 1;
        remaining--;
        queue.add(curPos[lower]!);
      }
      const upper = k + 1;
      if (upper < m && done[upper] === 0) {
        phase[upper] = p + (d + df[upper]!) / 2;
        done[upper] = 1;
        remaining--;
        queue.add(curPos[upper]!);
      }
    }
    this.remaining = 0;
    return true;
  }

  /** The integration with the binary heap over both frames. */
  private integrateWithHeap(threshold: number): void {
    this.start(threshold);
    const m = this.bins;
    const { done, heap } = this;
    const { log: s, prevLog: sp } = this.frames;
    heap.clear();
    for (let k = 0; k < m; k++) {
      const v = sp[k] ?? 0;
      if (v >= threshold) heap.push(k + m, v);
    }
    while (this.remaining > 0) {
      let item = heap.pop();
      if (item < 0) item = this.largestLeft() + m;
      if (item >= m) {
        const k = item - m;
        if (done[k]) continue;
        this.fromPrevious(k);
        heap.push(k, s[k] ?? 0);
        continue;
      }
      const claimed = this.spread(item);
      if (claimed & 1) heap.push(item - 1, s[item - 1] ?? 0);
      if (claimed & 2) heap.push(item + 1, s[item + 1] ?? 0);
    }
  }

  /** The current bin not yet integrated with the largest magnitude (the lowest such bin on a tie). */
  private largestLeft(): number {
    const { log: s } = this.frames;
    const done = this.done;
    let best = -1;
    for (let k = 0; k < this.bins; k++) {
      if (!done[k] && (best < 0 || (s[k] ?? 0) > (s[best] ?? 0))) best = k;
    }
    return best;
  }

  /** Integrates bin k of the current frame from the previous frame in time. */
  private fromPrevious(k: number): void {
    const { dt, prevDt, phase, prevPhase } = this.frames;
    const step = ((prevDt[k] ?? 0) + (dt[k] ?? 0)) / 2;
    phase[k] = (prevPhase[k] ?? 0) + step;
    this.done[k] = 1;
    this.remaining--;
  }

  /**
   * Integrates the neighbours of bin k of the current frame that are not yet
   * integrated, along frequency; returns which: 1 for k − 1, 2 for k + 1.
   */
  private spread(k: number): number {
    const { phase, df } = this.frames;
    const done = this.done;
    const p = phase[k] ?? 0;
    const d = df[k] ?? 0;
    let claimed = 0;
    const lower = k - 1;
    if (lower >= 0 && !done[lower]) {
      phase[lower] = p - (d + (df[lower] ?? 0)) / 2;
      done[lower] = 1;
      this.remaining--;
      claimed = 1;
    }
    const upper = k + 1;
    if (upper < this.bins && !done[upper]) {
      phase[upper] = p + (d + (df[upper] ?? 0)) / 2;
      done[upper] = 1;
      this.remaining--;
      claimed |= 2;
    }
    return claimed;
  }
}
