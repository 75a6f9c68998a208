/**
 * Plots on the plane of the model's first two principal directions: a latent's trajectory over
 * time (seed 002 Fig. 2) and the codebook map with the entries a node chose. The play position
 * is a ring on the current frame, drawn on an overlay so the plot itself is drawn once.
 */
import { useCallback, useContext, useRef } from "react";
import { boundsOf, type Bounds, type Points2D } from "./projection";
import { css, sequential } from "./colormap";
import { GRID, label, PlayheadContext, PlotCanvas, useAnimation } from "./plotCanvas";

type ToPixel = (x: number, y: number) => [number, number];

function toPixel(b: Bounds, w: number, h: number): ToPixel {
  return (x, y) => [((x - b.x0) / (b.x1 - b.x0)) * w, (1 - (y - b.y0) / (b.y1 - b.y0)) * h];
}

function axes(g: CanvasRenderingContext2D, px: ToPixel, w: number, h: number): void {
  const [ox, oy] = px(0, 0);
  g.strokeStyle = GRID;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(0, Math.round(oy) + 0.5);
  g.lineTo(w, Math.round(oy) + 0.5);
  g.moveTo(Math.round(ox) + 0.5, 0);
  g.lineTo(Math.round(ox) + 0.5, h);
  g.stroke();
  label(g, "PC1 →", w - 40, Math.min(h - 4, Math.max(12, oy - 4)));
  label(g, "PC2 ↑", Math.min(w - 40, Math.max(4, ox + 4)), 12);
}

function ring(
  g: CanvasRenderingContext2D,
  x: number,
  y: number,
  r: number,
  colour: string,
  width = 2,
) {
  g.strokeStyle = colour;
  g.lineWidth = width;
  g.beginPath();
  g.arc(x, y, r, 0, 2 * Math.PI);
  g.stroke();
}

/** A ring on point `index(t)` of `points` while playing. */
function PositionRing(props: { points: Points2D; bounds: Bounds; index: (t: number) => number }) {
  const position = useContext(PlayheadContext);
  const ref = useRef<HTMLCanvasElement>(null);
  const shown = useRef(-2);
  useAnimation(() => {
    const canvas = ref.current;
    const g = canvas?.getContext("2d");
    const t = position();
    const i = t === undefined ? -1 : props.index(t);
    if (!canvas || !g || i === shown.current) return;
    shown.current = i;
    const [w, h] = [canvas.clientWidth, canvas.clientHeight];
    canvas.width = Math.round(w * devicePixelRatio);
    canvas.height = Math.round(h * devicePixelRatio);
    g.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    const [x, y] = [props.points.xs[i], props.points.ys[i]];
    if (x === undefined || y === undefined) return;
    const [cx, cy] = toPixel(props.bounds, w, h)(x, y);
    ring(g, cx, cy, 7, "#ffffff");
  });
  return <canvas ref={ref} className="lp-plot-canvas overlay" />;
}

/** The trajectory: a line coloured from dark (start) to light (end), ○ start, □ end. */
export function TrajectoryPlot({ points, frameRate }: { points: Points2D; frameRate: number }) {
  const bounds = boundsOf([points]);
  const draw = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => {
      const px = toPixel(bounds, w, h);
      axes(g, px, w, h);
      const n = points.xs.length;
      g.lineWidth = 1.5;
      for (let i = 1; i < n; i++) {
        g.strokeStyle = css(sequential(0.25 + (0.75 * i) / n));
        g.beginPath();
        g.moveTo(...px(points.xs[i - 1]!, points.ys[i - 1]!));
        g.lineTo(...px(points.xs[i]!, points.ys[i]!));
        g.stroke();
      }
      if (n === 0) return;
      const [sx, sy] = px(points.xs[0]!, points.ys[0]!);
      ring(g, sx, sy, 4, "#7fb0ff");
      const [ex, ey] = px(points.xs[n - 1]!, points.ys[n - 1]!);
      g.fillStyle = "#fcfdbf";
      g.fillRect(ex - 3.5, ey - 3.5, 7, 7);
    },
    [points, bounds],
  );
  const index = (t: number) => Math.min(points.xs.length - 1, Math.floor(t * frameRate));
  return (
    <>
      <PlotCanvas draw={draw} label="principal trajectory" />
      <PositionRing points={points} bounds={bounds} index={index} />
    </>
  );
}

export interface CodebookMapProps {
  readonly entries: Points2D;
  /** One colour value per entry (already scaled to [0, 1]). */
  readonly shade: Float32Array;
  /** The chosen entry per frame. */
  readonly chosen: Float32Array;
  readonly frameRate: number;
}

/** Every entry a dot coloured by a descriptor; chosen entries ringed, joined in time order. */
export function CodebookMap({ entries, shade, chosen, frameRate }: CodebookMapProps) {
  const bounds = boundsOf([entries]);
  const draw = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => {
      const px = toPixel(bounds, w, h);
      axes(g, px, w, h);
      entries.xs.forEach((x, i) => {
        g.fillStyle = css(sequential(0.15 + 0.85 * (shade[i] ?? 0)));
        g.beginPath();
        g.arc(...px(x, entries.ys[i]!), 2.6, 0, 2 * Math.PI);
        g.fill();
      });
      const at = (k: number) => px(entries.xs[k] ?? 0, entries.ys[k] ?? 0);
      g.strokeStyle = "rgba(255,255,255,0.18)";
      g.lineWidth = 1;
      g.beginPath();
      chosen.forEach((k, i) => (i === 0 ? g.moveTo(...at(k)) : g.lineTo(...at(k))));
      g.stroke();
      for (const k of new Set(chosen)) ring(g, ...at(k), 4, "rgba(255,255,255,0.85)", 1.25);
    },
    [entries, shade, chosen, bounds],
  );
  const index = (t: number) => chosen[Math.min(chosen.length - 1, Math.floor(t * frameRate))] ?? -1;
  return (
    <>
      <PlotCanvas draw={draw} label="codebook map" />
      <PositionRing points={entries} bounds={bounds} index={index} />
    </>
  );
}
