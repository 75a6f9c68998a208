/**
 * Level of detail: zoomed far out, where a card's controls would be a few pixels tall and no one
 * can read or drag them, node cards are drawn compact (title and sockets, no controls). Opening a
 * large patch then draws a third of the DOM it would otherwise (bench/results/ui.md), and panning
 * it paints less. Zooming back in draws the controls again.
 */
import type { Size } from "../model/arrange";

/** Below this zoom the cards turn compact... */
export const COMPACT_BELOW = 0.3;
/** ...and above this one they are full again (a gap, so a zoom near the edge does not flicker). */
export const FULL_ABOVE = 0.35;

/** Whether cards are compact at zoom `k`, given whether they are now. */
export function compactAt(k: number, compactNow: boolean): boolean {
  return compactNow ? k <= FULL_ABOVE : k < COMPACT_BELOW;
}

/** A full card's size before it is drawn, for the fit estimate (cards are 150–210 px wide). */
export const TYPICAL_CARD: Size = { width: 210, height: 150 };

/**
 * The zoom that rete's zoom-to-fit (`AreaExtensions.zoomAt`, scale 0.9, never above 1) will choose
 * for nodes at `positions` (top-left corners) of about `card` size, in a viewport of `viewport`:
 * what the cards are drawn at right after a patch is opened, known before they are drawn.
 */
export function fitZoom(
  positions: Iterable<readonly [number, number]>,
  viewport: Size,
  card: Size = TYPICAL_CARD,
): number {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) {
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + card.width);
    bottom = Math.max(bottom, y + card.height);
  }
  if (!Number.isFinite(left) || viewport.width <= 0 || viewport.height <= 0) return 1;
  const k = 0.9 * Math.min(viewport.width / (right - left), viewport.height / (bottom - top));
  return Math.min(k, 1);
}

/** Height of one control row and of the "n more…" button in a full card (style.css). */
export const CONTROL_ROW_PX = 26;
export const FOLD_BUTTON_PX = 22;

/** The drawn envelope under a Curve's points (`curve/CurveControl.tsx`): its button and the gap. */
export const CURVE_PREVIEW_PX = 22;
export const CURVE_PREVIEW_ROW_PX = CURVE_PREVIEW_PX + 2 + 3;

/**
 * The size a compact card will have when drawn in full (auto-arrange spaces the cards by their
 * full size whatever the zoom): its drawn size plus its hidden rows of controls, and the drawn
 * envelope under each points list.
 */
export function fullSize(
  drawn: Size,
  controlRows: number,
  foldButton: boolean,
  curvePreviews = 0,
): Size {
  const extra =
    controlRows * CONTROL_ROW_PX +
    (foldButton ? FOLD_BUTTON_PX : 0) +
    curvePreviews * CURVE_PREVIEW_ROW_PX;
  return { width: drawn.width, height: drawn.height + extra };
}

/** How far a socket reaches out of its card's side (`.lp-port.input/.output` margins, style.css). */
export const SOCKET_OVERHANG_PX = 7;

/**
 * The width auto-arrange gives a card: its measured width, or while compact (its controls, and
 * what they widen, not drawn) the widest it can grow to (its CSS `max-width`), plus the sockets
 * reaching out of both sides; a column gap then separates the sockets, not the cards.
 */
export function arrangedWidth(measured: number, maxWidth: number, compact: boolean): number {
  const card = compact && Number.isFinite(maxWidth) ? Math.max(measured, maxWidth) : measured;
  return card + 2 * SOCKET_OVERHANG_PX;
}
