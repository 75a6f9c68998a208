/**
 * Retriggers: a source (an AudioIn playing a file or a test signal, a Curve) started again from
 * its first frame while the stream plays, as a sampler's key does. The source gets a position of
 * its own in its material (a {@link LoopPosition}, so it still wraps while looping) from the next
 * block; the precomputed nodes computed from it (whole-mode nodes such as DescriptorTarget) follow
 * it. Everything downstream that streams keeps its state, so the cut runs through the codec like
 * any change of sound, and audio crossfades from the material that would have followed to the
 * start over {@link RETRIGGER_FADE_MS} (none once the material has ended: the onset plays as it is).
 */
import { downstreamOf, type CompiledGraph } from "../graph";
import { LoopPosition, type LoopSegment } from "./loop";

/** The crossfade at a retrigger's cut, in milliseconds: short, so the onset stays an onset. */
export const RETRIGGER_FADE_MS = 5;

/** The retriggered sources of one stream and where each is in its material. */
export class SourceRestarts {
  /** Positions by retriggered source id. */
  private readonly positions = new Map<string, LoopPosition>();
  /** Precomputed node id → the retriggered source whose position it reads. */
  private readonly followers = new Map<string, string>();

  /**
   * Starts source `nodeId` again from its start at the next block. Throws, naming the node, when
   * it is not a precomputed source (a live input, a tempo-synced LFO, a node that is not a source).
   */
  restart(
    graph: CompiledGraph,
    precomputed: ReadonlySet<string>,
    nodeId: string,
    global: LoopPosition,
    fadeMs = RETRIGGER_FADE_MS,
  ): void {
    const node = graph.byId.get(nodeId);
    if (!node) throw new Error(`retrigger: no node "${nodeId}" in the playing patch`);
    if (node.def.category !== "source" || !precomputed.has(nodeId))
      throw new Error(
        `retrigger: node "${nodeId}" (${node.def.type}) cannot start again: only an AudioIn playing a file or a test signal, or a Curve, can`,
      );
    let position = this.positions.get(nodeId);
    if (!position) {
      position = global.copy();
      this.positions.set(nodeId, position);
      for (const id of downstreamOf(graph, nodeId))
        if (precomputed.has(id)) this.followers.set(id, nodeId);
    }
    position.restart(fadeMs);
  }

  /** True once a source has been retriggered. */
  get any(): boolean {
    return this.positions.size > 0;
  }

  /** Loops (or not) every retriggered source at `length` frames, as the stream's own position. */
  setLength(length: number | undefined): void {
    for (const position of this.positions.values()) position.length = length;
  }

  /** Each retriggered source's segments for the block [start, start + frames). */
  advance(start: number, frames: number): Map<string, LoopSegment[]> {
    const out = new Map<string, LoopSegment[]>();
    for (const [id, position] of this.positions) out.set(id, position.advance(start, frames));
    return out;
  }

  /** The source whose position precomputed node `nodeId` reads, if one was retriggered. */
  sourceOf(nodeId: string): string | undefined {
    return this.followers.get(nodeId);
  }

  /** True once every retriggered source has played `totalFrames` of its pass at `streamFrame`. */
  ended(streamFrame: number, totalFrames: number): boolean {
    for (const position of this.positions.values())
      if (position.materialFrame(streamFrame) < totalFrames) return false;
    return true;
  }

  /**
   * Takes over `other`'s retriggered sources that `graph` still has as precomputed sources, `shift`
   * frames later in the stream (a new version of the playing patch continues where it was).
   */
  adopt(
    other: SourceRestarts,
    graph: CompiledGraph,
    precomputed: ReadonlySet<string>,
    shift: number,
  ): void {
    for (const [id, position] of other.positions) {
      if (graph.byId.get(id)?.def.category !== "source" || !precomputed.has(id)) continue;
      this.positions.set(id, position.copy(shift));
      for (const down of downstreamOf(graph, id))
        if (precomputed.has(down)) this.followers.set(down, id);
    }
  }
}
