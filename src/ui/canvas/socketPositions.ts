/**
 * Where each socket sits inside its node, for the cables' ends. rete's DOM watcher measures one
 * socket as soon as it is drawn; while a large patch opens, every measurement then follows a DOM
 * change and forces a fresh layout of the whole canvas (most of the load time of a 200-node
 * patch). This watcher queues the sockets drawn in one go and measures them all in one pass once
 * the current task has finished, so the browser lays the canvas out once.
 */
import type { BaseSchemes } from "rete";
import { BaseSocketPosition } from "rete-render-utils";

type Side = "input" | "output";
interface Position {
  x: number;
  y: number;
}

interface Request {
  readonly nodeId: string;
  readonly side: Side;
  readonly element: HTMLElement;
  readonly resolve: (p: Position | null) => void;
}

/** How far a cable's end sits outside the socket's centre (rete's default). */
const CABLE_OFFSET = 12;

/** The centre of `child` in the coordinates of its ancestor `parent` (offsets: no transforms). */
export function centreWithin(child: HTMLElement, parent: HTMLElement): Position {
  let x = child.offsetLeft;
  let y = child.offsetTop;
  let at = child.offsetParent as HTMLElement | null;
  while (at !== null && at !== parent) {
    x += at.offsetLeft + at.clientLeft;
    y += at.offsetTop + at.clientTop;
    at = at.offsetParent as HTMLElement | null;
  }
  return { x: x + child.offsetWidth / 2, y: y + child.offsetHeight / 2 };
}

export class BatchedSocketPosition<S extends BaseSchemes, K> extends BaseSocketPosition<S, K> {
  private pending: Request[] = [];
  private scheduled = false;

  calculatePosition(
    nodeId: string,
    side: Side,
    _key: string,
    element: HTMLElement,
  ): Promise<Position | null> {
    return new Promise((resolve) => {
      this.pending.push({ nodeId, side, element, resolve });
      this.schedule();
    });
  }

  private schedule(delayMs = 0): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.measure(), delayMs);
  }

  /** Reads every queued socket's offsets: reads only, so the layout is computed once. */
  private measure(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const r of batch) {
      const node = this.area?.nodeViews.get(r.nodeId)?.element;
      if (!node || !r.element.isConnected) {
        r.resolve(null); // the node or socket went away before it was measured
      } else if (!r.element.offsetParent) {
        this.pending.push(r); // attached but not laid out yet (hidden): try again later
      } else {
        const c = centreWithin(r.element, node);
        r.resolve({ x: c.x + CABLE_OFFSET * (r.side === "input" ? -1 : 1), y: c.y });
      }
    }
    if (this.pending.length > 0) this.schedule(50); // hidden sockets: poll gently
  }
}
