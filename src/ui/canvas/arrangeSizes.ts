/**
 * The sizes auto-arrange (`model/arrange.ts`) spaces the cards by, measured from the DOM: each
 * card's drawn size with its sockets, and for a compact card (zoomed far out) the size it will
 * have once its controls are drawn again (levelOfDetail.ts).
 */
import type { Patch } from "../../engine/patch/schema";
import type { Size } from "../model/arrange";
import { foldedControls, shownControls } from "../model/nodeView";
import type { CanvasNode } from "./CanvasNode";
import { arrangedWidth, fullSize } from "./levelOfDetail";
import { viewOfNode } from "./patchView";

/** The CSS max-width of node `n`'s card (Infinity when unknown or "none"). */
function maxWidthOf(n: CanvasNode): number {
  const card = n.element?.querySelector<HTMLElement>(".lp-node");
  const max = card ? parseFloat(getComputedStyle(card).maxWidth) : NaN;
  return Number.isFinite(max) ? max : Infinity;
}

/** The size node `n` of `patch` is arranged by; `compact`: whether cards are drawn compact. */
export function arrangeSizeOf(n: CanvasNode, patch: Patch, compact: boolean): Size {
  const width = arrangedWidth(n.width, compact ? maxWidthOf(n) : Infinity, compact);
  const drawn = { width, height: n.height };
  const view = compact ? viewOfNode(patch, n.id) : undefined;
  if (!view || view.controls.length === 0) return drawn;
  // Compact cards are arranged by the size they will have when the controls show again.
  const folded = foldedControls(view.controls);
  const previews = folded.filter((c) => c.kind === "list" && c.points !== undefined).length;
  const rows = folded.length;
  return fullSize(drawn, rows, shownControls(view.controls).length > rows, previews);
}
