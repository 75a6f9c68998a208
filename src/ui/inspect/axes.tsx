/**
 * The time axis under time plots and the colour legend under images, as small DOM rows: labels
 * stay crisp at any size and the plots' canvases keep only their data.
 */
import { useMemo } from "react";
import { css, type Rgb } from "./colormap";
import { timeTicks, type Tick } from "./scales";

/** Tick marks with labels; a label slides from left- to right-aligned along the row. */
function TickRow({ ticks }: { ticks: readonly Tick[] }) {
  return (
    <div className="lp-ticks">
      {ticks.map((t) => (
        <span key={t.value} style={{ left: `${100 * t.at}%` }}>
          <i />
          <b style={{ transform: `translateX(${-100 * t.at}%)` }}>{t.text}</b>
        </span>
      ))}
    </div>
  );
}

/** Seconds along a plot spanning `seconds`. */
export function TimeAxis({ seconds }: { seconds: number }) {
  const ticks = useMemo(() => timeTicks(seconds), [seconds]);
  return (
    <div className="lp-axis" aria-label="time axis">
      <TickRow ticks={ticks} />
    </div>
  );
}

/** A colour bar, `colour(u)` for u from 0 (left) to 1 (right), its ticks and its unit. */
export function ColourLegend(props: {
  colour: (u: number) => Rgb;
  ticks: readonly Tick[];
  unit: string;
}) {
  const stops = Array.from({ length: 9 }, (_, i) => `${css(props.colour(i / 8))} ${12.5 * i}%`);
  return (
    <div className="lp-legend" aria-label={`colour scale: ${props.unit}`}>
      <span className="lp-legend-unit">{props.unit}</span>
      <div>
        <div
          className="lp-legend-bar"
          style={{ background: `linear-gradient(to right, ${stops.join(", ")})` }}
        />
        <TickRow ticks={props.ticks} />
      </div>
    </div>
  );
}
