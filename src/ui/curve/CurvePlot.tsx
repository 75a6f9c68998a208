/**
 * The drawing of a Curve's envelope: the beat grid at the patch tempo (bars labelled as the
 * transport shows them), value and second axes, the line held before the first point and after
 * the last, and the points. Pure drawing: the editor handles the pointer.
 */
import {
  PLOT_MARGIN as MARGIN,
  beatTicks,
  secondTicks,
  toPixels,
  valueTicks,
  type CurveFrame,
  type PlotSize,
  type Points,
} from "./curveEdit";

/** The envelope as an SVG polyline's points, held flat to both edges of the plot. */
export function envelopePath(points: Points, frame: CurveFrame, size: PlotSize): string {
  const px = points.map((p) => toPixels(frame, size, p));
  const first = px[0];
  const last = px[px.length - 1];
  if (!first || !last) return "";
  const all = [[0, first[1]], ...px, [size.width, last[1]]];
  return all.map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`).join(" ");
}

export interface CurvePlotProps {
  readonly points: Points;
  readonly frame: CurveFrame;
  readonly size: PlotSize;
  readonly beatSeconds: number;
  readonly beatsPerBar: number;
  readonly stepBeats: number;
  readonly selected: number | undefined;
}

export function CurvePlot({
  points,
  frame,
  size,
  beatSeconds,
  beatsPerBar,
  stepBeats,
  selected,
}: CurvePlotProps) {
  const x = (t: number) => toPixels(frame, size, [t, 0])[0];
  const y = (v: number) => toPixels(frame, size, [0, v])[1];
  const beats = beatTicks(frame, beatSeconds, beatsPerBar, stepBeats);
  // Every grid line is labelled where the labels fit, else only the bars.
  const roomy = x(stepBeats * beatSeconds) - x(0) >= 36;
  return (
    <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
      <rect className="lp-curve-plot" width={size.width} height={size.height} />
      {beats.map((b) => (
        <g key={`b${b.at}`}>
          <line
            className={b.bar ? "lp-curve-bar" : "lp-curve-beat"}
            x1={x(b.at)}
            x2={x(b.at)}
            y1={0}
            y2={size.height}
          />
          {(b.bar || roomy) && (
            <text className="lp-curve-label" x={x(b.at)} y={-6} textAnchor="middle">
              {b.label}
            </text>
          )}
        </g>
      ))}
      {valueTicks(frame).map((t) => (
        <g key={`v${t.at}`}>
          <line
            className={t.label === "0" ? "lp-curve-zero" : "lp-curve-beat"}
            x1={0}
            x2={size.width}
            y1={y(t.at)}
            y2={y(t.at)}
          />
          <text className="lp-curve-label" x={-6} y={y(t.at) + 4} textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      {secondTicks(frame).map((t) => (
        <text
          key={`s${t.at}`}
          className="lp-curve-label"
          x={x(t.at)}
          y={size.height + 15}
          textAnchor="middle"
        >
          {t.label}
        </text>
      ))}
      <polyline className="lp-curve-line" points={envelopePath(points, frame, size)} />
      {points.map((p, i) => {
        const [cx, cy] = toPixels(frame, size, p);
        return (
          <circle
            key={i}
            className={i === selected ? "lp-curve-point selected" : "lp-curve-point"}
            data-point={i}
            cx={cx}
            cy={cy}
            r={i === selected ? 6 : 5}
          />
        );
      })}
    </g>
  );
}
