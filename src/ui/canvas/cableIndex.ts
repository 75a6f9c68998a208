/**
 * Where the cables' ends are: each drawn socket's centre inside its node, and which cables touch
 * which node, so that moving or redrawing a node re-routes only its own cables. Pure bookkeeping
 * (no DOM): the cable layer (cableLayer.ts) measures and draws.
 *
 * rete's own socket watcher keeps one list of every socket and one list of listeners, and each
 * socket drawn or node moved walks both: opening a 200-node patch made that quadratic. Here both
 * lookups are by node.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type Side = "input" | "output";

/** A cable's ends: a socket of a node, or a fixed point (the free end of a cable being dragged). */
export interface CableEnds {
  readonly source: string;
  readonly output: string;
  readonly target: string;
  readonly input: string;
  /** The dragged end, in patch coordinates, when the cable is not attached there yet. */
  readonly start?: Point;
  readonly end?: Point;
}

/** How far a cable's end sits outside the socket's centre (rete's default). */
export const CABLE_OFFSET = 12;

const slot = (side: Side, key: string) => `${side}\u0000${key}`;

export class CableIndex<C extends CableEnds> {
  /** Socket centres (plus the cable offset) relative to their node, by node then side + key. */
  private readonly sockets = new Map<string, Map<string, Point>>();
  private readonly byNode = new Map<string, Set<C>>();

  /** Records where socket `key` on `side` of `node` sits inside the node (its centre). */
  setSocket(node: string, side: Side, key: string, centre: Point): void {
    let own = this.sockets.get(node);
    if (!own) this.sockets.set(node, (own = new Map<string, Point>()));
    const dx = side === "input" ? -CABLE_OFFSET : CABLE_OFFSET;
    own.set(slot(side, key), { x: centre.x + dx, y: centre.y });
  }

  removeSocket(node: string, side: Side, key: string): void {
    const own = this.sockets.get(node);
    own?.delete(slot(side, key));
    if (own?.size === 0) this.sockets.delete(node);
  }

  /** Where a socket's cable end is in patch coordinates, given where its node is drawn. */
  socketAt(node: string, side: Side, key: string, nodeAt: Point | undefined): Point | undefined {
    const p = this.sockets.get(node)?.get(slot(side, key));
    return p && nodeAt ? { x: p.x + nodeAt.x, y: p.y + nodeAt.y } : undefined;
  }

  add(cable: C): void {
    for (const node of [cable.source, cable.target]) {
      if (!node) continue; // the free end of a cable being dragged
      let set = this.byNode.get(node);
      if (!set) this.byNode.set(node, (set = new Set()));
      set.add(cable);
    }
  }

  remove(cable: C): void {
    for (const node of [cable.source, cable.target]) {
      const set = this.byNode.get(node);
      set?.delete(cable);
      if (set?.size === 0) this.byNode.delete(node);
    }
  }

  /** The cables with an end on `node`. */
  cablesOf(node: string): Iterable<C> {
    return this.byNode.get(node) ?? [];
  }

  /**
   * Both ends of `cable` in patch coordinates, or undefined while one of its sockets has not been
   * measured (or its node is not drawn). `nodeAt` says where a node is drawn.
   */
  ends(cable: C, nodeAt: (node: string) => Point | undefined): [Point, Point] | undefined {
    const start =
      cable.start ?? this.socketAt(cable.source, "output", cable.output, nodeAt(cable.source));
    const end =
      cable.end ?? this.socketAt(cable.target, "input", cable.input, nodeAt(cable.target));
    return start && end ? [start, end] : undefined;
  }
}
