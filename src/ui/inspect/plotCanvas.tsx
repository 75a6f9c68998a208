/**
 * Small canvas plots for the inspectors, drawn by hand (a few hundred points each, no axes
 * library needed): images, waveform, curve, vector bars, and the playhead over time plots.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";
import type { RasterImage } from "./images";
import { TimeAxis } from "./axes";

/** Seconds into the sound now playing, or undefined when stopped. */
export type PlayPosition = () => number | undefined;
export const PlayheadContext = createContext<PlayPosition>(() => undefined);

export type Draw = (g: CanvasRenderingContext2D, width: number, height: number) => void;

/** A canvas filling its box, redrawn in CSS pixels whenever `draw` changes. */
export function PlotCanvas({ draw, label }: { draw: Draw; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const g = canvas?.getContext("2d");
    if (!canvas || !g) return;
    const [w, h] = [canvas.clientWidth, canvas.clientHeight];
    canvas.width = Math.max(1, Math.round(w * devicePixelRatio));
    canvas.height = Math.max(1, Math.round(h * devicePixelRatio));
    g.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    g.clearRect(0, 0, w, h);
    draw(g, w, h);
  }, [draw]);
  return <canvas ref={ref} className="lp-plot-canvas" aria-label={label} />;
}

/** Calls `frame` on every animation frame while mounted. */
export function useAnimation(frame: () => void): void {
  const latest = useRef(frame);
  latest.current = frame;
  useEffect(() => {
    let id = requestAnimationFrame(function tick() {
      latest.current();
      id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, []);
}

/** A vertical line at the play position over a plot spanning `seconds`. */
export function Playhead({ seconds }: { seconds: number }) {
  const position = useContext(PlayheadContext);
  const ref = useRef<HTMLDivElement>(null);
  useAnimation(() => {
    const t = position();
    const line = ref.current;
    if (!line) return;
    line.style.display = t === undefined || seconds <= 0 ? "none" : "block";
    if (t !== undefined) line.style.left = `${Math.min(100, (100 * t) / seconds)}%`;
  });
  return <div ref={ref} className="lp-playhead" />;
}

/** A titled plot with a caption; `seconds` adds a playhead and a time axis, `legend` goes under. */
export function Plot(props: {
  title: string;
  caption: string;
  seconds?: number;
  tall?: boolean;
  legend?: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="lp-plot">
      <figcaption>
        <b>{props.title}</b> <span>{props.caption}</span>
      </figcaption>
      <div className={props.tall ? "lp-plot-area tall" : "lp-plot-area"}>
        {props.children}
        {props.seconds !== undefined && <Playhead seconds={props.seconds} />}
      </div>
      {props.seconds !== undefined && props.seconds > 0 && <TimeAxis seconds={props.seconds} />}
      {props.legend}
    </figure>
  );
}

export const AXIS = "#8590a6";
export const GRID = "#2a3140";

export function label(g: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  g.font = "10px system-ui, sans-serif";
  g.fillStyle = "rgba(18,21,27,0.7)";
  const w = g.measureText(text).width;
  g.fillRect(x - 2, y - 9, w + 4, 12);
  g.fillStyle = AXIS;
  g.fillText(text, x, y);
}

/** Draws an image stretched over the plot; `smooth` interpolates (spectrograms), else blocks. */
export function drawImage(
  g: CanvasRenderingContext2D,
  image: RasterImage,
  w: number,
  h: number,
  smooth: boolean,
): void {
  const off = document.createElement("canvas");
  off.width = image.width;
  off.height = image.height;
  const data = new ImageData(
    image.data as Uint8ClampedArray<ArrayBuffer>,
    image.width,
    image.height,
  );
  off.getContext("2d")?.putImageData(data, 0, 0);
  g.imageSmoothingEnabled = smooth;
  g.drawImage(off, 0, 0, w, h);
}

/** Peak per pixel column, mirrored around the middle line. */
export function drawWave(g: CanvasRenderingContext2D, x: Float32Array, w: number, h: number) {
  const mid = h / 2;
  g.fillStyle = GRID;
  g.fillRect(0, mid, w, 1);
  g.fillStyle = "#5ad19a";
  const step = x.length / w;
  for (let px = 0; px < w; px++) {
    let [lo, hi] = [0, 0];
    const end = Math.min(x.length, Math.floor((px + 1) * step));
    for (let i = Math.floor(px * step); i < end; i++) {
      const v = x[i] ?? 0;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const top = mid - hi * (mid - 2);
    g.fillRect(px, top, 1, Math.max(1, (hi - lo) * (mid - 2)));
  }
}

/** A line through `values` with its min and max labelled. */
export function drawCurve(g: CanvasRenderingContext2D, values: Float32Array, w: number, h: number) {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!Number.isFinite(lo)) return;
  if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
  const y = (v: number) => 6 + (1 - (v - lo) / (hi - lo)) * (h - 12);
  g.strokeStyle = GRID;
  for (const v of [lo, hi]) g.strokeRect(0, Math.round(y(v)) + 0.5, w, 0);
  g.strokeStyle = "#5ac8e8";
  g.lineWidth = 1.5;
  g.beginPath();
  values.forEach((v, i) => {
    const px = values.length > 1 ? (i / (values.length - 1)) * w : w / 2;
    if (i === 0) g.moveTo(px, y(v));
    else g.lineTo(px, y(v));
  });
  g.stroke();
  label(g, fmt(hi), 4, 14);
  label(g, fmt(lo), 4, h - 4);
}

/** One bar per number, up from or down to 0. */
export function drawBars(g: CanvasRenderingContext2D, values: Float32Array, w: number, h: number) {
  const limit = Math.max(1e-9, ...Array.from(values, Math.abs));
  const mid = h / 2;
  const bw = w / Math.max(1, values.length);
  g.fillStyle = GRID;
  g.fillRect(0, mid, w, 1);
  values.forEach((v, i) => {
    g.fillStyle = v >= 0 ? "#ff9f5a" : "#78beff";
    const len = (v / limit) * (mid - 4);
    g.fillRect(i * bw + 0.5, Math.min(mid, mid - len), Math.max(1, bw - 1), Math.abs(len));
  });
  label(g, `±${fmt(limit)}`, 4, 14);
}

/** A number in 3 significant digits ("1.23k" above 10 000). */
export function fmt(v: number): string {
  if (Math.abs(v) >= 10_000) return `${(v / 1000).toPrecision(3)}k`;
  return Number(v.toPrecision(3)).toString();
}
