/**
 * The streaming renderer: block-major playback of a patch. `next(frames)` runs every node once
 * for the next block, in topological order, each keeping its state between blocks, and returns
 * the block of the output node. Concatenated, the blocks are the offline `Engine.render` output
 * delayed by `latencySamples` (DESIGN.md "Streaming": what you hear live is what render writes).
 *
 * A parameter change builds a new chain for the changed node and what is downstream (everything
 * upstream is shared and keeps running once per block), lets it warm up for its fresh nodes'
 * latency beside the old chain, then crossfades from old to new. Changes arriving during a fade
 * wait for it to end and are applied together.
 */
import { compileGraph } from "../graph";
import { validateParams } from "../params";
import { PatchError } from "../patch/errors";
import { patchTransport, type Patch } from "../patch/schema";
import { TransportClock, type TempoMap } from "../transportClock";
import { patchRegistry } from "../patch/subpatch";
import type { Clock, NodeInstance, Outputs, ParamValue } from "../nodeDefinition";
import type { AudioValue } from "../values";
import type { StreamSetup } from "./loadStream";
import {
  chainLatency,
  changedAndDownstream,
  createInstances,
  defaultIsLive,
  disposeChain,
  precompute,
  precomputedNodes,
  stepChain,
  type Chain,
  type ChainEnv,
} from "./chain";
import { mixBlock, type Crossfade } from "./crossfade";
import { DEFAULT_CROSSFADE_MS, type StreamOptions } from "./streamOptions";
import {
  LOOP_CROSSFADE_MS,
  LoopPosition,
  loopLengthFrames,
  sliceMaterial,
  type LoopSegment,
} from "./loop";
import { SourceRestarts } from "./retrigger";
import { retriggeredNodes } from "../patch/performSchema";

export { DEFAULT_CROSSFADE_MS, type StreamOptions } from "./streamOptions";

const DEFAULT_SECONDS = 4;

export class StreamingRender {
  /** Samples from a source sample to the output sample it becomes. */
  readonly latencySamples: number;
  /** Samples of material: the duration of the longest source (or `seconds`); Infinity when live. */
  readonly durationSamples: number;
  /**
   * Frames of the stream covering the material and the latency, as the offline render does;
   * Infinity for a patch with a live source (unless `seconds` is given): it plays until stopped.
   */
  readonly totalFrames: number;
  /** True when a source of the patch is live: each block consumes a block of live input. */
  readonly live: boolean;
  /**
   * The loop length in latent frames: the patch's `transport.loopBars` at its tempo, else the
   * material's length, to the nearest frame (`loop.ts`).
   */
  readonly loopFrames: number;
  /** Samples between the last parameter change being applied and the new chain fully heard. */
  lastChangeDelaySamples = 0;
  private chain: Chain;
  private incoming: { chain: Chain; fade: Crossfade } | undefined;
  /** The latest accepted patch. */
  private patch: Patch;
  /** The patch the newest chain (incoming, else current) was built from. */
  private chainPatch: Patch;
  private position = 0;
  private transport: TransportClock;
  /** Where the sources are in their material (they wrap while looping). */
  private readonly loop = new LoopPosition();
  /** Sources started again while playing, each at its own place in its material. */
  private readonly restarts = new SourceRestarts();
  /** Frames over which static nodes are computed (finite, even when the stream is not). */
  private readonly precomputeFrames: number;

  private constructor(
    private readonly setup: StreamSetup,
    private readonly options: StreamOptions,
    private readonly precomputed: ReadonlySet<string>,
    private readonly outputId: string,
    chain: Chain,
    tempo: TransportClock,
    sizes: {
      latencySamples: number;
      durationSamples: number;
      totalFrames: number;
      precomputeFrames: number;
      live: boolean;
      loopFrames: number;
    },
  ) {
    this.chain = chain;
    this.transport = tempo;
    this.patch = setup.patch;
    this.chainPatch = setup.patch;
    this.latencySamples = sizes.latencySamples;
    this.durationSamples = sizes.durationSamples;
    this.totalFrames = sizes.totalFrames;
    this.precomputeFrames = sizes.precomputeFrames;
    this.live = sizes.live;
    this.loopFrames = sizes.loopFrames;
    if (options.loop) this.setLoop(true);
  }

