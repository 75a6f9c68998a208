/**
 * The canvas's zoom commands on rete's area: steps around the view's centre, a zoom to a figure,
 * and the readable view of an opened patch (the arithmetic is in zoom.ts).
 */
import { AreaExtensions, type AreaPlugin } from "rete-area-plugin";
import type { BaseSchemes } from "rete";
import { readableView, stepZoom, zoomAround, type Box, type Transform } from "./zoom";

interface Sized {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface ZoomCommands {
  zoomStep(dir: 1 | -1): Promise<void>;
  zoomTo(k: number): Promise<void>;
  showReadable(): Promise<void>;
}

export function zoomCommands<S extends BaseSchemes, E>(
  area: AreaPlugin<S, E>,
  container: HTMLElement,
  nodes: () => (S["Node"] & Sized)[],
): ZoomCommands {
  const aroundCentre = (k: number): Transform =>
    zoomAround(area.area.transform, k, container.clientWidth / 2, container.clientHeight / 2);
  const setTransform = async (t: Transform) => {
    await area.area.zoom(t.k, 0, 0);
    await area.area.translate(t.x, t.y);
  };
  /** The drawn extent of the nodes in canvas units. */
  const boxOf = (list: readonly Sized[]): Box | undefined => {
    let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of list) {
      const at = area.nodeViews.get(n.id)?.position;
      if (!at) continue;
      left = Math.min(left, at.x);
      top = Math.min(top, at.y);
      right = Math.max(right, at.x + n.width);
      bottom = Math.max(bottom, at.y + n.height);
    }
    return Number.isFinite(left) ? { left, top, right, bottom } : undefined;
  };
  return {
    zoomStep: (dir) => setTransform(aroundCentre(stepZoom(area.area.transform.k, dir))),
    zoomTo: (k) => setTransform(aroundCentre(k)),
    showReadable: async () => {
      const list = nodes();
      const box = boxOf(list);
      if (!box) return setTransform({ k: 1, x: 0, y: 0 }); // an empty patch: 100 %
      await AreaExtensions.zoomAt(area, list);
      const t = { ...area.area.transform };
      const view = readableView(t, box, container.clientWidth, container.clientHeight);
      if (view !== t) await setTransform(view);
    },
  };
}
