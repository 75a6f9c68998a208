/**
 * Box selection (Max's and every patcher's habit; rete v2 has none): Shift+drag on empty canvas
 * draws a rectangle, and the nodes and comments it touches become the selection (with Ctrl or
 * Cmd held too, they join it). A plain drag still pans.
 */

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The box spanned by two corners, whichever way the drag went. */
export const boxOf = (x0: number, y0: number, x1: number, y1: number): Box => ({
  left: Math.min(x0, x1),
  top: Math.min(y0, y1),
  right: Math.max(x0, x1),
  bottom: Math.max(y0, y1),
});

/** The keys of the items whose boxes touch `box`. */
export function boxHits(box: Box, items: Iterable<readonly [string, Box]>): string[] {
  const hits: string[] = [];
  for (const [key, r] of items) {
    if (r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
      hits.push(key);
  }
  return hits;
}

/** What box selection needs from the canvas. */
export interface BoxSelectTarget {
  /** The drawn items (rete node keys and their elements). */
  items(): Iterable<readonly [string, HTMLElement]>;
  /** Makes `keys` the selection, or adds them to it. */
  select(keys: readonly string[], add: boolean): Promise<void>;
}

/** Installs box selection on the canvas element; returns the uninstaller. */
export function installBoxSelect(container: HTMLElement, target: BoxSelectTarget): () => void {
  const onDown = (e: PointerEvent) => {
    if (!e.shiftKey || e.button !== 0) return;
    const on = (e.target as Element).closest(".lp-node, .lp-comment, .lp-cable-hit, .lp-menu");
    if (on) return; // Shift on a node or a slider keeps its own meaning (fine drags)
    e.stopPropagation(); // not a pan
    e.preventDefault();
    const add = e.ctrlKey || e.metaKey;
    const band = document.createElement("div");
    band.className = "lp-select-band";
    container.appendChild(band);
    const bounds = container.getBoundingClientRect();
    let box = boxOf(e.clientX, e.clientY, e.clientX, e.clientY);
    const draw = (ev: PointerEvent) => {
      box = boxOf(e.clientX, e.clientY, ev.clientX, ev.clientY);
      Object.assign(band.style, {
        left: `${box.left - bounds.left}px`,
        top: `${box.top - bounds.top}px`,
        width: `${box.right - box.left}px`,
        height: `${box.bottom - box.top}px`,
      });
    };
    const up = (ev: PointerEvent) => {
      draw(ev);
      window.removeEventListener("pointermove", draw);
      window.removeEventListener("pointerup", up);
      band.remove();
      const rects = [...target.items()].map(
        ([key, el]) => [key, el.getBoundingClientRect()] as const,
      );
      void target.select(boxHits(box, rects), add);
    };
    window.addEventListener("pointermove", draw);
    window.addEventListener("pointerup", up);
  };
  container.addEventListener("pointerdown", onDown, { capture: true });
  return () => container.removeEventListener("pointerdown", onDown, { capture: true });
}
