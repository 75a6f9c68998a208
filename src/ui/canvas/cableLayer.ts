/**
 * The cables, drawn straight into the DOM instead of through React. rete-react-plugin gives every
 * cable a React root of its own (with all of React's event listeners), renders it once empty and
 * again when its path arrives through an async pipe: most of the time it took to open a large
 * patch went there. Here a cable is one <svg> with two paths (a wide invisible one to click, the
 * coloured one to see), re-routed when a socket is measured or a node moves.
 *
 * It listens on the area before the React plugin and marks every cable render as done ("filled"),
 * so React never mounts one. Sockets are measured in batches (one layout for all the sockets drawn
 * in one go), as in rete's own watcher, but looked up by node (cableIndex.ts).
 */
import type { AreaPlugin } from "rete-area-plugin";
import { classicConnectionPath } from "rete-render-utils";
import type { AreaExtra, Schemes } from "./CanvasNode";
import { CableIndex, type CableEnds, type Point, type Side } from "./cableIndex";
import type { Watched } from "./canvasState";

const SVG = "http://www.w3.org/2000/svg";
/** rete's classic curvature. */
const CURVATURE = 0.3;

export interface CableLayerOptions {
  /** The value type a cable from output `output` of `source` carries (its colour). */
  typeOf(source: string, output: string): string;
  /** The selected cable's id. */
  readonly selected: Watched<string | undefined>;
  /** A cable was clicked (after it became the selected one). */
  onSelect(): void;
  /** Calls `listener` after every change of the patch; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

interface DrawnCable extends CableEnds {
  id: string;
  source: string;
  output: string;
  target: string;
  input: string;
  start?: Point;
  end?: Point;
  readonly svg: SVGSVGElement;
  readonly hit: SVGPathElement;
  readonly line: SVGPathElement;
  type: string;
}

interface SocketRef {
  readonly node: string;
  readonly side: Side;
  readonly key: string;
}

interface ConnectionPayload {
  readonly id: string;
  readonly source: string;
  readonly sourceOutput: string;
  readonly target: string;
  readonly targetInput: string;
}

/** The centre of `child` in the coordinates of its ancestor `parent` (offsets: no transforms). */
export function centreWithin(child: HTMLElement, parent: HTMLElement): Point {
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

/** A rete socket watcher that watches nothing: the cable layer routes the cables. */
export const noSocketWatcher = {
  attach(): void {},
  listen(): () => void {
    return () => {};
  },
};

/** Installs the cable layer on `area`; call before `area.use(reactPlugin)`. Returns the uninstall. */
export function installCableLayer(
  area: AreaPlugin<Schemes, AreaExtra>,
  opts: CableLayerOptions,
): () => void {
  const index = new CableIndex<DrawnCable>();
  const cables = new Map<Element, DrawnCable>();
  const sockets = new Map<Element, SocketRef>();
  let queued: { ref: SocketRef; element: HTMLElement }[] = [];
  let measureScheduled = false;

  const nodeAt = (node: string): Point | undefined => area.nodeViews.get(node)?.position;

  const route = (cable: DrawnCable) => {
    const ends = index.ends(cable, nodeAt);
    const d = ends ? classicConnectionPath(ends, CURVATURE) : "";
    cable.hit.setAttribute("d", d);
    cable.line.setAttribute("d", d);
  };
  const routeNode = (node: string) => {
    for (const cable of index.cablesOf(node)) route(cable);
  };

  /** Reads every queued socket's offsets (reads only: one layout), then re-routes their cables. */
  const measure = () => {
    measureScheduled = false;
    const batch = queued;
    queued = [];
    const moved = new Set<string>();
    for (const { ref, element } of batch) {
      const node = area.nodeViews.get(ref.node)?.element;
      if (!node || !element.isConnected || sockets.get(element) !== ref) continue; // gone since
      if (!element.offsetParent) {
        queued.push({ ref, element }); // attached but not laid out yet (hidden): try again later
        continue;
      }
      index.setSocket(ref.node, ref.side, ref.key, centreWithin(element, node));
      moved.add(ref.node);
    }
    for (const node of moved) routeNode(node);
    if (queued.length > 0) scheduleMeasure(50); // hidden sockets: poll gently
  };
  const scheduleMeasure = (delayMs = 0) => {
    if (measureScheduled) return;
    measureScheduled = true;
    setTimeout(measure, delayMs);
  };

  const draw = (element: HTMLElement, payload: ConnectionPayload, start?: Point, end?: Point) => {
    let cable = cables.get(element);
    if (cable && (cable.source !== payload.source || cable.target !== payload.target)) {
      index.remove(cable);
      cable.source = payload.source;
      cable.target = payload.target;
      index.add(cable);
    }
    if (!cable) {
      const svg = document.createElementNS(SVG, "svg");
      const hit = document.createElementNS(SVG, "path");
      const line = document.createElementNS(SVG, "path");
      hit.setAttribute("class", "lp-cable-hit");
      svg.append(hit, line);
      cable = {
        id: payload.id,
        source: payload.source,
        output: payload.sourceOutput,
        target: payload.target,
        input: payload.targetInput,
        svg,
        hit,
        line,
        type: "",
      };
      const drawn = cable;
      hit.addEventListener("pointerdown", (e) => {
        e.stopPropagation(); // a click on a cable is not the start of a pan
        opts.selected.set(drawn.id);
        opts.onSelect();
      });
      cables.set(element, cable);
      index.add(cable);
      element.append(svg);
    }
    cable.id = payload.id;
    cable.output = payload.sourceOutput;
    cable.input = payload.targetInput;
    cable.start = start;
    cable.end = end;
    cable.svg.dataset.cable = payload.id;
    cable.svg.setAttribute(
      "class",
      opts.selected.get() === cable.id ? "lp-cable selected" : "lp-cable",
    );
    retype(cable);
    route(cable);
  };
  const retype = (cable: DrawnCable) => {
    const type = opts.typeOf(cable.source, cable.output);
    if (type === cable.type) return;
    cable.type = type;
    cable.line.setAttribute("class", `type-${type}`);
  };
  const undraw = (element: Element) => {
    const cable = cables.get(element);
    if (!cable) return;
    index.remove(cable);
    cable.svg.remove();
    cables.delete(element);
  };

  area.addPipe((ctx) => {
    if (ctx.type === "render" && ctx.data.type === "connection") {
      const { element, payload, start, end } = ctx.data;
      draw(element, payload, start, end);
      return { ...ctx, data: { ...ctx.data, filled: true } };
    }
    if (ctx.type === "rendered" && ctx.data.type === "socket") {
      const { nodeId, side, key, element } = ctx.data;
      const ref: SocketRef = { node: nodeId, side, key };
      sockets.set(element, ref);
      queued.push({ ref, element });
      scheduleMeasure();
    } else if (ctx.type === "unmount") {
      const ref = sockets.get(ctx.data.element);
      if (ref) {
        sockets.delete(ctx.data.element);
        index.removeSocket(ref.node, ref.side, ref.key);
      }
      undraw(ctx.data.element);
    } else if (ctx.type === "nodetranslated") {
      routeNode(ctx.data.id);
    } else if (ctx.type === "noderesized") {
      for (const [element, ref] of sockets) {
        if (ref.node === ctx.data.id) queued.push({ ref, element: element as HTMLElement });
      }
      scheduleMeasure();
    }
    return ctx;
  });

  let shownSelected = opts.selected.get();
  const unwatchSelected = opts.selected.subscribe(() => {
    const now = opts.selected.get();
    for (const cable of cables.values()) {
      if (cable.id === shownSelected || cable.id === now) {
        cable.svg.setAttribute("class", cable.id === now ? "lp-cable selected" : "lp-cable");
      }
    }
    shownSelected = now;
  });
  const unwatchPatch = opts.subscribe(() => {
    for (const cable of cables.values()) retype(cable);
  });
  return () => {
    unwatchSelected();
    unwatchPatch();
  };
}