  /** Creates every node, precomputes the static ones and gets ready to play from frame 0. */
  static async create(setup: StreamSetup, options: StreamOptions = {}): Promise<StreamingRender> {
    const { graph, clock } = setup;
    const outputId = options.outputId ?? graph.nodes.find((n) => n.def.category === "output")?.id;
    if (outputId === undefined) throw new Error("the patch has no output node; nothing to play");
    if (graph.byId.get(outputId)?.def.category !== "output")
      throw new Error(`"${outputId}" is not an output node of the patch`);
    const isLive = options.isLive ?? defaultIsLive;
    const ids = precomputedNodes(graph, isLive, options.precomputeSources ?? true);
    const live = graph.nodes.some(isLive);
    const { instances, statics } = await createInstances(graph, envOf(setup, options));
    let durationSamples = 0;
    for (const inst of instances.values())
      durationSamples = Math.max(durationSamples, inst.durationSamples ?? 0);
    if (options.seconds !== undefined)
      durationSamples = Math.round(options.seconds * clock.sampleRate);
    else if (durationSamples === 0) durationSamples = DEFAULT_SECONDS * clock.sampleRate;
    const latencySamples = chainLatency(graph, instances).get(outputId) ?? 0;
    const precomputeFrames = Math.ceil((durationSamples + latencySamples) / clock.hopSamples);
    const totalFrames = live && options.seconds === undefined ? Infinity : precomputeFrames;
    const blockFrames = options.precomputeBlockFrames ?? 16;
    const tempo =
      options.tempo ?? new TransportClock(clock.frameRate, patchTransport(setup.patch).bpm);
    const spec = { clock, totalFrames: precomputeFrames, blockFrames, tempo };
    await precompute(graph, instances, statics, ids, spec);
    const chain = { graph, instances, statics };
    const sizes = {
      latencySamples,
      durationSamples: Number.isFinite(totalFrames) ? durationSamples : Infinity,
      totalFrames,
      precomputeFrames,
      live,
      loopFrames: loopLengthFrames(setup.patch, clock, durationSamples),
    };
    return new StreamingRender(setup, options, ids, outputId, chain, tempo, sizes);
  }

  get clock(): Clock {
    return this.setup.clock;
  }

  /** First frame of the next block (frames keep counting across loops). */
  get framePosition(): number {
    return this.position;
  }

  /** The transport: the tempo and beat at every frame. */
  get tempo(): TempoMap {
    return this.transport;
  }

  /** Beats played up to the next block. */
  get beatPosition(): number {
    return this.transport.beatAt(this.position);
  }

  /**
   * Plays at `bpm` from the next block on, without a restart: the beat goes on from where it is,
   * at the new rate (tempo-synced nodes keep their phase).
   */
  setTempo(bpm: number): void {
    this.transport.setTempo(bpm, this.position);
    const transport = { ...patchTransport(this.patch), bpm };
    if (this.patch === this.chainPatch) this.chainPatch = { ...this.chainPatch, transport };
    this.patch = { ...this.patch, transport };
  }

  /** The material frame the next block starts at (before a wrap due at it). */
  get materialPosition(): number {
    return this.loop.materialFrame(this.position);
  }

  /** True while the sources wrap at {@link loopFrames}. */
  get looping(): boolean {
    return this.loop.length !== undefined;
  }

  /**
   * Loops (or stops looping) from the next block, without a restart: every node keeps its
   * state. Turned on past the loop point, the material starts again at the next block; turned
   * off, it plays on to its end and the stream ends after its latency tail.
   */
  setLoop(on: boolean): void {
    this.loop.length = on ? this.loopFrames : undefined;
    this.restarts.setLength(this.loop.length);
  }

  /**
   * Starts source `nodeId` (an AudioIn playing a file or a test signal, a Curve) again from its
   * start at the next block, while the rest plays on (`retrigger.ts`). Throws, naming the node,
   * when it is not one that can.
   */
  retrigger(nodeId: string): void {
    this.restarts.restart(this.chain.graph, this.precomputed, nodeId, this.loop);
  }

  /**
   * Continues the retriggered sources of `previous`, the version of this patch that played
   * before it (call after {@link seek}, which aligns the two streams).
   */
  adoptRestarts(previous: StreamingRender): void {
    const shift = this.position - previous.position;
    this.restarts.adopt(previous.restarts, this.chain.graph, this.precomputed, shift);
  }

  /**
   * Moves a stream that has not played yet to `frame` (at most the end of the material): its
   * sources start there and its stateful nodes start fresh. A new version of a playing patch
   * continues where the old one is instead of starting over; with `beats`, the old one's
   * transport, its beat goes on too (at this patch's tempo).
   */
  seek(frame: number, beats?: TempoMap): void {
    if (this.position !== 0 || this.incoming)
      throw new Error("seek: a stream can only seek before its first block");
    if (!(Number.isInteger(frame) && frame >= 0))
      throw new Error(`seek: frame must be a non-negative integer, got ${frame}`);
    this.position = Math.min(frame, Math.max(this.totalFrames, this.looping ? this.loopFrames : 0));
    if (beats) {
      const { frameRate } = this.clock;
      const bpm = this.transport.bpmAt(this.position);
      this.transport = TransportClock.continuing(beats, this.position, frameRate, bpm);
    }
  }

  /**
   * True once the material and the latency tail have played (never while looping); later blocks
   * are past the end.
   */
  get ended(): boolean {
    const held =
      this.options.holdForNotes === true &&
      (this.restarts.any || retriggeredNodes(this.patch.perform).length > 0);
    return (
      !this.looping &&
      !held &&
      this.materialPosition >= this.totalFrames &&
      this.restarts.ended(this.position, this.totalFrames)
    );
  }

