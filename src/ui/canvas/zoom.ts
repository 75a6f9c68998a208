/**
 * Zoom of the canvas, as a Max or Pd user expects it: buttons and keys that zoom in and out by
 * steps around the view's centre, 100 %, fit — and an opened patch shown at a zoom where its
 * text can be read (≥ 11 px), laid out from its top-left corner, rather than shrunk to fit.
 */

/** The smallest zoom at which a card's text is readable: its smallest text is 11 px at 100 %. */
export const READABLE_ZOOM = 1;
/** The zoom steps of the −/+ buttons and keys. */
export const ZOOM_STEPS = [0.1, 0.15, 0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];
/** The margin around a patch shown from its top-left corner, in screen pixels. */
const MARGIN = 24;

export interface Transform {
  readonly k: number;
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The next step above (`dir` 1) or below (−1) zoom `k`; `k` itself at either end. */
export function stepZoom(k: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((s) => s > k * 1.001) ?? k;
  return [...ZOOM_STEPS].reverse().find((s) => s < k / 1.001) ?? k;
}

/** The transform at zoom `k` that keeps the point under screen point (`px`, `py`) in place. */
export function zoomAround(t: Transform, k: number, px: number, py: number): Transform {
  const r = k / t.k;
  return { k, x: px - (px - t.x) * r, y: py - (py - t.y) * r };
}

/**
 * The view of `box` (canvas units) in a `width` × `height` viewport after a fit chose `fitted`:
 * the fit itself when its text is readable; else {@link READABLE_ZOOM}, the patch's top-left
 * corner a margin from the view's, centred where it fits (the user scrolls to the rest).
 */
export function readableView(
  fitted: Transform,
  box: Box,
  width: number,
  height: number,
): Transform {
  if (fitted.k >= READABLE_ZOOM - 1e-6) return fitted;
  const k = READABLE_ZOOM;
  const w = (box.right - box.left) * k;
  const h = (box.bottom - box.top) * k;
  const x = w + 2 * MARGIN <= width ? (width - w) / 2 - box.left * k : MARGIN - box.left * k;
  const y = h + 2 * MARGIN <= height ? (height - h) / 2 - box.top * k : MARGIN - box.top * k;
  return { k, x, y };
}

/** "38 %", as the readout shows zoom `k`. */
export const zoomLabel = (k: number): string => `${Math.round(k * 100)} %`;