  /** True while a parameter change is warming up or fading in. */
  get changing(): boolean {
    return this.incoming !== undefined;
  }

  /** The patch with every accepted parameter change, including those not yet heard. */
  currentPatch(): Patch {
    return this.patch;
  }

  /** Sets one parameter; see {@link setParams}. */
  setParam(nodeId: string, name: string, value: ParamValue): void {
    this.setParams(nodeId, { [name]: value });
  }

  /**
   * Sets parameters of one node. Checked at once (an invalid value throws a PatchError and changes
   * nothing); heard from the next block on, after the new chain's warm-up and the crossfade.
   */
  setParams(nodeId: string, values: Readonly<Record<string, ParamValue>>): void {
    const pn = this.patch.nodes.find((n) => n.id === nodeId);
    const def = pn && patchRegistry(this.setup.registry, this.patch.subpatches).get(pn.type);
    if (!pn || !def) throw new Error(`no node "${nodeId}" in the patch`);
    const params = { ...pn.params, ...values } as typeof pn.params;
    const issues = validateParams(def, params, `node "${nodeId}".params`);
    if (issues.length > 0) throw new PatchError(issues);
    this.patch = {
      ...this.patch,
      nodes: this.patch.nodes.map((n) => (n.id === nodeId ? { ...n, params } : n)),
    };
  }

  /** Renders the next block of `frames` latent frames (`frames * hopSamples` samples). */
  async next(frames: number): Promise<AudioValue> {
    if (!(Number.isInteger(frames) && frames > 0))
      throw new Error(`next: frames must be a positive integer, got ${frames}`);
    if (!this.incoming && this.patch !== this.chainPatch) await this.beginChange();
    const start = this.position;
    const memo = new Map<object, Outputs>();
    const segments = this.loop.advance(start, frames);
    const own = this.restarts.advance(start, frames);
    const segmentsOf = (nodeId: string) => {
      const source = this.restarts.sourceOf(nodeId);
      return (source !== undefined && own.get(source)) || segments;
    };
    const current = await this.outputOf(this.chain, start, frames, memo, segmentsOf);
    this.position += frames;
    if (!this.incoming) return current;
    const incoming = this.incoming;
    const next = await this.outputOf(incoming.chain, start, frames, memo, segmentsOf);
    const { block, finished } = mixBlock(current, next, incoming.fade);
    if (finished) {
      disposeChain(this.chain, incoming.chain);
      this.chain = incoming.chain;
      this.incoming = undefined;
    }
    return block;
  }

  /** Releases every node instance. The setup (models) belongs to the caller. */
  dispose(): void {
    if (this.incoming) disposeChain(this.incoming.chain, this.chain);
    disposeChain(this.chain);
    this.incoming = undefined;
  }

  /** Builds the chain for the latest patch and starts its warm-up and crossfade. */
  private async beginChange(): Promise<void> {
    const patch = this.patch;
    const graph = compileGraph(patch, this.setup.registry);
    const fresh = changedAndDownstream(this.chain.graph, graph);
    const { clock } = this.setup;
    const { instances, statics } = await createInstances(graph, envOf(this.setup, this.options), {
      chain: this.chain,
      fresh,
    });
    const spec = {
      clock,
      totalFrames: this.precomputeFrames,
      blockFrames: this.options.precomputeBlockFrames ?? 16,
      tempo: this.transport,
    };
    await precompute(graph, instances, statics, this.precomputed, spec);
    const warmup = chainLatency(graph, instances, fresh).get(this.outputId) ?? 0;
    const length = Math.round(
      ((this.options.crossfadeMs ?? DEFAULT_CROSSFADE_MS) / 1000) * clock.sampleRate,
    );
    this.incoming = { chain: { graph, instances, statics }, fade: { warmup, done: 0, length } };
    this.chainPatch = patch;
    this.lastChangeDelaySamples = warmup + length;
  }

  private async outputOf(
    chain: Chain,
    start: number,
    frames: number,
    memo: Map<object, Outputs>,
    segmentsOf: (nodeId: string) => readonly LoopSegment[],
  ): Promise<AudioValue> {
    const { clock } = this.setup;
    const fadeMs = this.options.loopCrossfadeMs ?? LOOP_CROSSFADE_MS;
    const material = (whole: Outputs, inst: NodeInstance, nodeId: string) =>
      sliceMaterial(whole, inst, segmentsOf(nodeId), clock, fadeMs);
    const outs = await stepChain(chain, clock, start, frames, memo, this.transport, material);
    const v = outs.get(this.outputId)?.out;
    if (v?.type !== "audio") throw new Error(`output node "${this.outputId}" gave no audio`);
    return v;
  }
}

/** What nodes are created with: the setup's clock, models and assets, and the live input. */
function envOf(setup: StreamSetup, options: StreamOptions): ChainEnv {
  const { clock, models, assets } = setup;
  return { clock, models, assets, live: options.live };
}
